import { RULE_LEVELS, ruleIdentity, type RuleLevel, type RuleMeta } from '../rules/types.js';
import type { Hit, HitSink } from './hit.js';

/** What one hunt run read and found; the closing summary of every output format. */
export interface HuntSummary {
  files: number;
  unreadableFiles: string[];
  bytes: number;
  records: number;
  /** Sysmon 1 and Security 4688 records. */
  processEvents: number;
  /** Records that at least one rule looked at. */
  eventsChecked: number;
  /** Records the event filter (--from, --to, --event-id, --computer) left out. */
  eventsFilteredOut: number;
  rulesLoaded: number;
  rulesSkipped: number;
  hits: number;
  /** Hits not reported because another reports the same event (a log collected twice, a carved copy of a live record). */
  duplicates: number;
  /** Keyed by ruleIdentity (`source:id`). */
  hitsByRule: Map<string, { rule: RuleMeta; count: number }>;
  problems: number;
  warnings: string[];
  seconds: number;
}

export function emptySummary(): HuntSummary {
  return {
    files: 0,
    unreadableFiles: [],
    bytes: 0,
    records: 0,
    processEvents: 0,
    eventsChecked: 0,
    eventsFilteredOut: 0,
    rulesLoaded: 0,
    rulesSkipped: 0,
    hits: 0,
    duplicates: 0,
    hitsByRule: new Map(),
    problems: 0,
    warnings: [],
    seconds: 0,
  };
}

/** How many entries each "most" list of the detection summary keeps (Hayabusa shows five). */
export const TOP_ENTRIES = 5;

/** A count of detections under a name (a date, a computer, a rule). */
export interface Ranked<T> {
  readonly key: T;
  readonly total: number;
  /** Distinct rules among those detections. */
  readonly unique: number;
}

/** The detections of one level, as Hayabusa's results summary shows them. */
export interface LevelDetections {
  readonly level: RuleLevel;
  readonly total: number;
  /** Distinct rules that fired at this level. */
  readonly unique: number;
  /** The dates (UTC, YYYY-MM-DD) with most detections, most first (at most TOP_ENTRIES). */
  readonly topDates: readonly Ranked<string>[];
  /** The computers with most distinct rules firing, then most detections (at most TOP_ENTRIES). */
  readonly topComputers: readonly Ranked<string>[];
  /** The rules with most detections (at most TOP_ENTRIES). */
  readonly topRules: readonly Ranked<RuleMeta>[];
}

/**
 * What a responder acts on first: when the detections happened, how many per level, on which days
 * and computers, and which rules. Levels with no detection are left out; most severe first.
 */
export interface DetectionSummary {
  readonly total: number;
  readonly unique: number;
  /** Time of the first and last detected event (ISO 8601, UTC); undefined without detections. */
  readonly first: string | undefined;
  readonly last: string | undefined;
  readonly levels: readonly LevelDetections[];
  /** Computers with most detections over all levels (at most TOP_ENTRIES). */
  readonly topComputers: readonly Ranked<string>[];
  /** Detections per hour (`YYYY-MM-DDTHH`, UTC) and level, for the report's chart; hours in order. */
  readonly byHour: readonly PeriodCounts[];
  /**
   * Detections per minute (`YYYY-MM-DDTHH:MM`), for the chart of a short run; undefined when the
   * detections fell in more than MAX_MINUTES distinct minutes (hours are enough then).
   */
  readonly byMinute: readonly PeriodCounts[] | undefined;
}

/** Detections of one period (an hour, a minute) by level. */
export interface PeriodCounts {
  readonly period: string;
  readonly counts: Readonly<Partial<Record<RuleLevel, number>>>;
}

/** Beyond this many distinct minutes with detections, the tally stops counting minutes. */
export const MAX_MINUTES = 2880;

/** The name a computer is counted under; a hit without one is counted, not dropped. */
export const NO_COMPUTER = '(no computer)';

/** Detections under one key: how many, and of which rules. */
class Tally {
  total = 0;
  readonly rules = new Set<string>();
  add(ruleKey: string): void {
    this.total++;
    this.rules.add(ruleKey);
  }
}

function tallyOf<K>(map: Map<K, Tally>, key: K): Tally {
  let tally = map.get(key);
  if (tally === undefined) map.set(key, (tally = new Tally()));
  return tally;
}

function countPeriod(periods: Map<string, Map<RuleLevel, number>>, period: string, level: RuleLevel): void {
  let counts = periods.get(period);
  if (counts === undefined) periods.set(period, (counts = new Map()));
  counts.set(level, (counts.get(level) ?? 0) + 1);
}

