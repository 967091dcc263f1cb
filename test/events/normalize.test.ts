import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LogSourceTable } from '../../src/events/logsource.js';
import { normalizeRecord, recordFacts as tableFacts } from '../../src/events/normalize.js';
import { fakeRecord, security4688, sysmon1, SYSMON } from './fakeRecord.js';
import type { EvtxRecord } from '../../src/evtx/index.js';

const logSources = new LogSourceTable();
const recordFacts = (record: EvtxRecord) => tableFacts(record, logSources);

function normalize(record: EvtxRecord) {
  const facts = recordFacts(record);
  assert.ok(facts);
  return normalizeRecord(record, facts);
}

test('Sysmon 1 and Security 4688 are process_creation; other records are not', () => {
  assert.deepEqual(recordFacts(sysmon1())?.categories, ['process_creation']);
  assert.deepEqual(recordFacts(sysmon1())?.services, ['sysmon']);
  assert.deepEqual(recordFacts(security4688())?.categories, ['process_creation']);
  assert.deepEqual(recordFacts(security4688())?.services, ['security']);
  assert.deepEqual(recordFacts(fakeRecord(4624, 'Security', {}))?.categories, []);
  assert.deepEqual(recordFacts(fakeRecord(4688, 'Application', {}))?.categories, []);
  assert.deepEqual(recordFacts(fakeRecord(3, SYSMON, {}))?.categories, ['network_connection']);
});

test('channel names compare case-insensitively, as Windows compares them', () => {
  const event = normalize(fakeRecord(4688, 'SECURITY', { NewProcessName: 'C:\\x\\net.exe' }));
  assert.equal(event.process?.source, 'security');
  assert.equal(event.sigma.get('Image'), 'C:\\x\\net.exe');
  assert.equal(event.ecs.get('process.name'), 'net.exe');
});

test('facts are interned per (channel, event id), so rule selection can be cached on them', () => {
  assert.equal(recordFacts(sysmon1()), recordFacts(sysmon1({ Image: 'x' })));
});

test('4688 answers Sigma names: Image, ParentImage, User, LogonId, IntegrityLevel, ProcessId', () => {
  const { sigma, process } = normalize(security4688());
  assert.equal(process?.source, 'security');
  assert.equal(sigma.get('Image'), 'C:\\Windows\\System32\\net.exe');
  assert.equal(sigma.get('ParentImage'), 'C:\\Windows\\System32\\cmd.exe');
  assert.equal(sigma.get('User'), 'CORP\\alice');
  assert.equal(sigma.get('LogonId'), '0x3e7');
  assert.equal(sigma.get('IntegrityLevel'), 'High');
  assert.equal(sigma.get('ProcessId'), 0xae8);
  assert.equal(sigma.get('ParentProcessId'), 0x248);
  assert.equal(sigma.get('CommandLine'), 'net use \\\\10.0.0.5\\ADMIN$');
  // raw names still answer, System fields too
  assert.equal(sigma.get('NewProcessName'), 'C:\\Windows\\System32\\net.exe');
  assert.equal(sigma.get('EventID'), 4688);
  assert.equal(sigma.get('Channel'), 'Security');
});

test('fields 4688 lacks are absent, not empty', () => {
  const { sigma } = normalize(security4688());
  for (const name of ['OriginalFileName', 'ParentCommandLine', 'Hashes', 'Description', 'Product', 'Company']) {
    assert.equal(sigma.get(name), undefined, name);
  }
});

test('an empty 4688 CommandLine stays an empty value; "-" is a value to Sigma, no value to the process event', () => {
  assert.equal(normalize(security4688({ CommandLine: '' })).sigma.get('CommandLine'), '');
  const sysmon = normalize(sysmon1({ OriginalFileName: '-' }));
  assert.equal(sysmon.sigma.get('OriginalFileName'), '-');
  assert.equal(sysmon.sigma.get('ParentUser'), '-');
  assert.equal(sysmon.sigma.get('RuleName'), '-');
  assert.equal(sysmon.process?.originalFileName, undefined);
  assert.equal(sysmon.ecs.get('process.pe.original_file_name'), undefined);
  // 4688 writes '-' when the parent is unknown: Sigma's ParentImage is that value, the process has no parent image
  const security = normalize(security4688({ ParentProcessName: '-' }));
  assert.equal(security.sigma.get('ParentImage'), '-');
  assert.equal(security.process?.parentImage, undefined);
  assert.equal(security.ecs.get('process.parent.name'), undefined);
});

test('mandatory labels translate to integrity levels', () => {
  const levels: Record<string, string> = {
    'S-1-16-4096': 'Low',
    'S-1-16-8192': 'Medium',
    'S-1-16-12288': 'High',
    'S-1-16-16384': 'System',
  };
  for (const [label, level] of Object.entries(levels)) {
    assert.equal(normalize(security4688({ MandatoryLabel: label })).sigma.get('IntegrityLevel'), level);
  }
});

