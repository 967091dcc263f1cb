import type { EventDataValue, EvtxRecord } from '../../src/evtx/index.js';

/** An EvtxRecord built from plain data, for tests of the layers above the reader. */
export function fakeRecord(eventId: number, channel: string, data: Record<string, EventDataValue>, recordId = 1): EvtxRecord {
  const time = '2024-05-01T10:00:00.0000000Z';
  return {
    file: 'fake.evtx',
    chunkIndex: 0,
    offset: 4096 + 512,
    recordId,
    written: time,
    recovered: false,
    eventId: () => eventId,
    eventRecordId: () => recordId,
    channel: () => channel,
    provider: () => (channel === 'Security' ? 'Microsoft-Windows-Security-Auditing' : 'Microsoft-Windows-Sysmon'),
    computer: () => 'WS01.corp.example',
    timeCreated: () => time,
    userId: () => undefined,
    system: () => ({ eventId, channel, computer: 'WS01.corp.example', timeCreated: time, eventRecordId: recordId }),
    eventData: () => data,
    toXml: () => '<Event/>',
  };
}

export const SYSMON = 'Microsoft-Windows-Sysmon/Operational';

export function sysmon1(overrides: Record<string, string> = {}): EvtxRecord {
  return fakeRecord(1, SYSMON, {
    RuleName: '-',
    UtcTime: '2024-05-01 10:00:00.000',
    ProcessGuid: '{747F3D96-D849-5D31-0000-00103C522F00}',
    ProcessId: '6068',
    Image: 'C:\\Windows\\System32\\net.exe',
    FileVersion: '10.0.17763.1 (WinBuild.160101.0800)',
    Description: 'Net Command',
    Product: 'Microsoft® Windows® Operating System',
    Company: 'Microsoft Corporation',
    OriginalFileName: 'net.exe',
    CommandLine: 'net  use \\\\Target\\C$ P@ssw0rd1 /u:DOMAIN\\Administrator',
    CurrentDirectory: 'C:\\AtomicRedTeam\\',
    User: 'MSEDGEWIN10\\IEUser',
    LogonGuid: '{747F3D96-D4B4-5D31-0000-002051090500}',
    LogonId: '0x50951',
    TerminalSessionId: '1',
    IntegrityLevel: 'High',
    Hashes: 'SHA1=4F4970C3545972FEA2BC1984D597FC810E6321E0,MD5=AE61D8F04BCDE8158304067913160B31,IMPHASH=57F0C47AE2A1A2C06C8B987372AB0B07',
    ParentProcessGuid: '{747F3D96-D849-5D31-0000-0010E54F2F00}',
    ParentProcessId: '3284',
    ParentImage: 'C:\\Windows\\System32\\cmd.exe',
    ParentCommandLine: 'cmd.exe  /c  net use \\\\Target\\C$ P@ssw0rd1',
    ParentUser: '-',
    ...overrides,
  });
}

export function security4688(overrides: Record<string, string> = {}): EvtxRecord {
  return fakeRecord(4688, 'Security', {
    SubjectUserSid: 'S-1-5-21-1-2-3-1001',
    SubjectUserName: 'alice',
    SubjectDomainName: 'CORP',
    SubjectLogonId: '0x3e7',
    NewProcessId: '0xae8',
    NewProcessName: 'C:\\Windows\\System32\\net.exe',
    TokenElevationType: '%%1936',
    ProcessId: '0x248',
    CommandLine: 'net use \\\\10.0.0.5\\ADMIN$',
    TargetUserSid: 'S-1-0-0',
    TargetUserName: '-',
    TargetDomainName: '-',
    TargetLogonId: '0x0',
    ParentProcessName: 'C:\\Windows\\System32\\cmd.exe',
    MandatoryLabel: 'S-1-16-12288',
    ...overrides,
  });
}