function periodCounts(periods: ReadonlyMap<string, ReadonlyMap<RuleLevel, number>>): PeriodCounts[] {
  return [...periods.keys()].sort().map((period) => ({ period, counts: Object.fromEntries(periods.get(period)!) }));
}

function ranked<T>(entries: Iterable<[T, Tally]>, compare: (a: Ranked<T>, b: Ranked<T>) => number): Ranked<T>[] {
  return [...entries]
    .map(([key, tally]) => ({ key, total: tally.total, unique: tally.rules.size }))
    .sort(compare)
    .slice(0, TOP_ENTRIES);
}

const byTotal = <T>(a: Ranked<T>, b: Ranked<T>): number => b.total - a.total;
const byUniqueThenTotal = <T>(a: Ranked<T>, b: Ranked<T>): number => b.unique - a.unique || b.total - a.total;
const byKey = (a: Ranked<string>, b: Ranked<string>): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/** One level's tallies. */
class LevelTallies {
  readonly all = new Tally();
  readonly dates = new Map<string, Tally>();
  readonly computers = new Map<string, Tally>();
  readonly rules = new Map<string, { rule: RuleMeta; tally: Tally }>();
}

/**
 * Counts the hits as they are written, for the detection summary: a sink in front of the writer, so
 * it counts exactly what the output holds. Memory grows with the distinct rules, computers, dates and
 * hours (and at most MAX_MINUTES minutes), never with the hits.
 */
export class DetectionTally implements HitSink {
  private readonly levels = new Map<RuleLevel, LevelTallies>();
  private readonly computers = new Map<string, Tally>();
  private readonly hours = new Map<string, Map<RuleLevel, number>>();
  /** Dropped (undefined) past MAX_MINUTES entries: bounded whatever the run. */
  private minutes: Map<string, Map<RuleLevel, number>> | undefined = new Map();
  private readonly allRules = new Set<string>();
  private total = 0;
  private first: string | undefined;
  private last: string | undefined;

  constructor(private readonly next?: HitSink) {}

  write(hit: Hit): void {
    this.add(hit);
    this.next?.write(hit);
  }

  private add(hit: Hit): void {
    const ruleKey = ruleIdentity(hit.rule);
    const computer = hit.computer || NO_COMPUTER;
    // Timestamps are ISO 8601 in UTC, so their text orders as their time does.
    const time = hit.timestamp;
    if (this.first === undefined || time < this.first) this.first = time;
    if (this.last === undefined || time > this.last) this.last = time;
    this.total++;
    this.allRules.add(ruleKey);
    tallyOf(this.computers, computer).add(ruleKey);
    let level = this.levels.get(hit.rule.level);
    if (level === undefined) this.levels.set(hit.rule.level, (level = new LevelTallies()));
    level.all.add(ruleKey);
    tallyOf(level.dates, time.slice(0, 10)).add(ruleKey);
    tallyOf(level.computers, computer).add(ruleKey);
    let rule = level.rules.get(ruleKey);
    if (rule === undefined) level.rules.set(ruleKey, (rule = { rule: hit.rule, tally: new Tally() }));
    rule.tally.add(ruleKey);
    countPeriod(this.hours, time.slice(0, 13), hit.rule.level);
    if (this.minutes !== undefined) {
      countPeriod(this.minutes, time.slice(0, 16), hit.rule.level);
      if (this.minutes.size > MAX_MINUTES) this.minutes = undefined;
    }
  }

  /** The summary of the hits written so far. */
  summary(): DetectionSummary {
    const levels: LevelDetections[] = [];
    for (const level of RULE_LEVELS) {
      const tallies = this.levels.get(level);
      if (tallies === undefined) continue;
      levels.push({
        level,
        total: tallies.all.total,
        unique: tallies.all.rules.size,
        topDates: ranked(tallies.dates, (a, b) => byTotal(a, b) || byKey(a, b)),
        topComputers: ranked(tallies.computers, (a, b) => byUniqueThenTotal(a, b) || byKey(a, b)),
        topRules: ranked(
          [...tallies.rules.values()].map(({ rule, tally }): [RuleMeta, Tally] => [rule, tally]),
          (a, b) => byTotal(a, b) || (a.key.title < b.key.title ? -1 : a.key.title > b.key.title ? 1 : 0),
        ),
      });
    }
    return {
      total: this.total,
      unique: this.allRules.size,
      first: this.first,
      last: this.last,
      levels,
      topComputers: ranked(this.computers, (a, b) => byTotal(a, b) || byKey(a, b)),
      byHour: periodCounts(this.hours),
      byMinute: this.minutes === undefined ? undefined : periodCounts(this.minutes),
    };
  }
}
