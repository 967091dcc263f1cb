/**
 * Security events seen through ECS as Elastic's Security pipeline derives them (elastic/integrations
 * security_standard.yml, linked by the system package's security data stream), on real events of
 * the shared attack corpus; 4697, which the corpus lacks, is written by the dev writer.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { securityServiceInstalled } from '../../dev/events/security.js';
import { writeEvtxFile } from '../../dev/evtxWriter/index.js';
import { LogSourceTable } from '../../src/events/logsource.js';
import { normalizeRecord, recordFacts, type NormalizedEvent } from '../../src/events/normalize.js';
import { readEvtxFile, type EvtxRecord } from '../../src/evtx/index.js';
import type { FieldValue } from '../../src/events/types.js';
import { sharedMissing, SHARED_DIR } from '../support/sharedData.js';
import { fakeRecord } from './fakeRecord.js';

const logSources = new LogSourceTable();
const CORPUS = (): string => join(SHARED_DIR, 'corpus/evtx-attack-samples');
const skip = sharedMissing();

/** The record with this EventRecordID in a log, normalized as a hunt normalizes it. */
function eventOf(path: string, eventRecordId: number): NormalizedEvent {
  for (const record of readEvtxFile(path)) {
    if (Number(record.eventRecordId()) === eventRecordId) return normalized(record);
  }
  throw new Error(`${path} has no record #${eventRecordId}`);
}

function normalized(record: EvtxRecord): NormalizedEvent {
  const facts = recordFacts(record, logSources);
  assert.ok(facts);
  return normalizeRecord(record, facts);
}

function corpusEvent(file: string, eventRecordId: number): NormalizedEvent {
  return eventOf(join(CORPUS(), file), eventRecordId);
}

/** The event's values of `fields` (undefined where it has none). */
function ecs(event: NormalizedEvent, fields: readonly string[]): Record<string, FieldValue | undefined> {
  return Object.fromEntries(fields.map((name) => [name, event.ecs.get(name)]));
}

function assertEcs(event: NormalizedEvent, expected: Readonly<Record<string, FieldValue | undefined>>): void {
  assert.deepEqual(ecs(event, Object.keys(expected)), expected);
}

test(
  'authentication: a failed interactive logon (4625) has the target as user.*, the failure decoded, the moved fields gone',
  { skip },
  () => {
    const event = corpusEvent('Credential Access/CA_4624_4625_LogonType2_LogonProc_chrome.evtx', 137222);
    assert.deepEqual(event.logsource.ecsCategories, ['authentication']);
    assertEcs(event, {
      'event.category': ['authentication'],
      'event.type': ['start'],
      'event.action': 'logon-failed',
      'event.outcome': 'failure',
      'event.code': '4625',
      'winlog.logon.type': 'Interactive',
      'winlog.logon.id': '0x79e59',
      'winlog.logon.failure.reason': 'Unknown user name or bad password.',
      'winlog.logon.failure.status': 'This is either due to a bad username or authentication information',
      'winlog.logon.failure.sub_status': 'User logon with misspelled or bad password',
      'user.name': 'IEUser',
      'user.domain': 'MSEDGEWIN10',
      'user.id': 'S-1-0-0',
      'process.pid': 4952,
      'process.executable': 'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
      'process.name': 'chrome.exe',
      'source.domain': 'MSEDGEWIN10',
      // IpAddress and IpPort are '-': dropped, so no source.ip, and moved fields leave winlog.event_data.
      'source.ip': undefined,
      'source.port': undefined,
      'winlog.event_data.IpAddress': undefined,
      'winlog.event_data.ProcessName': undefined,
      'winlog.event_data.WorkstationName': undefined,
      'winlog.event_data.LogonProcessName': 'Chrome',
      'related.user': ['IEUser'],
    });
  },
);

test('authentication: a network logon (4624) has source.ip and source.port, and winlog.logon.id is the subject logon id', { skip }, () => {
  const event = corpusEvent('Privilege Escalation/privexchange_dirkjan.evtx', 65967);
  assertEcs(event, {
    'event.action': 'logged-in',
    'event.outcome': 'success',
    'winlog.logon.type': 'Network',
    'winlog.logon.id': '0x0',
    'user.name': 'ICORP-DC$',
    'user.id': 'S-1-5-18',
    'user.domain': 'INTERNAL.CORP',
    'source.ip': '127.0.0.1',
    'source.port': 50151,
    'process.pid': 0,
    'related.ip': ['127.0.0.1'],
  });
});

