import type { EventDataValue, EvtxInteger } from '../evtx/index.js';

/** Values of exported events made to read as the EVTX reader renders them (src/evtx/values). */

/** An integer written out in decimal or 0x-hex, which Number() would round beyond 2^53. */
const INTEGER_TEXT = /^(?:[+-]?[0-9]+|0[xX][0-9a-fA-F]+)$/;

/** A System number as the EVTX reader gives it: a number, a bigint beyond 2^53, undefined for no text. */
export function parseInteger(text: string | undefined): EvtxInteger | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const n = Number(trimmed);
  if (!Number.isFinite(n)) return undefined;
  return Number.isSafeInteger(n) || !INTEGER_TEXT.test(trimmed) ? n : BigInt(trimmed);
}

/** ISO 8601 UTC with up to 9 fraction digits, 'T' or a space, 'Z', '+00:00' or nothing. */
const UTC_TIME = /^(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(?:Z|[+-]00:?00)?$/;

/**
 * A UTC timestamp as the EVTX reader renders a FILETIME: `2019-02-13T15:26:53.1234567Z`, 7 fraction
 * digits. Exports write 9 digits (Windows), 6 (python-evtx, evtx_dump) or drop trailing zeros
 * (Winlogbeat); digits beyond a FILETIME's 100 ns are cut. Other text is kept as it is.
 */
export function filetimeText(text: string): string {
  const match = UTC_TIME.exec(text);
  if (match === null) return text;
  const fraction = (match[3] ?? '').padEnd(7, '0').slice(0, 7);
  return `${match[1]}T${match[2]}.${fraction}Z`;
}

/** A record's EventData as the EVTX reader collects it: no prototype, a repeated name becomes a list. */
export function newEventData(): Record<string, EventDataValue> {
  return Object.create(null) as Record<string, EventDataValue>;
}

/** A 64-bit hex value zero-padded to 16 digits, as libevtx and python-evtx write them; Windows does not pad. */
const PADDED_HEX64 = /^0x0[0-9a-fA-F]{15}$/;

/**
 * A value of an XML export as the EVTX reader renders it: libevtx (evtxexport) and python-evtx pad
 * HexInt64 values (`0x0000000000079e59`) where Windows and the EVTX reader write `0x79e59`.
 */
export function xmlValueText(text: string): string {
  if (!PADDED_HEX64.test(text)) return text;
  const digits = text.slice(2).replace(/^0+/, '');
  return '0x' + (digits === '' ? '0' : digits.toLowerCase());
}
