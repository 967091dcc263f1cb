/**
 * The filter options' values (`--from`, `--to`, `--event-id`, `--exclude-event-id`, `--computer`,
 * `--exclude-status`, `--exclude-rule`, `--exclude-rules-file`), parsed into the plain data the hunt
 * takes. A value that cannot be parsed is a CliError naming the option and the value.
 */
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { EventFilterSpec } from '../hunt/eventFilter.js';
import type { RuleExclusions } from '../hunt/ruleSelection.js';
import { CliError, errorText } from './errors.js';

const UNIT_MS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const RELATIVE = /^(\d{1,6})([smhdw])$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const DAY_MS = UNIT_MS['d']!;

/**
 * A time bound in milliseconds since 1970: ISO 8601 (`2024-03-11`, `2024-03-11T10:00`,
 * `2024-03-11 10:00:00+02:00`; no zone means UTC, as hunt shows times), or relative to `nowMs`
 * (`30m`, `12h`, `7d`, `2w`: that long ago). A date alone as the end (`end`) means the end of that day.
 */
export function parseTimeBound(option: string, text: string, nowMs: number, end: boolean): number {
  const value = text.trim();
  const relative = RELATIVE.exec(value);
  if (relative !== null) return nowMs - Number(relative[1]) * UNIT_MS[relative[2]!]!;
  const iso = ISO.exec(value);
  if (iso !== null) {
    const [, year, month, day, hour, minute, second, fraction, zone] = iso;
    const date = Date.UTC(Number(year), Number(month) - 1, Number(day));
    const calendar = new Date(date);
    const valid =
      calendar.getUTCMonth() === Number(month) - 1 &&
      calendar.getUTCDate() === Number(day) &&
      Number(hour ?? 0) < 24 &&
      Number(minute ?? 0) < 60 &&
      Number(second ?? 0) < 60;
    if (valid) {
      if (hour === undefined) return zoned(date + (end ? DAY_MS - 1 : 0), zone);
      const ms =
        date + Number(hour) * 3_600_000 + Number(minute) * 60_000 + Number(second ?? 0) * 1000 + Math.floor(Number(fraction ?? 0) * 1000);
      return zoned(ms, zone);
    }
  }
  throw new CliError(
    `${option} ${JSON.stringify(text)}: not a time (ISO 8601 such as 2024-03-11 or 2024-03-11T10:00:00Z, or how long ago: 30m, 12h, 7d, 2w)`,
  );
}

/** `ms` read in the zone `zone` (`Z`, `+02:00`, `-0500`; none: UTC) as UTC. */
function zoned(ms: number, zone: string | undefined): number {
  if (zone === undefined || zone.toUpperCase() === 'Z') return ms;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return ms - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
}

/** Comma-separated values of a repeatable option, trimmed, empty ones dropped. */
export function listValues(values: readonly string[] | undefined): string[] {
  return (values ?? [])
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter((value) => value !== '');
}

/** Event ids: whole numbers 0-65535, comma-separated or repeated. */
export function parseEventIds(option: string, values: readonly string[] | undefined): number[] | undefined {
  const items = listValues(values);
  if (items.length === 0) return undefined;
  return items.map((item) => {
    if (!/^\d{1,5}$/.test(item) || Number(item) > 65535) {
      throw new CliError(`${option} ${JSON.stringify(item)}: not an event id (a whole number from 0 to 65535)`);
    }
    return Number(item);
  });
}

export interface EventFilterOptions {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly eventIds?: readonly string[] | undefined;
  readonly excludedEventIds?: readonly string[] | undefined;
  readonly computers?: readonly string[] | undefined;
}

/** The event filter the options ask for; undefined when they ask for none. */
export function eventFilterSpec(options: EventFilterOptions, nowMs: number): EventFilterSpec | undefined {
  const fromMs = options.from === undefined ? undefined : parseTimeBound('--from', options.from, nowMs, false);
  const toMs = options.to === undefined ? undefined : parseTimeBound('--to', options.to, nowMs, true);
  if (fromMs !== undefined && toMs !== undefined && fromMs > toMs) {
    throw new CliError(`--from ${options.from} is after --to ${options.to}: no event could be in between`);
  }
  const eventIds = parseEventIds('--event-id', options.eventIds);
  const excludedEventIds = parseEventIds('--exclude-event-id', options.excludedEventIds);
  const computers = listValues(options.computers);
  const spec: EventFilterSpec = {
    ...(fromMs === undefined ? {} : { fromMs }),
    ...(toMs === undefined ? {} : { toMs }),
    ...(eventIds === undefined ? {} : { eventIds }),
    ...(excludedEventIds === undefined ? {} : { excludedEventIds }),
    ...(computers.length === 0 ? {} : { computers }),
  };
  return Object.keys(spec).length === 0 ? undefined : spec;
}

/** An exclusion list is a short text file: a bigger one is not what the user meant to give. */
const EXCLUSION_LIST_MAX_BYTES = 4 * 1024 * 1024;

/** An exclusion entry: the absolute path when it names an existing file or folder (relative to `base`), else a rule id. */
function exclusionEntry(entry: string, base: string): string {
  const path = resolve(base, entry);
  try {
    statSync(path);
    return path;
  } catch {
    return entry;
  }
}

/** The entries of an exclusion list file: one rule id or path a line; `#` starts a comment. */
export function readExclusionList(file: string): string[] {
  let text: string;
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw Object.assign(new Error('not a regular file'), { code: stats.isDirectory() ? 'EISDIR' : undefined });
    if (stats.size > EXCLUSION_LIST_MAX_BYTES) throw new Error(`larger than ${EXCLUSION_LIST_MAX_BYTES / 1048576} MiB`);
    const buffer = Buffer.alloc(stats.size);
    let done = 0;
    while (done < buffer.length) {
      const read = readSync(fd, buffer, done, buffer.length - done, done);
      if (read === 0) break;
      done += read;
    }
    text = buffer.subarray(0, done).toString('utf8');
  } catch (error) {
    throw new CliError(`--exclude-rules-file ${file}: cannot read it: ${errorText(error)}`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  const base = dirname(resolve(file));
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/(^|\s)#.*$/, '').trim())
    .filter((line) => line !== '')
    .map((line) => exclusionEntry(line, base));
}

export interface RuleExclusionOptions {
  readonly statuses?: readonly string[] | undefined;
  readonly rules?: readonly string[] | undefined;
  readonly files?: readonly string[] | undefined;
}

/** The rules the options leave out; undefined when they leave none out. */
export function ruleExclusions(options: RuleExclusionOptions): RuleExclusions | undefined {
  const statuses = listValues(options.statuses).map((status) => status.toLowerCase());
  const rules = [
    ...listValues(options.rules).map((entry) => exclusionEntry(entry, process.cwd())),
    ...(options.files ?? []).flatMap(readExclusionList),
  ];
  if (statuses.length === 0 && rules.length === 0) return undefined;
  return { statuses, rules };
}