test(
  'authentication: Kerberos (4769) strips the realm from user.name, unwraps an IPv4-mapped address, decodes the ticket',
  { skip },
  () => {
    const event = corpusEvent('Privilege Escalation/samaccount_spoofing_CVE-2021-42287_CVE-2021-42278_DC_securitylogs.evtx', 2982083);
    assertEcs(event, {
      'event.action': 'kerberos-service-ticket-requested',
      'event.outcome': 'success',
      'user.name': 'lgrove',
      'user.domain': 'THREEBEESCO.COM',
      'user.id': undefined,
      'service.name': '01566S-WIN16-IR$',
      'source.ip': '172.16.66.19',
      'source.port': 50612,
      'winlog.event_data.TicketOptionsDescription': ['Forwardable', 'Renewable', 'Name-canonicalize'],
      'winlog.event_data.TicketEncryptionTypeDescription': 'AES256-CTS-HMAC-SHA1-96',
      'winlog.event_data.StatusDescription': 'KDC_ERR_NONE',
    });
  },
);

test(
  'iam: a renamed account (4781) has the subject as user.*, the old name as user.target.name, the new one as user.changes.name',
  { skip },
  () => {
    const event = corpusEvent('Privilege Escalation/samaccount_spoofing_CVE-2021-42287_CVE-2021-42278_DC_securitylogs.evtx', 2982094);
    assert.deepEqual(event.logsource.ecsCategories, ['iam']);
    assertEcs(event, {
      'event.type': ['user', 'change'],
      'event.action': 'renamed-user-account',
      'user.name': 'lgrove',
      'user.domain': '3B',
      'user.id': 'S-1-5-21-308926384-506822093-3341789130-101606',
      'user.target.name': 'DC012$',
      'user.changes.name': '01566s-win16-ir',
      'winlog.logon.id': '0x738ce4',
      'related.user': ['lgrove', '01566s-win16-ir', 'DC012$'],
      'winlog.event_data.OldTargetUserName': 'DC012$',
    });
  },
);

test('iam: a member added to a local group (4732) has group.*, and no user.target without a MemberName', { skip }, () => {
  const event = corpusEvent('Persistence/Network_Service_Guest_added_to_admins_4732.evtx', 191029);
  assertEcs(event, {
    'event.type': ['group', 'change'],
    'event.action': 'added-member-to-group',
    'group.id': 'S-1-5-32-544',
    'group.name': 'Administrators',
    'group.domain': 'Builtin',
    'user.name': 'IEUser',
    'user.id': 'S-1-5-21-3461203602-4096304019-2269080069-1000',
    'user.target.name': undefined,
    'user.target.group.id': undefined,
  });
});

test('iam: a created account (4720) lists its UAC flags as NewUACList and UserAccountControl as codes', { skip }, () => {
  const event = corpusEvent('Defense Evasion/DE_Fake_ComputerAccount_4720.evtx', 769629);
  assertEcs(event, {
    'event.type': ['user', 'creation'],
    'event.action': 'added-user-account',
    'user.name': '01566S-WIN16-IR$',
    'user.target.name': '$',
    'user.target.id': 'S-1-5-21-308926384-506822093-3341789130-107103',
    'user.target.domain': '3B',
    'winlog.event_data.NewUACList': ['USER_ACCOUNT_DISABLED', 'USER_PASSWORD_NOT_REQUIRED', 'USER_NORMAL_ACCOUNT'],
    'winlog.event_data.UserAccountControl': ['2080', '2082', '2084'],
    'related.user': ['01566S-WIN16-IR$', '$'],
  });
});

test('iam and configuration: a scheduled task created (4698) has the subject as user.* and the task name', { skip }, () => {
  const event = corpusEvent('Lateral Movement/LM_ScheduledTask_ATSVC_target_host.evtx', 566836);
  assert.deepEqual(event.logsource.ecsCategories, ['iam', 'configuration']);
  assertEcs(event, {
    'event.type': ['creation', 'admin'],
    'event.action': 'scheduled-task-created',
    'user.name': 'Administrator',
    'user.domain': 'EXAMPLE',
    'winlog.scheduled_task.name': '\\CYAlyNSS',
    'winlog.event_data.TaskName': '\\CYAlyNSS',
  });
});

test('iam: the audit log cleared (1102) reads its subject from UserData, as winlog.user_data', { skip }, () => {
  const event = corpusEvent('Discovery/discovery_bloodhound.evtx', 32853);
  assertEcs(event, {
    'event.action': 'audit-log-cleared',
    'event.type': ['admin', 'change'],
    'user.name': 'Administrator',
    'user.domain': 'EXAMPLE',
    'user.id': 'S-1-5-21-1587066498-1489273250-1035260531-500',
    'winlog.logon.id': '0x35312',
    'winlog.user_data.SubjectUserName': 'Administrator',
    'winlog.event_data.SubjectUserName': undefined,
  });
});

