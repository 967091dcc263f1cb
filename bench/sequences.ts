/**
 * What Elastic's sequence rules cost at library level, before the hunt runs them: every EVTX file
 * under the given paths (default: the shared attack corpus) is read and normalized, each sequence
 * step's filter runs on every event, and the steps an event matched go to its rule's matcher (keys
 * prefixed with the host, a file's events as they are read). The step filters run as a RuleSet, with
 * the log-source index and prefilter gate the hunt uses for single-event rules. Prints the events, the time spent in the
 * step filters and matchers against reading and normalizing and the single-event rules, peak RSS, and the matches by rule.
 * Run: npx tsc -p tsconfig.json && node dist/bench/sequences.js [PATH..]
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { LogSourceTable } from '../src/events/logsource.js';
import { normalizeRecord, recordFacts } from '../src/events/normalize.js';
import type { DetectableEvent } from '../src/events/types.js';
import { readEvtxFile } from '../src/evtx/index.js';
import { loadRuleFiles } from '../src/rules/load.js';
import { RuleSet } from '../src/rules/ruleSet.js';
import type { CompiledRule, StepMatch, TemporalMatcher, TemporalRule } from '../src/rules/types.js';

const SHARED = join(import.meta.dirname, '..', '..', '..', 'shared');
const RULES = join(SHARED, 'corpus', 'elastic-detection-rules', 'rules', 'windows');
const paths = process.argv.length > 2 ? process.argv.slice(2) : [join(SHARED, 'corpus', 'evtx-attack-samples')];

function evtxFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.toLowerCase().endsWith('.evtx'))
    .sort()
    .map((name) => join(path, name));
}

const loaded = loadRuleFiles(
  readdirSync(RULES)
    .filter((name) => name.endsWith('.toml'))
    .map((name) => join(RULES, name)),
);
const rules: readonly TemporalRule[] = loaded.temporal;
const matchers: TemporalMatcher<number>[] = rules.map((rule) => rule.newMatcher<number>());
const matchCounts = new Map<string, number>();
const logSources = new LogSourceTable();
let events = 0;
let readMs = 0;
let sequenceMs = 0;
let peakRss = process.memoryUsage.rss();

/** Each step filter's rule and step. */
const stepOf = new Map<CompiledRule, { rule: number; step: number }>();
rules.forEach((rule, ruleIndex) => rule.steps.forEach((step, stepIndex) => stepOf.set(step.filter, { rule: ruleIndex, step: stepIndex })));
const stepFilters = new RuleSet([...stepOf.keys()]);
/** The single-event rules run first on each event, as in a hunt: the ECS fields they derive are then memoized for the steps. */
const singleEventRules = new RuleSet(loaded.rules);
let singleEventMs = 0;

function runSingleEventRules(event: DetectableEvent): void {
  const started = performance.now();
  singleEventRules.matching(singleEventRules.rulesFor(event.logsource, event.logsource.eventId), event);
  singleEventMs += performance.now() - started;
}

function observe(event: DetectableEvent, recordId: number, time: number, host: string): void {
  const started = performance.now();
  const byRule = new Map<number, StepMatch[]>();
  for (const filter of stepFilters.matching(stepFilters.rulesFor(event.logsource, event.logsource.eventId), event)) {
    const { rule, step } = stepOf.get(filter)!;
    const key = rules[rule]!.steps[step]!.key(event);
    if (key === undefined) continue;
    let steps = byRule.get(rule);
    if (steps === undefined) byRule.set(rule, (steps = []));
    steps.push({ step, key: `${host}\u0000${key}` });
  }
  for (const [rule, steps] of byRule) {
    const completed = matchers[rule]!.observe(recordId, time, steps);
    const title = rules[rule]!.meta.title;
    if (completed.length > 0) matchCounts.set(title, (matchCounts.get(title) ?? 0) + completed.length);
  }
  sequenceMs += performance.now() - started;
}

// A log's records come in time order, near enough: the events go to the matchers as they are read,
// so memory is the matchers' own, not the events'.
for (const file of paths.flatMap(evtxFiles)) {
  try {
    let started = performance.now();
    for (const record of readEvtxFile(file)) {
      const facts = recordFacts(record, logSources);
      if (facts === undefined) continue;
      const event = normalizeRecord(record, facts);
      const time = Date.parse(String(event.ecs.get('@timestamp')));
      const host = String(event.ecs.get('host.name') ?? '');
      readMs += performance.now() - started;
      runSingleEventRules(event);
      observe(event, Number(record.eventRecordId() ?? record.recordId), time, host);
      events++;
      if (events % 100_000 === 0) peakRss = Math.max(peakRss, process.memoryUsage.rss());
      started = performance.now();
    }
  } catch (error) {
    console.warn(`${file}: ${(error as Error).message}`);
  }
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}
for (const [index, matcher] of matchers.entries()) {
  const completed = matcher.finish().length;
  if (completed > 0) matchCounts.set(rules[index]!.meta.title, (matchCounts.get(rules[index]!.meta.title) ?? 0) + completed);
}

console.log(`${rules.length} sequence rules, ${loaded.rules.length} single-event rules, ${events} events`);
console.log(`single-event rules ${singleEventMs.toFixed(0)} ms`);
console.log(
  `read + normalize ${readMs.toFixed(0)} ms; sequence steps + matchers ${sequenceMs.toFixed(0)} ms (${((events / sequenceMs) * 1000).toFixed(0)} events/s)`,
);
console.log(
  `peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB; dropped partial matches ${matchers.reduce((sum, matcher) => sum + matcher.dropped, 0)}`,
);
console.log('matches by rule:', Object.fromEntries([...matchCounts].sort((left, right) => right[1] - left[1])));
