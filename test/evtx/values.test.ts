import { test } from 'node:test';
import assert from 'node:assert/strict';
import { integerValue, renderArrayItems, renderValue } from '../../src/evtx/values/render.js';
import { FileTimeFormatter, formatSystemTime } from '../../src/evtx/values/time.js';
import * as VT from '../../src/evtx/values/valueTypes.js';

const fileTimes = new FileTimeFormatter();
const render = (type: number, bytes: number[] | Buffer): string => {
  const buf = Buffer.from(bytes);
  return renderValue(buf, type, 0, buf.length, fileTimes);
};
const le = (v: bigint, width: number): Buffer => {
  const b = Buffer.alloc(width);
  for (let i = 0; i < width; i++) b[i] = Number((v >> BigInt(8 * i)) & 0xffn);
  return b;
};
const filetimeOf = (iso: string, extraTicks = 0n): Buffer => le(BigInt(Date.parse(iso)) * 10000n + 116444736000000000n + extraTicks, 8);

test('null renders empty', () => assert.equal(render(VT.VT_NULL, []), ''));

test('UTF-16 strings drop trailing NULs; ANSI decodes as windows-1252', () => {
  assert.equal(render(VT.VT_STRING, Buffer.from('héllo\0\0', 'utf16le')), 'héllo');
  assert.equal(render(VT.VT_ANSI_STRING, [0x41, 0x80, 0xe9, 0x00]), 'A€é');
  assert.equal(render(VT.VT_EVT_XML, Buffer.from('<a/>', 'utf16le')), '<a/>');
});

test('signed and unsigned integers render in decimal', () => {
  assert.equal(render(VT.VT_INT8, [0xff]), '-1');
  assert.equal(render(VT.VT_UINT8, [0xff]), '255');
  assert.equal(render(VT.VT_INT16, [0x00, 0x80]), '-32768');
  assert.equal(render(VT.VT_UINT16, [0x00, 0x80]), '32768');
  assert.equal(render(VT.VT_INT32, le(0xfffffffen, 4)), '-2');
  assert.equal(render(VT.VT_UINT32, le(0xfffffffen, 4)), '4294967294');
  assert.equal(render(VT.VT_INT64, le(0xffffffffffffffffn, 8)), '-1');
  assert.equal(render(VT.VT_UINT64, le(0xffffffffffffffffn, 8)), '18446744073709551615');
  assert.equal(render(VT.VT_UINT64, le(1234567890123n, 8)), '1234567890123');
  assert.equal(render(VT.VT_INT64, le(-(2n ** 60n) & 0xffffffffffffffffn, 8)), String(-(2n ** 60n)));
});

test('floats render in decimal', () => {
  const f = Buffer.alloc(4);
  f.writeFloatLE(1.5);
  assert.equal(render(VT.VT_FLOAT, f), '1.5');
  const d = Buffer.alloc(8);
  d.writeDoubleLE(-0.25);
  assert.equal(render(VT.VT_DOUBLE, d), '-0.25');
});

test('bool: any non-zero is true', () => {
  assert.equal(render(VT.VT_BOOL, [0, 0, 0, 0]), 'false');
  assert.equal(render(VT.VT_BOOL, [1, 0, 0, 0]), 'true');
  assert.equal(render(VT.VT_BOOL, [0, 0, 2, 0]), 'true');
});

test('binary renders as upper-case hex', () => assert.equal(render(VT.VT_BINARY, [0x0a, 0xbc, 0xff]), '0ABCFF'));

test('GUID renders braced and upper-case, Data1-3 little-endian', () => {
  const bytes = [0x25, 0x96, 0x84, 0x54, 0x78, 0x54, 0x94, 0x49, 0xa5, 0xba, 0x3e, 0x3b, 0x03, 0x28, 0xc3, 0x0d];
  assert.equal(render(VT.VT_GUID, bytes), '{54849625-5478-4994-A5BA-3E3B0328C30D}');
});

test('size_t, HexInt32 and HexInt64 render as 0x + minimal lower-case hex', () => {
  assert.equal(render(VT.VT_SIZE_T, le(0x3e7n, 8)), '0x3e7');
  assert.equal(render(VT.VT_SIZE_T, le(0xabcn, 4)), '0xabc');
  assert.equal(render(VT.VT_HEX_INT32, le(0n, 4)), '0x0');
  assert.equal(render(VT.VT_HEX_INT32, le(0xdeadbeefn, 4)), '0xdeadbeef');
  assert.equal(render(VT.VT_HEX_INT64, le(0x8020000000000000n, 8)), '0x8020000000000000');
  assert.equal(render(VT.VT_HEX_INT64, le(0x100000001n, 8)), '0x100000001');
});

