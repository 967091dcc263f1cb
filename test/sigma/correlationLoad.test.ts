/**
 * Loading Sigma correlations: a correlation beside its rules in one multi-document file, references
 * to rules of other files by id and by name, references that resolve to nothing, `generate`, and the
 * fields a correlation groups by (aliases naming a field per rule).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadRuleFiles, type RuleLoadReport } from '../../src/rules/load.js';
import { SigmaCorrelation } from '../../src/rules/sigma/index.js';
import { fakeEvent } from './helpers.js';

/** Writes the files (name -> YAML) to a fresh directory and loads them in the order given. */
function load(files: Readonly<Record<string, string>>): RuleLoadReport {
  const dir = mkdtempSync(join(tmpdir(), 'hunt-correlation-'));
  const paths = Object.entries(files).map(([name, text]) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  });
  return loadRuleFiles(paths);
}

const FAILED_LOGON = `title: Failed logon
id: 53ba33fd-3a50-4468-a5ef-c583635cfa92
name: failed_logon
logsource:
    product: windows
    service: security
detection:
    selection:
        EventID: 4625
    condition: selection
level: informational
`;

const SUCCESSFUL_LOGON = `title: Successful logon
id: 4d0a2c83-c62c-4ed4-b475-c7e23a9269b8
name: successful_logon
logsource:
    product: windows
    service: security
detection:
    selection:
        EventID: 4624
    condition: selection
`;

function correlation(body: string, title = 'Many failed logons'): string {
  return `title: ${title}\nid: 0e95725d-7320-415d-80f7-004da920fc11\nlevel: high\ncorrelation:\n${body}`;
}

const MANY_FAILED = correlation(`    type: event_count
    rules:
        - failed_logon
    group-by:
        - TargetUserName
    timespan: 5m
    condition:
        gte: 10
`);

const titles = (report: RuleLoadReport): string[] => report.rules.map((rule) => rule.meta.title);

test('a correlation and its rule in one file: the correlation loads, the rule is not reported on its own', () => {
  const report = load({ 'mr_failed.yml': `${MANY_FAILED}---\n${FAILED_LOGON}` });
  assert.deepEqual(report.skipped, []);
  assert.deepEqual(titles(report), []);
  assert.equal(report.temporal.length, 1);
  const [rule] = report.temporal as SigmaCorrelation[];
  assert.ok(rule instanceof SigmaCorrelation);
  assert.equal(rule.meta.title, 'Many failed logons');
  assert.equal(rule.meta.level, 'high');
  assert.equal(rule.meta.source, 'sigma');
  assert.deepEqual(
    rule.steps.map((step) => step.filter.meta.title),
    ['Failed logon'],
  );
  assert.equal(rule.document.timespanMs, 5 * 60_000);
  assert.deepEqual(rule.document.condition, [{ operator: 'gte', value: 10 }]);
  // the step's filter is the rule itself, prefilter and all
  const failed = fakeEvent({ EventID: 4625, TargetUserName: 'alice' }, { services: ['security'], categories: [] });
  const step = rule.steps[0]!;
  assert.ok(step.filter.appliesTo(failed) && step.filter.matches(failed));
  assert.ok(step.filter.prefilter?.eventIds?.has(4625));
  assert.equal(step.key(failed), JSON.stringify(['alice']));
  assert.equal(step.key(fakeEvent({ EventID: 4625 })), undefined, 'an event without the group-by field does not join');
});

test('generate: true keeps the referenced rule reported on its own', () => {
  const generating = MANY_FAILED.replace('correlation:\n', 'generate: true\ncorrelation:\n');
  const report = load({ 'mr_failed.yml': `${generating}---\n${FAILED_LOGON}` });
  assert.deepEqual(titles(report), ['Failed logon']);
  assert.equal(report.temporal.length, 1);
  // Hayabusa reads it inside the correlation section
  const inside = MANY_FAILED.replace('    type: event_count', '    generate: true\n    type: event_count');
  assert.deepEqual(titles(load({ 'mr_failed.yml': `${inside}---\n${FAILED_LOGON}` })), ['Failed logon']);
});

test('a rule that one correlation generates and another hides is reported on its own', () => {
  const hidden = MANY_FAILED;
  const generating = MANY_FAILED.replace('0e95725d', '1e95725d').replace('correlation:\n', 'generate: true\ncorrelation:\n');
  const report = load({ 'failed.yml': FAILED_LOGON, 'a.yml': hidden, 'b.yml': generating });
  assert.deepEqual(titles(report), ['Failed logon']);
  assert.equal(report.temporal.length, 2);
});

