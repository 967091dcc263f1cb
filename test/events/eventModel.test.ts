import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LogSourceTable } from '../../src/events/logsource.js';
import { argsCount, commandLineArgs, integer, known, literal, pipelineKept, baseName, NULL_GUID } from '../../src/events/model/derive.js';
import type { EventData, RecordView } from '../../src/events/model/recordView.js';
import { normalizeRecord } from '../../src/events/normalize.js';
import { EVENT_SCHEMAS, WINDOWS_EVENT_FIELDS } from '../../src/events/schemas/index.js';
import { fakeRecord, security4688, sysmon1, SYSMON } from './fakeRecord.js';

function view(data: EventData): RecordView & { memoCalls: number } {
  const memos = new Map<string, unknown>();
  const record = {
    eventId: 1,
    channel: SYSMON,
    provider: undefined,
    computer: undefined,
    time: '2024-05-01T10:00:00Z',
    recordId: 1,
    userId: undefined,
    data,
    memoCalls: 0,
    memo<T>(key: string, compute: () => T): T {
      record.memoCalls++;
      if (!memos.has(key)) memos.set(key, compute());
      return memos.get(key) as T;
    },
  };
  return record;
}

test("literal keeps '-' and ''; known drops '-'; the pipelines drop both, the null GUID, and for Security blanks", () => {
  const record = view({ Dash: '-', Empty: '', Multi: ['a', 'b'], Guid: NULL_GUID, Blank: ' ' });
  assert.equal(literal('Dash')(record), '-');
  assert.equal(known('Dash')(record), undefined);
  assert.equal(known('Empty')(record), '');
  assert.equal(pipelineKept('Empty')(record), undefined);
  assert.equal(pipelineKept('Dash')(record), undefined);
  assert.equal(pipelineKept('Guid')(record), undefined);
  assert.equal(pipelineKept('Blank')(record), ' ');
  assert.equal(pipelineKept('Blank', true)(record), undefined);
  assert.equal(literal('Multi')(record), 'a b');
  assert.equal(literal('Missing')(record), undefined);
});

test("a path's base name, as Windows or POSIX writes it", () => {
  const record = view({ Path: 'C:\\Users\\x\\AppData\\evil.tar.GZ', Bare: 'README', Posix: '/tmp/a.sh' });
  assert.equal(baseName(known('Path'))(record), 'evil.tar.GZ');
  assert.equal(baseName(known('Bare'))(record), 'README');
  assert.equal(baseName(known('Posix'))(record), 'a.sh');
});

test('integers are decimal or 0x-hex; anything else is no value', () => {
  const record = view({ Dec: '4096', Hex: '0x1f4', Neg: '-1', Text: 'abc', Blank: ' ' });
  assert.equal(integer(known('Dec'))(record), 4096);
  assert.equal(integer(known('Hex'))(record), 500);
  assert.equal(integer(known('Neg'))(record), undefined);
  assert.equal(integer(known('Text'))(record), undefined);
  assert.equal(integer(known('Blank'))(record), undefined);
});

test("a command line's arguments, split once for args and args_count", () => {
  const record = view({ CommandLine: '"C:\\a b\\x.exe" /c "y z"' });
  assert.deepEqual(commandLineArgs(known('CommandLine'))(record), ['C:\\a b\\x.exe', '/c', 'y z']);
  assert.equal(argsCount(known('CommandLine'))(record), 3);
  assert.equal(record.memoCalls, 2, 'args and args_count share one split');
});

test('every schema names a known Sigma service, and no (service, event id) has two schemas', () => {
  const seen = new Set<string>();
  for (const schema of EVENT_SCHEMAS) {
    for (const eventId of schema.eventIds) {
      const key = `${schema.service}:${eventId}`;
      assert.ok(!seen.has(key), key);
      seen.add(key);
    }
  }
  assert.ok(seen.has('sysmon:1') && seen.has('security:4688'));
});

const logSources = new LogSourceTable();
const normalize = (record: ReturnType<typeof fakeRecord>) =>
  normalizeRecord(record, logSources.facts(record.channel()!, record.eventId()!));

test('every record has the ECS fields of its System part and its EventData under winlog.event_data', () => {
  const event = normalize(fakeRecord(4662, 'Security', { ObjectName: '%{19195a5b}', Dash: '-' }, 77));
  assert.equal(event.ecs.get('event.code'), '4662');
  assert.equal(event.ecs.get('winlog.event_id'), '4662');
  assert.equal(event.ecs.get('winlog.channel'), 'Security');
  assert.equal(event.ecs.get('winlog.record_id'), '77');
  assert.equal(event.ecs.get('winlog.computer_name'), 'WS01.corp.example');
  assert.equal(event.ecs.get('host.name'), 'WS01.corp.example');
  assert.equal(event.ecs.get('host.os.type'), 'windows');
  assert.equal(event.ecs.get('event.provider'), 'Microsoft-Windows-Security-Auditing');
  assert.equal(event.ecs.get('@timestamp'), '2024-05-01T10:00:00.0000000Z');
  assert.equal(event.ecs.get('winlog.event_data.ObjectName'), '%{19195a5b}');
  assert.equal(event.ecs.get('winlog.event_data.Missing'), undefined);
  assert.equal(event.ecs.get('process.name'), undefined);
});

test('a process start has its process fields, event facts and dataset in ECS', () => {
  const sysmon = normalize(sysmon1());
  assert.deepEqual(sysmon.ecs.get('event.category'), ['process']);
  assert.deepEqual(sysmon.ecs.get('event.type'), ['start']);
  assert.equal(sysmon.ecs.get('data_stream.dataset'), 'windows.sysmon_operational');
  assert.equal(sysmon.ecs.get('event.dataset'), 'windows.sysmon_operational');
  assert.equal(sysmon.ecs.get('process.name'), 'net.exe');
  assert.equal(sysmon.ecs.get('winlog.event_data.IntegrityLevel'), sysmon.sigma.get('IntegrityLevel'));
  const security = normalize(security4688());
  assert.equal(security.ecs.get('event.module'), 'system');
  assert.equal(security.ecs.get('process.name'), 'net.exe');
  assert.equal(security.process?.source, 'security');
});

test('the catalogue of ECS fields by category: what process events can hold, and EventData always', () => {
  assert.ok(WINDOWS_EVENT_FIELDS.categories.includes('process'));
  assert.ok(WINDOWS_EVENT_FIELDS.hasField('process', 'process.command_line'));
  assert.ok(WINDOWS_EVENT_FIELDS.hasField('process', 'event.code'));
  assert.ok(WINDOWS_EVENT_FIELDS.hasField('process', 'winlog.event_data.AnythingAtAll'));
  assert.ok(!WINDOWS_EVENT_FIELDS.hasField('process', 'process.code_signature.trusted'));
  assert.ok(!WINDOWS_EVENT_FIELDS.hasField('process', 'process.Ext.token.integrity_level_name'));
  assert.ok(WINDOWS_EVENT_FIELDS.hasField('any', 'process.command_line'));
});
