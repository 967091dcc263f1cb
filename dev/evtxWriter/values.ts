import * as VT from '../../src/evtx/values/valueTypes.js';
import { EvtxWriteError } from './errors.js';

type IntegerType = 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'int64' | 'uint64';
type HexType = 'hexint32' | 'hexint64' | 'sizet';

/** A substitution value together with the BinXML value type it is stored as. */
export type WriterValue =
  | { type: 'string'; value: string }
  /** Stored as Windows-1252 bytes; only Latin-1 characters are accepted. */
  | { type: 'ansistring'; value: string }
  | { type: IntegerType; value: number | bigint }
  /** HexInt32, HexInt64 and 8-byte size_t, all rendered as `0x...`. */
  | { type: HexType; value: number | bigint }
  | { type: 'float' | 'double'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'binary'; value: Buffer }
  /** `{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}`, braces optional. */
  | { type: 'guid'; value: string }
  /** `S-1-5-21-...` */
  | { type: 'sid'; value: string }
  | { type: 'filetime' | 'systemtime'; value: Date }
  /** Array of UTF-16 strings (type 0x81), stored NUL-separated. */
  | { type: 'stringArray'; value: readonly string[] };

export type WriterValueType = WriterValue['type'];

/** The BinXML value type each writer value is stored as. */
export const VALUE_TYPE_CODE: Readonly<Record<WriterValueType, number>> = {
  string: VT.VT_STRING,
  ansistring: VT.VT_ANSI_STRING,
  int8: VT.VT_INT8,
  uint8: VT.VT_UINT8,
  int16: VT.VT_INT16,
  uint16: VT.VT_UINT16,
  int32: VT.VT_INT32,
  uint32: VT.VT_UINT32,
  int64: VT.VT_INT64,
  uint64: VT.VT_UINT64,
  float: VT.VT_FLOAT,
  double: VT.VT_DOUBLE,
  bool: VT.VT_BOOL,
  binary: VT.VT_BINARY,
  guid: VT.VT_GUID,
  sizet: VT.VT_SIZE_T,
  filetime: VT.VT_FILETIME,
  systemtime: VT.VT_SYSTEMTIME,
  sid: VT.VT_SID,
  hexint32: VT.VT_HEX_INT32,
  hexint64: VT.VT_HEX_INT64,
  stringArray: VT.VT_ARRAY_FLAG | VT.VT_STRING,
};

/** 1601-01-01 (FILETIME epoch) to 1970-01-01 in 100 ns ticks; the reader's values/time.ts has it in seconds. */
const FILETIME_UNIX_EPOCH = 116444736000000000n;

const INTEGER_LAYOUT: Readonly<Record<IntegerType | HexType, { bytes: 1 | 2 | 4 | 8; signed: boolean }>> = {
  int8: { bytes: 1, signed: true },
  uint8: { bytes: 1, signed: false },
  int16: { bytes: 2, signed: true },
  uint16: { bytes: 2, signed: false },
  int32: { bytes: 4, signed: true },
  uint32: { bytes: 4, signed: false },
  int64: { bytes: 8, signed: true },
  uint64: { bytes: 8, signed: false },
  hexint32: { bytes: 4, signed: false },
  hexint64: { bytes: 8, signed: false },
  sizet: { bytes: 8, signed: false },
};

export function dateToFiletime(date: Date): bigint {
  const millis = date.getTime();
  if (Number.isNaN(millis)) throw new RangeError('invalid Date');
  const ticks = BigInt(millis) * 10000n + FILETIME_UNIX_EPOCH;
  if (ticks < 0n) throw new RangeError(`date before 1601: ${date.toISOString()}`);
  return ticks;
}

/** Encodes a value as it is stored in a template instance's value area. */
export function encodeValue(value: WriterValue, where: string): Buffer {
  switch (value.type) {
    case 'string':
      return Buffer.from(value.value, 'utf16le');
    case 'ansistring':
      return encodeLatin1(value.value, where);
    case 'int8':
    case 'uint8':
    case 'int16':
    case 'uint16':
    case 'int32':
    case 'uint32':
    case 'int64':
    case 'uint64':
    case 'hexint32':
    case 'hexint64':
    case 'sizet':
      return encodeInteger(value.type, value.value, where);
    case 'float': {
      const out = Buffer.alloc(4);
      out.writeFloatLE(value.value);
      return out;
    }
    case 'double': {
      const out = Buffer.alloc(8);
      out.writeDoubleLE(value.value);
      return out;
    }
    case 'bool': {
      const out = Buffer.alloc(4);
      out.writeUInt32LE(value.value ? 1 : 0);
      return out;
    }
    case 'binary':
      return Buffer.from(value.value);
    case 'guid':
      return encodeGuid(value.value, where);
    case 'sid':
      return encodeSid(value.value, where);
    case 'filetime':
      return encodeFiletime(value.value, where);
    case 'systemtime':
      return encodeSystemtime(value.value, where);
    case 'stringArray':
      return Buffer.from(value.value.map((item) => `${item}\0`).join(''), 'utf16le');
  }
}