test('references across files: by id and by name, whatever the order the files load in', () => {
  const byId = correlation(`    type: temporal_ordered
    rules:
        - 53ba33fd-3a50-4468-a5ef-c583635cfa92
        - successful_logon
    group-by:
        - TargetUserName
    timespan: 10m
`);
  const report = load({ 'mr_brute.yml': byId, 'failed.yml': FAILED_LOGON, 'success.yml': SUCCESSFUL_LOGON });
  assert.deepEqual(report.skipped, []);
  assert.deepEqual(titles(report), []);
  const [rule] = report.temporal as SigmaCorrelation[];
  assert.deepEqual(
    rule!.steps.map((step) => step.filter.meta.title),
    ['Failed logon', 'Successful logon'],
  );
  assert.deepEqual(rule!.document.condition, [{ operator: 'gte', value: 2 }], 'temporal types need every rule by default');
});

test('a reference that resolves to nothing skips the correlation with the reason; its rules stay standalone', () => {
  const report = load({ 'mr_failed.yml': MANY_FAILED.replace('- failed_logon', '- no_such_rule'), 'failed.yml': FAILED_LOGON });
  assert.equal(report.temporal.length, 0);
  assert.deepEqual(titles(report), ['Failed logon']);
  assert.deepEqual(
    report.skipped.map(({ title, kind, reason }) => ({ title, kind, reason })),
    [{ title: 'Many failed logons', kind: 'invalid', reason: "the referenced rule 'no_such_rule' is not among the loaded rules" }],
  );
});

test('a reference to a rule that did not load says so', () => {
  const broken = FAILED_LOGON.replace('    condition: selection\n', '');
  const report = load({ 'mr_failed.yml': `${MANY_FAILED}---\n${broken}` });
  assert.equal(report.temporal.length, 0);
  assert.deepEqual(
    report.skipped.map(({ reason }) => reason),
    ["invalid rule: 'detection.condition' must be a string or a list of strings", "the referenced rule 'failed_logon' did not load"],
  );
});

test('a name defined in the correlation file wins over other files; a name two other files define is ambiguous', () => {
  const elsewhere = FAILED_LOGON.replace('53ba33fd', '63ba33fd').replace('title: Failed logon', 'title: Other failed logon');
  const local = load({ 'other.yml': elsewhere, 'mr_failed.yml': `${MANY_FAILED}---\n${FAILED_LOGON}` });
  const [rule] = local.temporal as SigmaCorrelation[];
  assert.equal(rule!.steps[0]!.filter.meta.title, 'Failed logon');
  assert.deepEqual(titles(local), ['Other failed logon']);
  const twice = load({ 'a.yml': elsewhere, 'b.yml': FAILED_LOGON, 'mr_failed.yml': MANY_FAILED });
  assert.equal(twice.temporal.length, 0);
  assert.match(twice.skipped[0]!.reason, /the reference 'failed_logon' is ambiguous: 2 rules/);
});

/** The spec's example: many failed logons of a user, then a successful logon of that user. */
function chainOf(outerGroupBy: string, outerType = 'temporal_ordered'): string {
  const chained = correlation(
    `    type: ${outerType}
    rules:
        - many_failed
        - successful_logon
    group-by:
        - ${outerGroupBy}
    timespan: 10m
${outerType === 'value_count' ? '    condition:\n        field: IpAddress\n        gte: 2\n' : ''}`,
    'Brute force',
  ).replace('0e95725d', '2e95725d');
  const inner = MANY_FAILED.replace('correlation:\n', 'name: many_failed\ncorrelation:\n');
  return [chained, inner, FAILED_LOGON, SUCCESSFUL_LOGON].join('---\n');
}

test('a correlation of a correlation: its steps are the rules of the chain; the inner one runs only inside it', () => {
  const report = load({ 'mr_brute.yml': chainOf('TargetUserName') });
  assert.deepEqual(report.skipped, []);
  assert.deepEqual(titles(report), []);
  assert.deepEqual(
    report.temporal.map((rule) => rule.meta.title),
    ['Brute force'],
  );
  const [rule] = report.temporal as SigmaCorrelation[];
  assert.deepEqual(
    rule!.steps.map((step) => step.filter.meta.title),
    ['Failed logon', 'Successful logon'],
  );
  assert.equal(rule!.tree.references[0]?.window.type, 'event_count');
  assert.equal(rule!.tree.references[1], undefined);
  const generating = chainOf('TargetUserName').replace('level: high\ncorrelation', 'level: high\ngenerate: true\ncorrelation');
  assert.deepEqual(
    load({ 'mr_brute.yml': generating })
      .temporal.map((each) => each.meta.title)
      .sort(),
    ['Brute force', 'Many failed logons'],
  );
});

test('a chain must group by the same fields at each level; a value_count cannot count a correlation', () => {
  const other = load({ 'mr_brute.yml': chainOf('IpAddress') });
  assert.deepEqual(
    other.skipped.map(({ title, kind, reason }) => ({ title, kind, reason })),
    [
      {
        title: 'Brute force',
        kind: 'unsupported',
        reason: "it groups by (IpAddress) but the correlation 'many_failed' it references groups by (TargetUserName)",
      },
    ],
  );
  // the inner correlation is then referenced by nothing that loaded: it runs on its own
  assert.deepEqual(
    other.temporal.map((rule) => rule.meta.title),
    ['Many failed logons'],
  );
  const counting = load({ 'mr_brute.yml': chainOf('TargetUserName', 'value_count') });
  assert.match(counting.skipped[0]!.reason, /a value_count correlation counts a field of events/);
});

