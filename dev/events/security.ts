/** Security log events, with the Windows 10 field lists. */
import type { EventDataEntry, EventSpec } from '../evtxWriter/index.js';
import {
  field,
  providerEvent,
  type Account,
  type EventOrigin,
  type IntegrityLevel,
  type ProcessCreation,
  type Provider,
  type RunningProcess,
} from './windows.js';

export const SECURITY_PROVIDER: Provider = {
  provider: 'Microsoft-Windows-Security-Auditing',
  providerGuid: '{54849625-5478-4994-A5BA-3E3B0328C30D}',
  channel: 'Security',
  keywords: 0x8020000000000000n,
};

/** The logon types 4624 and 4634 name; service logons come from the service control manager. */
export const LOGON_TYPE = { interactive: 2, service: 5 } as const;

const TOKEN_ELEVATION_TYPE: Readonly<Record<IntegrityLevel, string>> = { System: '%%1936', High: '%%1937', Medium: '%%1938' };
const MANDATORY_LABEL: Readonly<Record<IntegrityLevel, string>> = {
  System: 'S-1-16-16384',
  High: 'S-1-16-12288',
  Medium: 'S-1-16-8192',
};

export interface Logon {
  /** The account that performed the logon (LocalSystem for services and interactive logons). */
  readonly subject: Account;
  readonly target: Account;
  readonly logonType: number;
  readonly elevated: boolean;
}

/** 4688, in the Windows 10 form that names the parent process and mandatory label. */
export function securityProcessCreation(origin: EventOrigin, process: ProcessCreation): EventSpec {
  return securityEvent(origin, 4688, 2, 13312, [
    ...accountFields('Subject', process.account),
    field('NewProcessId', 'hexint64', process.processId),
    field('NewProcessName', 'string', process.program.image),
    field('TokenElevationType', 'string', TOKEN_ELEVATION_TYPE[process.integrity]),
    field('ProcessId', 'hexint64', process.parent.processId),
    field('CommandLine', 'string', process.commandLine),
    field('TargetUserSid', 'sid', 'S-1-0-0'),
    field('TargetUserName', 'string', '-'),
    field('TargetDomainName', 'string', '-'),
    field('TargetLogonId', 'hexint64', 0),
    field('ParentProcessName', 'string', process.parent.image),
    field('MandatoryLabel', 'sid', MANDATORY_LABEL[process.integrity]),
  ]);
}

/** 4689, a clean exit. */
export function securityProcessExit(origin: EventOrigin, process: RunningProcess): EventSpec {
  return securityEvent(origin, 4689, 0, 13313, [
    ...accountFields('Subject', process.account),
    field('Status', 'hexint32', 0),
    field('ProcessId', 'hexint64', process.processId),
    field('ProcessName', 'string', process.program.image),
  ]);
}

/** 4624, a local logon through services.exe; the workstation is the logging host's NetBIOS name. */
export function securityLogon(origin: EventOrigin, logon: Logon): EventSpec {
  const service = logon.logonType === LOGON_TYPE.service;
  return securityLogonFrom(origin, logon, {
    logonProcess: service ? 'Advapi  ' : 'User32 ',
    authenticationPackage: service ? 'Negotiate' : 'Kerberos',
    workstation: origin.computer.split('.')[0] as string,
    ipAddress: service ? '-' : '127.0.0.1',
    ipPort: service ? '-' : '0',
    process: { processId: 0x2a4, image: 'C:\\Windows\\System32\\services.exe' },
  });
}

/** 4672, the special privileges an administrator's logon is assigned. */
export function securitySpecialPrivileges(origin: EventOrigin, account: Account): EventSpec {
  return securityEvent(origin, 4672, 0, 12548, [
    ...accountFields('Subject', account),
    field(
      'PrivilegeList',
      'string',
      'SeSecurityPrivilege\r\n\t\t\tSeBackupPrivilege\r\n\t\t\tSeDebugPrivilege\r\n\t\t\tSeImpersonatePrivilege',
    ),
  ]);
}

/** 4634. */
export function securityLogoff(origin: EventOrigin, account: Account, logonType: number): EventSpec {
  return securityEvent(origin, 4634, 0, 12545, [...accountFields('Target', account), field('LogonType', 'uint32', logonType)]);
}

function securityEvent(origin: EventOrigin, eventId: number, version: number, task: number, data: EventDataEntry[]): EventSpec {
  return providerEvent(SECURITY_PROVIDER, origin, { eventId, version, level: 0, task }, data);
}

function accountFields(role: 'Subject' | 'Target', account: Account): EventDataEntry[] {
  return [
    field(`${role}UserSid`, 'sid', account.sid),
    field(`${role}UserName`, 'string', account.name),
    field(`${role}DomainName`, 'string', account.domain),
    field(`${role}LogonId`, 'hexint64', account.logonId),
  ];
}

