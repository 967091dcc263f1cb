import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { hunt, jsonLines } from './cli.js';

const LOGON_RULE = `title: Logons and logoffs
id: 0c7d8f43-2f0e-4a8e-9d55-7c1f3f9b6e21
status: test
logsource:
  product: windows
  service: security
detection:
  selection:
    EventID:
      - 4624
      - 4634
  condition: selection
level: low
`;

test('the user of a logon or logoff is its target account, not the subject that reported it', () => {
  const rule = join(mkdtempSync(join(tmpdir(), 'hunt-logon-')), 'rule.yml');
  writeFileSync(rule, LOGON_RULE);
  const csv = hunt(['samples/Security.evtx', '-r', rule, '-f', 'csv']);
  assert.equal(csv.status, 0, csv.stderr);
  const [header, ...rows] = csv.stdout.trimEnd().split('\r\n');
  const columns = header!.split(',');
  const shown = new Map(
    rows.map((row) => row.split(',')).map((cells) => [Number(cells[columns.indexOf('record_id')]), cells[columns.indexOf('user')]]),
  );
  const targets = new Map(
    jsonLines<{ record_id: number; event_data: Record<string, string> }>(
      hunt(['samples/Security.evtx', '-r', rule, '-f', 'jsonl']).stdout,
    ).map((hit) => [hit.record_id, `${hit.event_data['TargetDomainName']}\\${hit.event_data['TargetUserName']}`]),
  );
  // services.exe (subject WKS-FIN-07$) logs the samples' users on: alice's logon shows alice
  assert.ok([...targets.values()].includes('CORP\\alice'));
  assert.deepEqual(shown, targets);
});
