/**
 * EQL prefilters: needles only where the query makes them necessary, read from the ECS view,
 * and a rule set that skips rules by them finds the same hits as running every rule.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DetectableEvent, FieldValue } from '../../src/events/types.js';
import { RuleSet } from '../../src/rules/ruleSet.js';
import type { CompiledRule } from '../../src/rules/types.js';
import { compileQuery, ecsEvent, fieldSource } from './helpers.js';

/** The rule's prefilter clauses, each as view:field -> needles, or undefined. */
function prefilterOf(rule: CompiledRule): Record<string, string[]>[] | undefined {
  return (
    rule.prefilter &&
    rule.prefilter.clauses.map((clause) =>
      Object.fromEntries(clause.map(({ view, field, needles }) => [`${view}:${field ?? '*'}`, [...needles].sort()])),
    )
  );
}

function assertGateAgrees(rule: CompiledRule, events: readonly DetectableEvent[]): void {
  const ruleSet = new RuleSet([rule]);
  events.forEach((event, index) => {
    assert.equal(ruleSet.matching([rule], event).length === 1, rule.matches(event), `event ${index}`);
  });
}

test('string tests under and/or give needles of the lower-cased ECS text', () => {
  const rule = compileQuery('process where process.name : ("CMD.exe", "pwsh*") and process.args : "*-EncodedCommand*"');
  assert.deepEqual(prefilterOf(rule), [{ 'ecs:process.name': ['cmd.exe', 'pwsh'] }, { 'ecs:process.args': ['-encodedcommand'] }]);
  const either = compileQuery('process where process.name == "Tool.exe" or process.command_line like~ "*x?Payload*"');
  assert.deepEqual(prefilterOf(either), [{ 'ecs:process.name': ['tool.exe'], 'ecs:process.command_line': ['payload'] }]);
  const membership = compileQuery('process where process.parent.name in~ ("Winword.EXE", "excel.exe")');
  assert.deepEqual(prefilterOf(membership), [{ 'ecs:process.parent.name': ['excel.exe', 'winword.exe'] }]);
});

test('negations, regexes, functions, numeric strings and unprovable branches give none', () => {
  for (const query of [
    'process where not process.name : "cmd.exe"',
    'process where process.name != "cmd.exe"',
    'process where process.name not in ("cmd.exe")',
    'process where process.name regex~ "cmd.*"',
    'process where startsWith(process.name, "cmd")',
    'process where process.pid == "4"',
    'process where process.name in ("a.exe", null)',
    'process where process.name : "*"',
    'process where process.name : "a.exe" or process.pid > 4',
    'process where process.name like "\u03a3*"',
  ]) {
    assert.equal(compileQuery(query).prefilter, undefined, query);
  }
  // One provable operand of an `and` is enough.
  assert.deepEqual(prefilterOf(compileQuery('process where process.pid > 4 and process.name : "a.exe"')), [
    { 'ecs:process.name': ['a.exe'] },
  ]);
});

test('the gate reads the ECS view, not the Sigma one', () => {
  const rule = compileQuery('process where process.name : "needle.exe"');
  const ruleSet = new RuleSet([rule]);
  const inEcs: DetectableEvent = {
    ...ecsEvent({}),
    sigma: fieldSource({ 'process.name': 'other.exe' }),
    ecs: fieldSource({ 'process.name': 'NEEDLE.EXE' }),
  };
  assert.equal(ruleSet.matching([rule], inEcs).length, 1);
  const inSigma: DetectableEvent = {
    ...ecsEvent({}),
    sigma: fieldSource({ 'process.name': 'needle.exe' }),
    ecs: fieldSource({ 'process.name': 'other.exe' }),
  };
  assert.equal(ruleSet.matching([rule], inSigma).length, 0);
});

test('gate and rule agree on many queries and events', () => {
  const queries = [
    'process where process.name : ("cmd.exe", "*shell*") and process.args : "-enc*"',
    'process where process.name like "Cmd.Exe" or process.command_line like~ "*WHOAMI*"',
    'process where process.name == "cmd.exe" and process.parent.name in ("explorer.exe", "Winword.exe")',
    'process where process.parent.name in~ ("EXPLORER.EXE") or (process.name : "a?c" and process.pid == 4)',
    'process where process.name : "İx*" or process.name like "ﬀ*"',
  ];
  const values: FieldValue[] = [
    'cmd.exe',
    'CMD.EXE',
    'powershell.exe',
    'Cmd.Exe',
    'abc',
    'AXC',
    'explorer.exe',
    'Winword.exe',
    'winword.exe',
    'i̇x',
    'İX',
    'ﬀa',
    'ffa',
    4,
    ['x', 'cmd.exe'],
    'C:\\whoami /all',
  ];
  const fields = ['process.name', 'process.args', 'process.command_line', 'process.parent.name'];
  const events: DetectableEvent[] = [];
  values.forEach((value, index) => {
    const record: Record<string, FieldValue> = {};
    fields.forEach((field, offset) => {
      record[field] = values[(index + offset * 3) % values.length]!;
    });
    record['process.pid'] = index % 5;
    events.push(ecsEvent(record), ecsEvent({ [fields[index % fields.length]!]: value, 'process.args': '-EncodedCommand' }));
  });
  for (const query of queries) assertGateAgrees(compileQuery(query), events);
});