test('FILETIME renders ISO-8601 UTC with 7 fraction digits, exactly', () => {
  assert.equal(render(VT.VT_FILETIME, filetimeOf('2021-04-20T10:04:03.123Z', 4567n)), '2021-04-20T10:04:03.1234567Z');
  assert.equal(render(VT.VT_FILETIME, le(0n, 8)), '1601-01-01T00:00:00.0000000Z');
  assert.equal(fileTimes.format(0xffffffff, 0x7fffffff), '30828-09-14T02:48:05.4775807Z');
  assert.equal(render(VT.VT_FILETIME, filetimeOf('2000-02-29T23:59:59.999Z', 9999n)), '2000-02-29T23:59:59.9999999Z');
});

test('a FILETIME formatter keeps no stale second or day between calls', () => {
  const formatter = new FileTimeFormatter();
  const format = (iso: string, extraTicks = 0n): string => {
    const buf = filetimeOf(iso, extraTicks);
    return formatter.format(buf.readUInt32LE(0), buf.readUInt32LE(4));
  };
  assert.equal(format('2021-04-20T10:04:03.000Z', 1n), '2021-04-20T10:04:03.0000001Z');
  assert.equal(format('2021-04-20T10:04:03.500Z'), '2021-04-20T10:04:03.5000000Z');
  assert.equal(format('2021-04-21T10:04:03.000Z'), '2021-04-21T10:04:03.0000000Z');
  assert.equal(format('2021-04-21T10:04:04.000Z'), '2021-04-21T10:04:04.0000000Z');
  assert.equal(format('2021-04-20T10:04:03.000Z'), '2021-04-20T10:04:03.0000000Z');
});

test('SYSTEMTIME renders ISO-8601 UTC with 7 fraction digits', () => {
  const st = Buffer.alloc(16);
  [2019, 3, 4, 7, 16, 7, 34, 123].forEach((v, i) => st.writeUInt16LE(v, i * 2));
  assert.equal(render(VT.VT_SYSTEMTIME, st), '2019-03-07T16:07:34.1230000Z');
  assert.equal(formatSystemTime(st, 0), '2019-03-07T16:07:34.1230000Z');
});

test('SID renders as S-R-A-S...', () => {
  const sid = Buffer.from([1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0]);
  assert.equal(render(VT.VT_SID, sid), 'S-1-5-18');
  const domain = Buffer.concat([Buffer.from([1, 5, 0, 0, 0, 0, 0, 5]), le(21n, 4), le(1n, 4), le(2n, 4), le(3n, 4), le(500n, 4)]);
  assert.equal(render(VT.VT_SID, domain), 'S-1-5-21-1-2-3-500');
  assert.equal(render(VT.VT_SID, [1, 3, 0, 0, 0, 0, 0, 5, 18, 0]), '01030000000000051200', 'a SID that does not fit renders as hex');
});

test('values too short for their type render as hex instead of reading past them', () => {
  assert.equal(render(VT.VT_UINT32, [0x01, 0x02]), '0102');
  assert.equal(render(VT.VT_GUID, [0xaa]), 'AA');
});

test('arrays split into items', () => {
  const strings = Buffer.from('one\0two\0', 'utf16le');
  assert.deepEqual(renderArrayItems(strings, VT.VT_ARRAY_FLAG | VT.VT_STRING, 0, strings.length, fileTimes), ['one', 'two']);
  const lastEmpty = Buffer.from('one\0\0', 'utf16le');
  assert.deepEqual(
    renderArrayItems(lastEmpty, VT.VT_ARRAY_FLAG | VT.VT_STRING, 0, lastEmpty.length, fileTimes),
    ['one', ''],
    'each item is NUL-terminated',
  );
  const ints = Buffer.concat([le(1n, 2), le(65535n, 2)]);
  assert.deepEqual(renderArrayItems(ints, VT.VT_ARRAY_FLAG | VT.VT_UINT16, 0, 4, fileTimes), ['1', '65535']);
  const hex = Buffer.concat([le(0x10n, 8), le(0x20n, 8)]);
  assert.deepEqual(renderArrayItems(hex, VT.VT_ARRAY_FLAG | VT.VT_HEX_INT64, 0, 16, fileTimes), ['0x10', '0x20']);
  const sids = Buffer.from([1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 5, 19, 0, 0, 0]);
  assert.deepEqual(renderArrayItems(sids, VT.VT_ARRAY_FLAG | VT.VT_SID, 0, sids.length, fileTimes), ['S-1-5-18', 'S-1-5-19']);
  assert.deepEqual(renderArrayItems(Buffer.alloc(0), VT.VT_ARRAY_FLAG | VT.VT_STRING, 0, 0, fileTimes), []);
});

test('integerValue reads integers without text and refuses other types', () => {
  assert.equal(integerValue(le(4624n, 2), VT.VT_UINT16, 0, 2), 4624);
  assert.equal(integerValue(le(0xffffffffn, 4), VT.VT_INT32, 0, 4), -1);
  assert.equal(integerValue(Buffer.from('12', 'utf16le'), VT.VT_STRING, 0, 4), undefined);
  assert.equal(integerValue(le(1n, 2), VT.VT_UINT32, 0, 2), undefined);
});