test('ECS view of Sysmon 1', () => {
  const { ecs } = normalize(sysmon1());
  assert.equal(ecs.get('process.name'), 'net.exe');
  assert.equal(ecs.get('process.executable'), 'C:\\Windows\\System32\\net.exe');
  assert.deepEqual(ecs.get('process.args'), ['net', 'use', '\\\\Target\\C$', 'P@ssw0rd1', '/u:DOMAIN\\Administrator']);
  assert.equal(ecs.get('process.args_count'), 5);
  assert.equal(ecs.get('process.pe.original_file_name'), 'net.exe');
  assert.equal(ecs.get('process.parent.name'), 'cmd.exe');
  assert.deepEqual(ecs.get('process.parent.args'), ['cmd.exe', '/c', 'net', 'use', '\\\\Target\\C$', 'P@ssw0rd1']);
  assert.equal(ecs.get('process.pid'), 6068);
  assert.equal(ecs.get('process.parent.pid'), 3284);
  assert.equal(ecs.get('process.entity_id'), '{747F3D96-D849-5D31-0000-00103C522F00}');
  assert.equal(ecs.get('process.hash.sha1'), '4f4970c3545972fea2bc1984d597fc810e6321e0');
  assert.equal(ecs.get('process.hash.sha256'), undefined);
  assert.equal(ecs.get('user.name'), 'IEUser');
  assert.equal(ecs.get('user.domain'), 'MSEDGEWIN10');
  assert.equal(ecs.get('host.name'), 'WS01.corp.example');
  assert.equal(ecs.get('host.os.type'), 'windows');
  assert.equal(ecs.get('event.code'), '1');
  assert.deepEqual(ecs.get('event.type'), ['start']);
  assert.deepEqual(ecs.get('event.category'), ['process']);
  assert.equal(ecs.get('process.code_signature.subject_name'), undefined);
});

test('ECS view of 4688: no original file name, parent from ParentProcessName, pids from hex', () => {
  const { ecs } = normalize(security4688());
  assert.equal(ecs.get('process.name'), 'net.exe');
  assert.equal(ecs.get('process.pe.original_file_name'), undefined);
  assert.equal(ecs.get('process.parent.name'), 'cmd.exe');
  assert.equal(ecs.get('process.parent.args'), undefined);
  assert.equal(ecs.get('process.pid'), 0xae8);
  assert.equal(ecs.get('user.id'), 'S-1-5-21-1-2-3-1001');
  assert.equal(ecs.get('event.code'), '4688');
  assert.equal(normalize(security4688({ CommandLine: '' })).ecs.get('process.args'), undefined);
});

test('non-process records have no process event; Sigma sees their EventData, ECS what their schema derives', () => {
  const event = normalize(fakeRecord(3, SYSMON, { DestinationIp: '10.1.2.3', Image: 'C:\\x.exe' }));
  assert.equal(event.process, undefined);
  assert.equal(event.ecs.get('process.name'), 'x.exe');
  assert.equal(event.ecs.get('destination.ip'), '10.1.2.3');
  assert.equal(event.sigma.get('DestinationIp'), '10.1.2.3');
  assert.deepEqual([...event.sigma.values()].sort(), ['10.1.2.3', 'C:\\x.exe']);
});

test("Sigma names answer Defender's names with spaces; antivirus rules' Signature and Filename alias them", () => {
  const defender = 'Microsoft-Windows-Windows Defender/Operational';
  const { sigma, logsource } = normalize(fakeRecord(1116, defender, { 'Threat Name': 'HackTool:Win32/Mimikatz', Path: 'file:_C:\\m.exe' }));
  assert.deepEqual(logsource.categories, ['antivirus']);
  assert.equal(sigma.get('ThreatName'), 'HackTool:Win32/Mimikatz');
  assert.equal(sigma.get('Threat Name'), 'HackTool:Win32/Mimikatz');
  assert.equal(sigma.get('Signature'), 'HackTool:Win32/Mimikatz');
  assert.equal(sigma.get('Filename'), 'file:_C:\\m.exe');
  assert.equal(sigma.get('ProcessName'), undefined);
  // the aliases are the antivirus category's: Sysmon 7's own Signature is not Defender's
  assert.equal(normalize(fakeRecord(7, SYSMON, { Signature: 'Microsoft Windows' })).sigma.get('Signature'), 'Microsoft Windows');
  assert.equal(normalize(fakeRecord(5007, defender, { 'New Value': 'x' })).sigma.get('Signature'), undefined);
});