test('correlations that reference each other are skipped', () => {
  const looping = MANY_FAILED.replace('- failed_logon', '- many_failed').replace('correlation:\n', 'name: many_failed\ncorrelation:\n');
  const report = load({ 'mr_loop.yml': looping });
  assert.equal(report.temporal.length, 0);
  assert.deepEqual(
    report.skipped.map(({ kind, reason }) => ({ kind, reason })),
    [{ kind: 'invalid', reason: 'the correlations reference each other: Many failed logons -> Many failed logons' }],
  );
});

test('invalid and unsupported correlation documents are skipped with their reasons', () => {
  const cases: readonly [string, string, string][] = [
    ['timespan: 5m', 'timespan: 5 minutes', 'invalid'],
    ['timespan: 5m', 'timespan: 0s', 'invalid'],
    ['type: event_count', 'type: value_sum', 'unsupported'],
    ['type: event_count', 'type: count', 'invalid'],
    ['gte: 10', 'most: 10', 'invalid'],
    ['gte: 10', 'gte: ten', 'invalid'],
    ['type: event_count', 'type: value_count', 'invalid'],
  ];
  for (const [from, to, kind] of cases) {
    const report = load({ 'mr_failed.yml': `${MANY_FAILED.replace(from, to)}---\n${FAILED_LOGON}` });
    assert.equal(report.temporal.length, 0, to);
    assert.deepEqual(
      report.skipped.map((skipped) => skipped.kind),
      [kind],
      `${to}: ${report.skipped[0]?.reason}`,
    );
    // the correlation did not load, so its rule is reported as any rule
    assert.deepEqual(titles(report), ['Failed logon'], to);
  }
});

test('timespan units: s, m, h, d, w', () => {
  const spans: readonly [string, number][] = [
    ['30s', 30_000],
    ['90m', 5_400_000],
    ['2h', 7_200_000],
    ['1d', 86_400_000],
    ['1w', 604_800_000],
  ];
  for (const [text, ms] of spans) {
    const report = load({ 'mr_failed.yml': `${MANY_FAILED.replace('timespan: 5m', `timespan: ${text}`)}---\n${FAILED_LOGON}` });
    assert.equal((report.temporal[0] as SigmaCorrelation).document.timespanMs, ms, text);
  }
});

test('value_count: the counted field; aliases give each rule its own group-by field', () => {
  const valueCount = correlation(`    type: value_count
    rules:
        - failed_logon
    group-by:
        - IpAddress
    timespan: 1h
    condition:
        field: TargetUserName
        gte: 5
`);
  const [rule] = load({ 'mr_spray.yml': `${valueCount}---\n${FAILED_LOGON}` }).temporal as SigmaCorrelation[];
  const step = rule!.steps[0]!;
  assert.equal(step.value!(fakeEvent({ IpAddress: '10.0.0.5', TargetUserName: 'bob' })), JSON.stringify(['bob']));
  assert.equal(step.value!(fakeEvent({ IpAddress: '10.0.0.5' })), undefined);

  const aliased = correlation(`    type: temporal
    rules:
        - failed_logon
        - successful_logon
    group-by:
        - account
    timespan: 1h
    aliases:
        account:
            failed_logon: TargetUserName
            successful_logon: SubjectUserName
`);
  const [temporal] = load({ 'mr_alias.yml': [aliased, FAILED_LOGON, SUCCESSFUL_LOGON].join('---\n') }).temporal as SigmaCorrelation[];
  const event = fakeEvent({ TargetUserName: 'alice', SubjectUserName: 'bob' });
  assert.deepEqual(
    temporal!.steps.map((each) => each.key(event)),
    [JSON.stringify(['alice']), JSON.stringify(['bob'])],
  );
});

test('several group-by fields join on all of them; no group-by is one group', () => {
  const twoFields = MANY_FAILED.replace('        - TargetUserName\n', '        - TargetUserName\n        - TargetDomainName\n');
  const [rule] = load({ 'mr_failed.yml': `${twoFields}---\n${FAILED_LOGON}` }).temporal as SigmaCorrelation[];
  const key = rule!.steps[0]!.key;
  assert.notEqual(
    key(fakeEvent({ TargetUserName: 'a', TargetDomainName: 'bc' })),
    key(fakeEvent({ TargetUserName: 'ab', TargetDomainName: 'c' })),
  );
  assert.equal(key(fakeEvent({ TargetUserName: 'a' })), undefined);
  const ungrouped = MANY_FAILED.replace('    group-by:\n        - TargetUserName\n', '');
  const [one] = load({ 'mr_failed.yml': `${ungrouped}---\n${FAILED_LOGON}` }).temporal as SigmaCorrelation[];
  assert.equal(one!.steps[0]!.key(fakeEvent({})), one!.steps[0]!.key(fakeEvent({ TargetUserName: 'x' })));
});
