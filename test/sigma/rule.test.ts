/** Whole rules: metadata, logsource, the seed rule, rule files and collections. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadSigmaFile } from '../../src/rules/sigma/index.js';
import { FIXTURES, fakeEvent, ruleFromYaml } from './helpers.js';
import { isInvalid, isUnsupported } from '../ruleProblems.js';

const SEED_RULE = join(FIXTURES, 'net_share_unmount.yml');

test('the seed rule (Unmount Share Via Net.EXE) loads with its metadata', () => {
  const { rules, skipped } = loadSigmaFile(SEED_RULE);
  assert.deepEqual(skipped, []);
  assert.equal(rules.length, 1);
  const { meta } = rules[0];
  assert.equal(meta.id, 'cb7c4a03-2871-43c0-9bbb-18bbdb079896');
  assert.equal(meta.title, 'Unmount Share Via Net.EXE');
  assert.equal(meta.level, 'low');
  assert.equal(meta.source, 'sigma');
  assert.equal(meta.status, 'test');
  assert.equal(meta.file, SEED_RULE);
  assert.equal(meta.author, 'oscd.community, @redcanary, Zach Stanford @svch0st');
  assert.deepEqual(meta.tags, ['attack.stealth', 'attack.t1070.005']);
  assert.equal(meta.references.length, 1);
  assert.deepEqual(meta.falsepositives, ['Administrators or Power users may remove their shares via cmd line']);
});

test('the seed rule fires on net share /delete and not on look-alikes', () => {
  const [rule] = loadSigmaFile(SEED_RULE).rules;
  const positive: Record<string, string>[] = [
    { Image: 'C:\\Windows\\System32\\net.exe', CommandLine: 'net share Data /delete' },
    { Image: 'C:\\Windows\\System32\\NET1.EXE', CommandLine: 'net1 SHARE x /DELETE /y' },
    { Image: 'C:\\Users\\a\\renamed.exe', OriginalFileName: 'net.exe', CommandLine: 'x share y /delete' },
  ];
  const negative: Record<string, string>[] = [
    { Image: 'C:\\Windows\\System32\\net.exe', CommandLine: 'net share Data' },
    { Image: 'C:\\Windows\\System32\\net.exe', CommandLine: 'net use Z: /delete' },
    { Image: 'C:\\Tools\\cabinet.exe', CommandLine: 'cabinet share /delete' },
    { CommandLine: 'net share Data /delete' },
  ];
  for (const fields of positive) assert.equal(rule.matches(fakeEvent(fields)), true, JSON.stringify(fields));
  for (const fields of negative) assert.equal(rule.matches(fakeEvent(fields)), false, JSON.stringify(fields));
});

test('appliesTo checks category and service against the event', () => {
  const [rule] = loadSigmaFile(SEED_RULE).rules;
  assert.equal(rule.appliesTo(fakeEvent({}, { categories: ['process_creation'] })), true);
  assert.equal(rule.appliesTo(fakeEvent({}, { categories: ['network_connection'] })), false);
  const security = ruleFromYaml(`title: t
logsource:
    product: windows
    service: security
detection:
    selection:
        EventID: 4625
    condition: selection`);
  assert.equal(security.appliesTo(fakeEvent({}, { services: ['security'], categories: [] })), true);
  assert.equal(security.appliesTo(fakeEvent({}, { services: ['sysmon'], categories: [] })), false);
  assert.deepEqual(security.logsource, { product: 'windows', category: undefined, service: 'security' });
});

test('rules for other products are unsupported with a one-line reason', () => {
  assert.throws(
    () => ruleFromYaml(`title: t\nlogsource:\n    product: linux\ndetection:\n    s:\n        a: b\n    condition: s`),
    (error: unknown) => isUnsupported(error) && error.reason === 'logsource product linux is not in Windows event logs',
  );
});

test('a correlation document does not compile as a single-event rule', () => {
  assert.throws(
    () => ruleFromYaml(`title: t\ncorrelation:\n    type: event_count\n    rules: [a]\n    timespan: 1h`),
    (error: unknown) =>
      isUnsupported(error) && error.reason === 'a correlation document is not a single-event rule: it runs from its rule file',
  );
});

test('missing title, detection or condition are syntax errors naming the file', () => {
  const bodies = [
    `logsource:\n    product: windows\ndetection:\n    s:\n        a: b\n    condition: s`,
    `title: t\nlogsource:\n    product: windows`,
    `title: t\nlogsource:\n    product: windows\ndetection:\n    s:\n        a: b`,
    `title: t\nlevel: severe\nlogsource:\n    product: windows\ndetection:\n    s:\n        a: b\n    condition: s`,
  ];
  for (const body of bodies) {
    assert.throws(
      () => ruleFromYaml(body),
      (error: unknown) => isInvalid(error) && error.file === 'inline.yml',
      body,
    );
  }
});

function withTempFile(text: string, check: (path: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'sigma-test-'));
  try {
    const path = join(dir, 'rules.yml');
    writeFileSync(path, text);
    check(path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('malformed YAML is an invalid-file problem naming file and line', () => {
  withTempFile('title: t\ndetection:\n    selection:\n        a: [b\n    condition: selection\n', (path) => {
    assert.throws(
      () => loadSigmaFile(path),
      (error: unknown) => isInvalid(error) && error.file === path && error.line === 5,
    );
  });
});

test('a bad rule is skipped with its reason; the other documents still load', () => {
  const good = `title: good\nid: g1\nlogsource:\n    product: windows\ndetection:\n    s:\n        a: b\n    condition: s\n`;
  const bad = `title: bad\nid: b1\nlogsource:\n    product: windows\ndetection:\n    s:\n        a: b\n    condition: t\n`;
  withTempFile(`${bad}---\n${good}`, (path) => {
    const { rules, skipped } = loadSigmaFile(path);
    assert.deepEqual(
      rules.map((rule) => rule.meta.id),
      ['g1'],
    );
    assert.equal(skipped.length, 1);
    assert.equal(skipped[0].id, 'b1');
    assert.equal(skipped[0].title, 'bad');
    assert.match(skipped[0].reason, /^invalid rule: .*undefined identifier 't'/);
  });
});

test('rule collections: action global, repeat and reset', () => {
  const collection = `action: global
title: Collection
logsource:
    product: windows
detection:
    condition: selection
---
id: first
logsource:
    category: process_creation
detection:
    selection:
        Image|endswith: '\\a.exe'
---
action: repeat
id: second
detection:
    selection:
        Image|endswith: '\\b.exe'
---
action: reset
---
title: Alone
id: third
logsource:
    product: windows
detection:
    selection:
        Image: x
`;
  withTempFile(collection, (path) => {
    const { rules, skipped } = loadSigmaFile(path);
    assert.deepEqual(
      rules.map((rule) => [rule.meta.id, rule.meta.title]),
      [
        ['first', 'Collection'],
        ['second', 'Collection'],
      ],
    );
    assert.equal(rules[0].matches(fakeEvent({ Image: 'C:\\a.exe' })), true);
    assert.equal(rules[1].matches(fakeEvent({ Image: 'C:\\a.exe' })), false);
    assert.equal(rules[1].matches(fakeEvent({ Image: 'C:\\b.exe' })), true);
    assert.equal(rules[1].appliesTo(fakeEvent({}, { categories: ['process_creation'] })), true);
    assert.equal(skipped.length, 1, 'after reset the third rule has no condition');
    assert.equal(skipped[0].id, 'third');
  });
});
