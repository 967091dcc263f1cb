/** Timestamps rendered as Windows' XML view does: ISO-8601 UTC with 7 fraction digits. */

const TICKS_PER_SECOND = 1e7;
/** 2^32 mod 1e7, to split a 64-bit tick count exactly without BigInt. */
const TWO_POW_32_MOD_TICKS = 4294967296 % TICKS_PER_SECOND;
/** Seconds from 1601-01-01 (FILETIME epoch) to 1970-01-01. */
const EPOCH_DIFF_SECONDS = 11644473600;

function pad2(n: number): string {
  return n < 10 ? '0' + n : '' + n;
}

function pad4(n: number): string {
  return n >= 1000 ? '' + n : ('000' + n).slice(-4);
}

/** Date part of a civil day count since 1970-01-01 (Howard Hinnant's civil_from_days). */
function civilDate(days: number): string {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return pad4(year) + '-' + pad2(month) + '-' + pad2(day);
}

/**
 * Formats FILETIMEs (100 ns ticks since 1601, as low and high u32) as `2021-04-20T10:04:03.1234567Z`.
 * Events come in bursts and consecutive records mostly fall on the same day, so it keeps the text
 * of the last second and of the last day: two entries, whatever the input.
 */
export class FileTimeFormatter {
  private lastDays = NaN;
  private lastDate = '';
  private lastSecond = NaN;
  private lastSecondText = '';

  format(low: number, high: number): string {
    // total = high * 2^32 + low exceeds 2^53: split it so the division by 1e7 stays exact.
    const highRemainder = ((high % TICKS_PER_SECOND) * TWO_POW_32_MOD_TICKS) % TICKS_PER_SECOND;
    const rest = highRemainder + low;
    const ticks = rest % TICKS_PER_SECOND;
    const seconds =
      Math.round((high * 4294967296 - highRemainder) / TICKS_PER_SECOND) + Math.floor(rest / TICKS_PER_SECOND) - EPOCH_DIFF_SECONDS;
    return this.secondText(seconds) + ('000000' + ticks).slice(-7) + 'Z';
  }

  /** `2021-04-20T10:04:03.` for seconds since 1970. */
  private secondText(seconds: number): string {
    if (seconds !== this.lastSecond) {
      const days = Math.floor(seconds / 86400);
      const secondOfDay = seconds - days * 86400;
      const hour = Math.floor(secondOfDay / 3600);
      const minute = Math.floor((secondOfDay % 3600) / 60);
      this.lastSecondText = this.dateText(days) + 'T' + pad2(hour) + ':' + pad2(minute) + ':' + pad2(secondOfDay % 60) + '.';
      this.lastSecond = seconds;
    }
    return this.lastSecondText;
  }

  private dateText(days: number): string {
    if (days !== this.lastDays) {
      this.lastDate = civilDate(days);
      this.lastDays = days;
    }
    return this.lastDate;
  }
}

/** SYSTEMTIME (8 x u16: year, month, day of week, day, hour, minute, second, ms) at `offset`. */
export function formatSystemTime(buf: Buffer, offset: number): string {
  const ms = buf.readUInt16LE(offset + 14);
  return (
    pad4(buf.readUInt16LE(offset)) +
    '-' +
    pad2(buf.readUInt16LE(offset + 2)) +
    '-' +
    pad2(buf.readUInt16LE(offset + 6)) +
    'T' +
    pad2(buf.readUInt16LE(offset + 8)) +
    ':' +
    pad2(buf.readUInt16LE(offset + 10)) +
    ':' +
    pad2(buf.readUInt16LE(offset + 12)) +
    '.' +
    ('00' + ms).slice(-3) +
    '0000Z'
  );
}
