import type { EvtxInteger } from '../types.js';
import { formatSystemTime, type FileTimeFormatter } from './time.js';
import * as VT from './valueTypes.js';

/** Rendering of substitution values as Windows' XML view shows them. */

const HEX_UPPER: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).toUpperCase().padStart(2, '0'));
/**
 * Windows-1252 code points of bytes 0x80-0x9F (the rest equals Latin-1). Written out because
 * Node 20's TextDecoder('windows-1252') decodes as Latin-1. Undefined bytes map to themselves.
 */
const CP1252_HIGH: readonly number[] = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f, 0x90, 0x2018, 0x2019,
  0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

/** Byte widths of fixed-size types (0: variable), for bounds checks and array splitting. */
const FIXED_WIDTH: Readonly<Uint8Array> = fixedWidths();

function fixedWidths(): Uint8Array {
  const widths = new Uint8Array(128);
  for (const [type, width] of [
    [VT.VT_INT8, 1],
    [VT.VT_UINT8, 1],
    [VT.VT_INT16, 2],
    [VT.VT_UINT16, 2],
    [VT.VT_INT32, 4],
    [VT.VT_UINT32, 4],
    [VT.VT_INT64, 8],
    [VT.VT_UINT64, 8],
    [VT.VT_FLOAT, 4],
    [VT.VT_DOUBLE, 8],
    [VT.VT_BOOL, 4],
    [VT.VT_GUID, 16],
    [VT.VT_FILETIME, 8],
    [VT.VT_SYSTEMTIME, 16],
    [VT.VT_HEX_INT32, 4],
    [VT.VT_HEX_INT64, 8],
  ] as const) {
    widths[type] = width;
  }
  return widths;
}

export function isArrayType(type: number): boolean {
  return (type & VT.VT_ARRAY_FLAG) !== 0;
}

/** UTF-16LE text without trailing NULs. */
function utf16Text(buf: Buffer, offset: number, size: number): string {
  let end = offset + (size & ~1);
  while (end > offset && buf[end - 1] === 0 && buf[end - 2] === 0) end -= 2;
  return buf.toString('utf16le', offset, end);
}

const CP1252_SPECIFIC = /[\u0080-\u009f]/g;

function cp1252Char(latin1: string): string {
  return String.fromCharCode(CP1252_HIGH[latin1.charCodeAt(0) - 0x80]);
}

/** Decoded natively, not char by char: a value holds up to 64 KiB. */
function ansiText(buf: Buffer, offset: number, size: number, trimNuls = true): string {
  let end = offset + size;
  while (trimNuls && end > offset && buf[end - 1] === 0) end--;
  return buf.toString('latin1', offset, end).replace(CP1252_SPECIFIC, cp1252Char);
}

function hexUpper(buf: Buffer, offset: number, size: number): string {
  return buf.toString('hex', offset, offset + size).toUpperCase();
}

export function formatGuid(buf: Buffer, offset: number): string {
  const b = (i: number): string => HEX_UPPER[buf[offset + i]];
  return (
    '{' +
    b(3) +
    b(2) +
    b(1) +
    b(0) +
    '-' +
    b(5) +
    b(4) +
    '-' +
    b(7) +
    b(6) +
    '-' +
    b(8) +
    b(9) +
    '-' +
    b(10) +
    b(11) +
    b(12) +
    b(13) +
    b(14) +
    b(15) +
    '}'
  );
}

/** Size of the SID at `offset` (8 + 4 x sub-authority count), or 0 when it does not fit in `size`. */
function sidSize(buf: Buffer, offset: number, size: number): number {
  if (size < 8) return 0;
  const total = 8 + buf[offset + 1] * 4;
  return total <= size ? total : 0;
}

function formatSid(buf: Buffer, offset: number): string {
  const count = buf[offset + 1];
  const authorityHigh = buf.readUInt16BE(offset + 2);
  const authorityLow = buf.readUInt32BE(offset + 4);
  // ConvertSidToStringSid writes authorities >= 2^32 in hex.
  let s = 'S-' + buf[offset] + '-' + (authorityHigh === 0 ? String(authorityLow) : '0x' + hexUpper(buf, offset + 2, 6));
  for (let i = 0; i < count; i++) s += '-' + buf.readUInt32LE(offset + 8 + i * 4);
  return s;
}

/** A u64 as a number while that is exact (the high half below 2^21), as a bigint beyond. */
export function uint64Value(buf: Buffer, offset: number): EvtxInteger {
  const high = buf.readUInt32LE(offset + 4);
  return high < 0x200000 ? high * 4294967296 + buf.readUInt32LE(offset) : buf.readBigUInt64LE(offset);
}

/** An i64 as a number while it is a safe integer, as a bigint beyond. */
function int64Value(buf: Buffer, offset: number): EvtxInteger {
  // Beyond the safe range the sum may round, but never back into it.
  const n = buf.readInt32LE(offset + 4) * 4294967296 + buf.readUInt32LE(offset);
  return Number.isSafeInteger(n) ? n : buf.readBigInt64LE(offset);
}

