import type { EventDataValue } from '../types.js';

/** Characters JSON.stringify escapes: quote, backslash, controls, and (lone) surrogates. */
const JSON_SPECIAL = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * JSON.stringify of a string, byte for byte. Most event values need no escaping, and quoting
 * them by hand costs about half of a JSON.stringify call.
 */
export function jsonString(text: string): string {
  return JSON_SPECIAL.test(text) ? JSON.stringify(text) : '"' + text + '"';
}

/** JSON.stringify of an event data value. */
export function jsonValue(value: EventDataValue): string {
  if (typeof value === 'string') return jsonString(value);
  let json = '[';
  for (let i = 0; i < value.length; i++) json += (i === 0 ? '' : ',') + jsonString(value[i]);
  return json + ']';
}