test('network and file: a share access check (5145) has file.* and source.*, without the empty ShareLocalPath', { skip }, () => {
  const event = corpusEvent('Discovery/discovery_bloodhound.evtx', 32854);
  assert.deepEqual(event.logsource.ecsCategories, ['network', 'file']);
  assertEcs(event, {
    'event.action': 'network-share-object-access-checked',
    'file.name': 'samr',
    'file.directory': undefined,
    'file.path': undefined,
    'file.target_path': '\\\\*\\IPC$\\samr',
    'source.ip': '10.0.2.18',
    'source.port': 49786,
    'user.name': 'admin01',
    'winlog.event_data.AccessListDescription': [
      'READ_CONTROL',
      'SYNCHRONIZE',
      'ReadData (or ListDirectory)',
      'WriteData (or AddFile)',
      'AppendData (or AddSubdirectory or CreatePipeInstance)',
      'ReadEA',
      'WriteEA',
      'ReadAttributes',
      'WriteAttributes',
    ],
  });
});

test('network: a permitted connection (5156) has source.*, destination.*, network.* and the application as process.*', { skip }, () => {
  const event = corpusEvent('Command and Control/DE_RDP_Tunnel_5156.evtx', 227694);
  assertEcs(event, {
    'event.type': ['connection', 'info', 'allowed'],
    'source.ip': 'fe80::80ac:4126:fa58:1b81',
    'source.port': 546,
    'destination.ip': 'ff02::1:2',
    'destination.port': 547,
    'network.transport': 'udp',
    'network.direction': 'outbound',
    'process.name': 'svchost.exe',
    'winlog.event_data.Application': undefined,
  });
});

test('4703, which the pipeline does not categorize, has its task name as event.action and no category', { skip }, () => {
  const event = corpusEvent('Privilege Escalation/win10_4703_SeDebugPrivilege_enabled.evtx', 11983);
  assert.deepEqual(event.logsource.ecsCategories, []);
  assertEcs(event, {
    'event.action': 'Token Right Adjusted Events',
    'winlog.logon.id': '0x342ba',
    'winlog.event_data.ProcessName': 'C:\\Users\\IEUser\\Desktop\\x64\\mimikatz.exe',
    'process.executable': undefined,
  });
});

test('configuration: a service installed (4697, written by the dev writer) has service.*, the subject as user.*', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'hunt-4697-')), 'Security.evtx');
  const subject = {
    name: 'admin',
    domain: 'WKS-07',
    sid: 'S-1-5-21-1-2-3-500',
    logonId: 0x4a1f2n,
    logonGuid: '{00000000-0000-0000-0000-000000000000}',
  };
  writeEvtxFile(path, [
    securityServiceInstalled({ computer: 'WKS-07', timeCreated: new Date('2024-03-11T09:15:00Z') }, subject, {
      name: 'updsvc',
      fileName: 'C:\\ProgramData\\upd.exe',
      type: 0x10,
      startType: 3,
      account: 'LocalSystem',
      clientProcessId: 0,
      parentProcessId: 0,
    }),
  ]);
  const event = eventOf(path, 1);
  assert.deepEqual(event.logsource.ecsCategories, ['iam', 'configuration']);
  assertEcs(event, {
    'event.action': 'service-installed',
    'event.type': ['admin', 'change'],
    'service.name': 'updsvc',
    'service.type': 'Win32 Own Process',
    'user.name': 'admin',
    'user.domain': 'WKS-07',
    'user.id': 'S-1-5-21-1-2-3-500',
    'winlog.logon.id': '0x4a1f2',
    'winlog.event_data.ClientProcessId': '0',
    'winlog.event_data.ServiceFileName': 'C:\\ProgramData\\upd.exe',
  });
});

test('iam: a member added to a domain group (4728) has the member DN as user.target.*, the group as group.* and user.target.group.*', () => {
  const event = normalized(
    fakeRecord(4728, 'Security', {
      MemberName: 'CN=Doe\\, John,OU=Staff,DC=corp,DC=example',
      MemberSid: 'S-1-5-21-1-2-3-1150',
      TargetUserName: 'Domain Admins',
      TargetDomainName: 'CORP',
      TargetSid: 'S-1-5-21-1-2-3-512',
      SubjectUserSid: 'S-1-5-18',
      SubjectUserName: 'DC01$',
      SubjectDomainName: 'CORP',
      SubjectLogonId: '0x3e7',
      PrivilegeList: '-',
    }),
  );
  assertEcs(event, {
    'event.action': 'added-member-to-group',
    'group.id': 'S-1-5-21-1-2-3-512',
    'group.name': 'Domain Admins',
    'group.domain': 'CORP',
    'user.target.name': 'Doe\\, John',
    'user.target.domain': 'example',
    'user.target.group.id': 'S-1-5-21-1-2-3-512',
    'user.target.group.name': 'Domain Admins',
    'user.name': 'DC01$',
    'user.id': 'S-1-5-18',
    'related.user': ['Doe\\, John', 'DC01$'],
  });
});