function hex64(buf: Buffer, offset: number): string {
  const high = buf.readUInt32LE(offset + 4);
  const low = buf.readUInt32LE(offset).toString(16);
  return high === 0 ? '0x' + low : '0x' + high.toString(16) + low.padStart(8, '0');
}

function formatFloat(value: number): string {
  return String(Number(value.toPrecision(7)));
}

/** One value of a non-array type. A value too short for its type renders as hex bytes. */
export function renderValue(buf: Buffer, type: number, offset: number, size: number, fileTimes: FileTimeFormatter): string {
  if (size < FIXED_WIDTH[type & 0x7f]) return hexUpper(buf, offset, size);
  switch (type) {
    case VT.VT_NULL:
      return '';
    case VT.VT_STRING:
    case VT.VT_EVT_XML:
      return utf16Text(buf, offset, size);
    case VT.VT_ANSI_STRING:
      return ansiText(buf, offset, size);
    case VT.VT_INT8:
      return String(buf.readInt8(offset));
    case VT.VT_UINT8:
      return String(buf[offset]);
    case VT.VT_INT16:
      return String(buf.readInt16LE(offset));
    case VT.VT_UINT16:
      return String(buf.readUInt16LE(offset));
    case VT.VT_INT32:
      return String(buf.readInt32LE(offset));
    case VT.VT_UINT32:
      return String(buf.readUInt32LE(offset));
    case VT.VT_INT64:
      return String(int64Value(buf, offset));
    case VT.VT_UINT64:
      return String(uint64Value(buf, offset));
    case VT.VT_FLOAT:
      return formatFloat(buf.readFloatLE(offset));
    case VT.VT_DOUBLE:
      return String(buf.readDoubleLE(offset));
    case VT.VT_BOOL:
      return buf.readUInt32LE(offset) !== 0 ? 'true' : 'false';
    case VT.VT_GUID:
      return formatGuid(buf, offset);
    case VT.VT_SIZE_T:
    case VT.VT_EVT_HANDLE:
      return size >= 8 ? hex64(buf, offset) : size >= 4 ? '0x' + buf.readUInt32LE(offset).toString(16) : hexUpper(buf, offset, size);
    case VT.VT_FILETIME:
      return fileTimes.format(buf.readUInt32LE(offset), buf.readUInt32LE(offset + 4));
    case VT.VT_SYSTEMTIME:
      return formatSystemTime(buf, offset);
    case VT.VT_SID:
      return sidSize(buf, offset, size) ? formatSid(buf, offset) : hexUpper(buf, offset, size);
    case VT.VT_HEX_INT32:
      return '0x' + buf.readUInt32LE(offset).toString(16);
    case VT.VT_HEX_INT64:
      return hex64(buf, offset);
    default:
      return hexUpper(buf, offset, size);
  }
}

/** NUL-terminated strings back to back; an empty last item is kept (it is a real value). */
function splitStrings(text: string): string[] {
  if (text === '') return [];
  const items = text.split('\u0000');
  if (items[items.length - 1] === '') items.pop();
  return items;
}

/** Items of an array value (type with the 0x80 flag). */
export function renderArrayItems(buf: Buffer, type: number, offset: number, size: number, fileTimes: FileTimeFormatter): string[] {
  const itemType = type & ~VT.VT_ARRAY_FLAG;
  if (itemType === VT.VT_STRING) return splitStrings(buf.toString('utf16le', offset, offset + (size & ~1)));
  if (itemType === VT.VT_ANSI_STRING) return splitStrings(ansiText(buf, offset, size, false));
  const items: string[] = [];
  if (itemType === VT.VT_SID) {
    for (let at = offset, itemSize; (itemSize = sidSize(buf, at, offset + size - at)) > 0; at += itemSize) {
      items.push(formatSid(buf, at));
    }
    return items;
  }
  const width = FIXED_WIDTH[itemType] || (itemType === VT.VT_SIZE_T || itemType === VT.VT_EVT_HANDLE ? 8 : 0);
  if (width === 0) return size === 0 ? [] : [renderValue(buf, itemType, offset, size, fileTimes)];
  for (let at = offset; at + width <= offset + size; at += width) items.push(renderValue(buf, itemType, at, width, fileTimes));
  return items;
}

/** Integer value of an integer-typed value, without going through text; undefined for other types. */
export function integerValue(buf: Buffer, type: number, offset: number, size: number): EvtxInteger | undefined {
  const width = FIXED_WIDTH[type & 0x7f];
  if (width === 0 || size < width) return undefined;
  switch (type) {
    case VT.VT_INT8:
      return buf.readInt8(offset);
    case VT.VT_UINT8:
      return buf[offset];
    case VT.VT_INT16:
      return buf.readInt16LE(offset);
    case VT.VT_UINT16:
      return buf.readUInt16LE(offset);
    case VT.VT_INT32:
      return buf.readInt32LE(offset);
    case VT.VT_UINT32:
    case VT.VT_HEX_INT32:
      return buf.readUInt32LE(offset);
    case VT.VT_INT64:
      return int64Value(buf, offset);
    case VT.VT_UINT64:
    case VT.VT_HEX_INT64:
      return uint64Value(buf, offset);
    default:
      return undefined;
  }
}
