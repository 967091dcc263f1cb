/**
 * Parts of event timestamps for the time modifiers. The spec does no time-zone conversion, so
 * the parts are read from the text as written: `2024-03-05 14:07:09.123` (Sysmon UtcTime) or
 * ISO 8601 `2024-03-05T14:07:09.1234567Z`.
 */
import type { TimestampUnit } from '../model/values.js';

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?/;

/** The part of the timestamp, or undefined when the text is no timestamp (or lacks the time). */
export function timestampPart(text: string, unit: TimestampUnit): number | undefined {
  const match = TIMESTAMP.exec(text);
  if (match === null) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  switch (unit) {
    case 'year':
      return year;
    case 'month':
      return month;
    case 'day':
      return day;
    case 'week':
      return isoWeek(year, month, day);
    case 'hour':
      return match[4] === undefined ? undefined : Number(match[4]);
    case 'minute':
      return match[5] === undefined ? undefined : Number(match[5]);
  }
}

/** ISO 8601 week number: weeks start on Monday; week 1 holds the year's first Thursday. */
function isoWeek(year: number, month: number, day: number): number {
  const date = new Date(Date.UTC(year, month - 1, day));
  const weekday = date.getUTCDay() === 0 ? 7 : date.getUTCDay();
  date.setUTCDate(date.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(date.getUTCFullYear(), 0, 1);
  return Math.ceil(((date.getTime() - yearStart) / 86_400_000 + 1) / 7);
}
