/**
 * Correlations over real records: a Security log written by the dev writer, read by the reader,
 * normalized as the hunt normalizes it, the steps' filters run on every event and the matches fed
 * to each correlation in time order (keyed by host and group-by values, as the hunt keys them).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LogSourceTable } from '../../src/events/logsource.js';
import { normalizeRecord, recordFacts } from '../../src/events/normalize.js';
import { readEvtxFile } from '../../src/evtx/index.js';
import { loadRuleFiles } from '../../src/rules/load.js';
import type { StepMatch, TemporalRule } from '../../src/rules/types.js';
import { CHAINED_RULES, RULES, written } from './correlationLog.js';

/** Each correlation's hits, as `title: record ids` lines, running them as the hunt does. */
function hunt(rules: readonly TemporalRule[], log: string): string[] {
  const logSources = new LogSourceTable();
  const matchers = rules.map((rule) => rule.newMatcher<number>());
  const lines: string[] = [];
  const report = (rule: TemporalRule, events: readonly number[]): void => {
    lines.push(`${rule.meta.title}: ${events.join(' ')}`);
  };
  for (const record of readEvtxFile(log)) {
    const facts = recordFacts(record, logSources);
    if (facts === undefined) continue;
    const event = normalizeRecord(record, facts);
    const time = Date.parse(record.timeCreated() ?? record.written);
    const recordId = Number(record.eventRecordId() ?? record.recordId);
    rules.forEach((rule, index) => {
      const steps: StepMatch[] = [];
      rule.steps.forEach((step, position) => {
        if (!step.filter.appliesTo(event) || !step.filter.matches(event)) return;
        const key = step.key(event);
        if (key !== undefined) steps.push({ step: position, key: `${record.computer() ?? ''}\u0000${key}`, value: step.value?.(event) });
      });
      if (steps.length > 0) for (const hit of matchers[index]!.observe(recordId, time, steps)) report(rule, hit.events);
    });
  }
  rules.forEach((rule, index) => {
    for (const hit of matchers[index]!.finish()) report(rule, hit.events);
  });
  return lines.sort();
}

test('correlations over a written Security log: the edges of the span, the order, the groups', () => {
  const { log, ruleFile } = written(RULES);
  const loaded = loadRuleFiles([ruleFile]);
  assert.deepEqual(loaded.skipped, []);
  assert.deepEqual(loaded.rules, [], 'generate: false: the referenced rules do not report on their own');
  assert.deepEqual(hunt(loaded.temporal, log), [
    'Many network logons of one account: 1000 1001 1002',
    'Many network logons of one account: 1012 1013 1014',
    'Network logon of an account that then gets admin privileges: 1006 1007',
  ]);
});

test('a chained correlation over a written Security log: the referenced correlation, then the rule', () => {
  const { log, ruleFile } = written(CHAINED_RULES);
  const loaded = loadRuleFiles([ruleFile]);
  assert.deepEqual(loaded.skipped, []);
  // the many-logons correlation runs inside the chain only
  assert.deepEqual(hunt(loaded.temporal, log), [
    'Many network logons, then admin privileges for the account: 1012 1013 1014 1015',
    'Network logon of an account that then gets admin privileges: 1006 1007',
  ]);
});
