import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { LogSourceTable } from '../../src/events/logsource.js';
import type { Hit } from '../../src/hunt/hit.js';
import { ECS_VERSION, EcsDocuments, threatOf } from '../../src/output/ecs.js';
import { CUSTOM_NAMESPACES, ecsProblems, isEcsFieldSet } from './ecsSchema.js';

test('threat.* from ATT&CK tags: tactic ids and names, techniques with their sub-techniques, groups, software', () => {
  assert.deepEqual(
    threatOf(['attack.execution', 'attack.t1059.001', 'attack.defense-evasion', 'attack.g0016', 'attack.s0002', 'cve.2021-1']),
    {
      framework: 'MITRE ATT&CK',
      tactic: {
        id: ['TA0002', 'TA0005'],
        name: ['Execution', 'Defense Evasion'],
        reference: ['https://attack.mitre.org/tactics/TA0002/', 'https://attack.mitre.org/tactics/TA0005/'],
      },
      technique: {
        id: ['T1059'],
        reference: ['https://attack.mitre.org/techniques/T1059/'],
        subtechnique: { id: ['T1059.001'], reference: ['https://attack.mitre.org/techniques/T1059/001/'] },
      },
      group: { id: ['G0016'], reference: ['https://attack.mitre.org/groups/G0016/'] },
      software: { id: ['S0002'], reference: ['https://attack.mitre.org/software/S0002/'] },
    },
  );
  assert.equal(threatOf(['detection.threat_hunting']), undefined);
});

test('ecs.version is that of the ECS definitions the documents are checked against', () => {
  const require = createRequire(import.meta.url);
  const { version } = JSON.parse(readFileSync(require.resolve('@elastic/ecs/package.json'), 'utf8')) as { version: string };
  assert.equal(ECS_VERSION, version);
});

test('the namespaces outside ECS are not ECS field sets, and the checker rejects what ECS does not define', () => {
  for (const namespace of CUSTOM_NAMESPACES) assert.equal(isEcsFieldSet(namespace), false, namespace);
  assert.equal(isEcsFieldSet('process'), true);
  assert.deepEqual(ecsProblems({ process: { pid: '12', args: 'x' }, foo: 1, source: { ip: 'nope' }, '@timestamp': '2024' }), [
    'process.pid: a long must be a whole number ("12")',
    'process.args: ECS says it is an array',
    'foo: not an ECS field',
    'source.ip: an ip must be an IPv4 or IPv6 address ("nope")',
    '@timestamp: a date must be ISO 8601 with a zone ("2024")',
  ]);
});

test('a hit of an event with no process is an ECS alert with its rule, host and event fields', () => {
  const hit: Hit = {
    rule: {
      id: 'x1',
      title: 'Log cleared',
      level: 'high',
      source: 'sigma',
      file: 'r.yml',
      tags: ['attack.defense_evasion', 'attack.t1070.001'],
      references: ['https://example.org/a'],
      falsepositives: [],
      author: 'someone',
    },
    file: 'Security.evtx',
    recordId: 2n ** 63n,
    recovered: false,
    timestamp: '2019-03-19T23:35:07.1234567Z',
    eventId: 1102,
    channel: 'Security',
    computer: 'PC01',
    process: undefined,
    details: [['User', 'EXAMPLE\\user01']],
    eventData: { SubjectUserName: 'user01' },
  };
  const document = new EcsDocuments(new LogSourceTable()).hit(hit);
  assert.deepEqual(ecsProblems(document), []);
  const json = JSON.parse(JSON.stringify(document)) as Record<string, Record<string, unknown>>;
  assert.equal(json['event']!['kind'], 'alert');
  assert.equal(json['event']!['code'], '1102');
  assert.equal(json['host']!['name'], 'PC01');
  assert.deepEqual(json['rule'], {
    id: 'x1',
    name: 'Log cleared',
    ruleset: 'sigma',
    author: ['someone'],
    reference: 'https://example.org/a',
  });
  assert.equal((json['winlog']!['event_data'] as Record<string, string>)['SubjectUserName'], 'user01');
  assert.equal(json['winlog']!['record_id'], String(2n ** 63n));
  assert.equal(json['message'], 'Log cleared: User: EXAMPLE\\user01');
});
