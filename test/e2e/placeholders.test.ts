import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { sharedMissing, SHARED_DIR as SHARED } from '../support/sharedData.js';
import { hunt, jsonLines } from './cli.js';

interface Line {
  record_id: number;
  event_id: number;
  rule?: { title: string };
  event_data: Record<string, string>;
}

function ruleFile(yaml: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'hunt-placeholder-')), 'rule.yml');
  writeFileSync(path, yaml);
  return path;
}

const dashRule = (value: string) => `title: Logon without an address
id: 3b0e6c1a-6d0e-4c57-9c0b-5a4f4d2e7a11
status: test
logsource:
  product: windows
  service: security
detection:
  selection:
    EventID: 4624
    IpAddress: ${value}
  condition: selection
level: low
`;

test("a literal '-' rule finds exactly the records `hunt dump` shows with that value", () => {
  const dump = hunt(['dump', 'samples/Security.evtx']);
  assert.equal(dump.status, 0, dump.stderr);
  const expected = jsonLines<Line>(dump.stdout)
    .filter((r) => r.event_id === 4624 && r.event_data['IpAddress'] === '-')
    .map((r) => r.record_id);
  assert.ok(expected.length > 0);
  const run = hunt(['samples/Security.evtx', '-r', ruleFile(dashRule("'-'")), '-f', 'jsonl']);
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(
    jsonLines<Line>(run.stdout).map((h) => h.record_id),
    expected,
  );
});

test('Sigma null still means absent: a present `-` is not null', () => {
  const run = hunt(['samples/Security.evtx', '-r', ruleFile(dashRule('null')), '-f', 'jsonl']);
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(jsonLines<Line>(run.stdout), []);
});

test('"External Remote SMB Logon from Public IP" ignores network logons without an address', { skip: sharedMissing() }, () => {
  const rule = join(
    SHARED,
    'corpus/sigma/rules/windows/builtin/security/account_management/win_security_successful_external_remote_smb_login.yml',
  );
  const run = hunt([join(SHARED, 'corpus/evtx-attack-samples'), '-r', rule, '-f', 'jsonl']);
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(jsonLines<Line>(run.stdout), []);
});