function encodeLatin1(text: string, where: string): Buffer {
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 0xff) throw new EvtxWriteError(where, `ansistring has a non-Latin-1 character at ${i}`);
  }
  return Buffer.from(text, 'latin1');
}

function encodeInteger(type: IntegerType | HexType, raw: number | bigint, where: string): Buffer {
  if (typeof raw === 'number' && !Number.isSafeInteger(raw)) {
    throw new EvtxWriteError(where, `${type} value ${raw} is not a safe integer (use a bigint)`);
  }
  const { bytes, signed } = INTEGER_LAYOUT[type];
  const value = BigInt(raw);
  const bits = BigInt(bytes * 8);
  const min = signed ? -(1n << (bits - 1n)) : 0n;
  const max = signed ? (1n << (bits - 1n)) - 1n : (1n << bits) - 1n;
  if (value < min || value > max) throw new EvtxWriteError(where, `${type} value ${value} out of range`);
  const out = Buffer.alloc(bytes);
  const unsigned = BigInt.asUintN(bytes * 8, value);
  for (let i = 0; i < bytes; i++) out[i] = Number((unsigned >> BigInt(i * 8)) & 0xffn);
  return out;
}

const GUID_PATTERN = /^\{?([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})\}?$/i;

/** Data1-3 little-endian, Data4 as written. */
function encodeGuid(text: string, where: string): Buffer {
  const match = GUID_PATTERN.exec(text);
  if (match === null) throw new EvtxWriteError(where, `not a GUID: ${JSON.stringify(text)}`);
  const [, data1, data2, data3, data4a, data4b] = match as unknown as [string, string, string, string, string, string];
  const out = Buffer.alloc(16);
  out.writeUInt32LE(Number.parseInt(data1, 16), 0);
  out.writeUInt16LE(Number.parseInt(data2, 16), 4);
  out.writeUInt16LE(Number.parseInt(data3, 16), 6);
  Buffer.from(data4a + data4b, 'hex').copy(out, 8);
  return out;
}

const SID_PATTERN = /^S-(\d+)-(\d+)((?:-\d+)*)$/i;

/** Revision, sub-authority count, 48-bit big-endian authority, u32 little-endian sub-authorities. */
function encodeSid(text: string, where: string): Buffer {
  const match = SID_PATTERN.exec(text);
  if (match === null) throw new EvtxWriteError(where, `not a SID: ${JSON.stringify(text)}`);
  const revision = Number(match[1]);
  const authority = BigInt(match[2] as string);
  const subAuthorities = (match[3] as string).split('-').slice(1).map(Number);
  if (revision > 0xff || authority >= 1n << 48n || subAuthorities.length > 15) {
    throw new EvtxWriteError(where, `SID out of range: ${text}`);
  }
  const out = Buffer.alloc(8 + 4 * subAuthorities.length);
  out.writeUInt8(revision, 0);
  out.writeUInt8(subAuthorities.length, 1);
  out.writeUIntBE(Number(authority), 2, 6);
  subAuthorities.forEach((subAuthority, i) => {
    if (subAuthority > 0xffffffff) throw new EvtxWriteError(where, `SID sub-authority out of range: ${text}`);
    out.writeUInt32LE(subAuthority, 8 + 4 * i);
  });
  return out;
}

function encodeFiletime(date: Date, where: string): Buffer {
  const out = Buffer.alloc(8);
  try {
    out.writeBigUInt64LE(dateToFiletime(date));
  } catch (error) {
    throw new EvtxWriteError(where, (error as Error).message);
  }
  return out;
}

/** Year, month, day of week, day, hour, minute, second, milliseconds (UTC). */
function encodeSystemtime(date: Date, where: string): Buffer {
  if (Number.isNaN(date.getTime())) throw new EvtxWriteError(where, 'invalid Date');
  if (date.getUTCFullYear() < 1601 || date.getUTCFullYear() > 30827) {
    throw new EvtxWriteError(where, `SYSTEMTIME year out of range: ${date.toISOString()}`);
  }
  const fields = [
    date.getUTCFullYear(),
    date.getUTCMonth() + 1,
    date.getUTCDay(),
    date.getUTCDate(),
    date.getUTCHours(),
    date.getUTCMinutes(),
    date.getUTCSeconds(),
    date.getUTCMilliseconds(),
  ];
  const out = Buffer.alloc(16);
  fields.forEach((field, i) => out.writeUInt16LE(field, 2 * i));
  return out;
}