/** How a logon reached the host: the logon process and package, the client's workstation and address, the calling process. */
export interface LogonSource {
  readonly logonProcess: string;
  readonly authenticationPackage: string;
  readonly workstation: string;
  readonly ipAddress: string;
  readonly ipPort: string;
  /** The process that asked for the logon; `-` fields for a logon over the network. */
  readonly process?: { readonly processId: number; readonly image: string };
}

/** 4624 of any logon type, from `source` (a network logon through NtLmSsp, a LogonUser call through Advapi, ...). */
export function securityLogonFrom(origin: EventOrigin, logon: Logon, source: LogonSource): EventSpec {
  const ntlm = source.authenticationPackage === 'NTLM';
  return securityEvent(origin, 4624, 2, 12544, [
    ...accountFields('Subject', logon.subject),
    ...accountFields('Target', logon.target),
    field('LogonType', 'uint32', logon.logonType),
    field('LogonProcessName', 'string', source.logonProcess),
    field('AuthenticationPackageName', 'string', source.authenticationPackage),
    field('WorkstationName', 'string', source.workstation),
    field('LogonGuid', 'guid', ntlm ? '{00000000-0000-0000-0000-000000000000}' : logon.target.logonGuid),
    field('TransmittedServices', 'string', '-'),
    field('LmPackageName', 'string', ntlm ? 'NTLM V2' : '-'),
    field('KeyLength', 'uint32', ntlm ? 128 : 0),
    field('ProcessId', 'hexint64', source.process?.processId ?? 0),
    field('ProcessName', 'string', source.process?.image ?? '-'),
    field('IpAddress', 'string', source.ipAddress),
    field('IpPort', 'string', source.ipPort),
    field('ImpersonationLevel', 'string', '%%1833'),
    field('RestrictedAdminMode', 'string', '-'),
    field('TargetOutboundUserName', 'string', '-'),
    field('TargetOutboundDomainName', 'string', '-'),
    field('VirtualAccount', 'string', '%%1843'),
    field('TargetLinkedLogonId', 'hexint64', 0),
    field('ElevatedToken', 'string', logon.elevated ? '%%1842' : '%%1843'),
  ]);
}

/** A service as 4697 describes it. */
export interface InstalledService {
  readonly name: string;
  readonly fileName: string;
  /** 0x10 own process, 0x1 kernel driver, ... */
  readonly type: number;
  /** 2 auto start, 3 demand start, ... */
  readonly startType: number;
  readonly account: string;
  /** The process that called the service control manager; 0 when the request came over RPC from elsewhere. */
  readonly clientProcessId: number;
  readonly parentProcessId: number;
}

/** 4697 in the Windows 11 / Server 2022 form, which names the client process of the request. */
export function securityServiceInstalled(origin: EventOrigin, subject: Account, service: InstalledService): EventSpec {
  return securityEvent(origin, 4697, 1, 12289, [
    ...accountFields('Subject', subject),
    field('ServiceName', 'string', service.name),
    field('ServiceFileName', 'string', service.fileName),
    field('ServiceType', 'hexint32', service.type),
    field('ServiceStartType', 'uint32', service.startType),
    field('ServiceAccount', 'string', service.account),
    field('ClientProcessStartKey', 'uint64', 0n),
    field('ClientProcessId', 'uint32', service.clientProcessId),
    field('ParentProcessId', 'uint32', service.parentProcessId),
  ]);
}

/** A file on a share as 5145 names it, and the access asked for (message codes such as %%4417 WriteData). */
export interface ShareFileAccess {
  readonly shareName: string;
  readonly shareLocalPath: string;
  readonly relativeTargetName: string;
  readonly ipAddress: string;
  readonly ipPort: number;
  readonly accessMask: number;
  readonly accessList: readonly string[];
}

/** 5145, a detailed file share access check that was granted. */
export function securityShareAccessCheck(origin: EventOrigin, subject: Account, access: ShareFileAccess): EventSpec {
  return securityEvent(origin, 5145, 0, 12811, [
    ...accountFields('Subject', subject),
    field('ObjectType', 'string', 'File'),
    field('IpAddress', 'string', access.ipAddress),
    field('IpPort', 'string', String(access.ipPort)),
    field('ShareName', 'string', access.shareName),
    field('ShareLocalPath', 'string', access.shareLocalPath),
    field('RelativeTargetName', 'string', access.relativeTargetName),
    field('AccessMask', 'hexint32', access.accessMask),
    field('AccessList', 'string', access.accessList.map((code) => `${code}\r\n\t\t\t\t`).join('')),
    field('AccessReason', 'string', '-'),
  ]);
}
