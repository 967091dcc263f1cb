import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LogSourceTable, logSourceFacts } from '../../src/events/logsource.js';
import { RuleSet } from '../../src/rules/ruleSet.js';
import type { CompiledRule } from '../../src/rules/types.js';

const SYSMON = 'Microsoft-Windows-Sysmon/Operational';

test('a table interns facts per (channel, event id) and shares selectors between pairs alike for rules', () => {
  const table = new LogSourceTable();
  const logon = table.facts('Security', 4624);
  assert.equal(table.facts('Security', 4624), logon);
  const logoff = table.facts('Security', 4634);
  assert.notEqual(logoff, logon);
  assert.equal(logoff.selector, logon.selector);
  // Channels compare case-insensitively: a distinct pair, the same rules.
  const upper = table.facts('SECURITY', 4624);
  assert.notEqual(upper, logon);
  assert.equal(upper.channel, 'SECURITY');
  assert.equal(upper.selector, logon.selector);
  assert.notEqual(table.facts('Security', 4688).selector, logon.selector);
  assert.notEqual(table.facts(SYSMON, 1).selector, table.facts('Security', 4688).selector);
});

test('past its bound a table computes facts without interning them; selectors stay few and shared', () => {
  const table = new LogSourceTable(2);
  const first = table.facts('Security', 4624);
  table.facts(SYSMON, 1);
  const overflow = table.facts('Security', 4625);
  assert.notEqual(table.facts('Security', 4625), overflow);
  assert.deepEqual({ ...overflow, selector: undefined }, { ...logSourceFacts('Security', 4625), selector: undefined });
  assert.equal(overflow.selector, first.selector);
  assert.equal(table.facts('Security', 4624), first);
  const selectors = new Set<unknown>();
  for (let i = 0; i < 5000; i++) selectors.add(table.facts(`Hostile-${i}/Operational`, i).selector);
  assert.equal(selectors.size, 1);
});

test('rule selection on a selector is rule selection on the facts themselves', () => {
  const rule = (id: string, admits: (services: readonly string[], categories: readonly string[]) => boolean): CompiledRule => ({
    meta: { id, title: id, level: 'high', source: 'sigma', file: `${id}.yml`, tags: [], references: [], falsepositives: [] },
    appliesTo: (event) => admits(event.logsource.services, event.logsource.categories),
    matches: () => true,
  });
  const rules = [
    rule('security', (services) => services.includes('security')),
    rule('process', (_, categories) => categories.includes('process_creation')),
    rule('sysmon-network', (services, categories) => services.includes('sysmon') && categories.includes('network_connection')),
  ];
  const ruleSet = new RuleSet(rules);
  const table = new LogSourceTable(1);
  for (const [channel, eventId] of [
    ['Security', 4688],
    ['Security', 4624],
    [SYSMON, 1],
    [SYSMON, 3],
    [SYSMON, 22],
    ['Nowhere', 7],
    ['security', 4688],
  ] as const) {
    const facts = table.facts(channel, eventId);
    assert.deepEqual(
      ruleSet.rulesFor(facts.selector),
      new RuleSet(rules).rulesFor(logSourceFacts(channel, eventId)),
      `${channel} ${eventId}`,
    );
  }
});
