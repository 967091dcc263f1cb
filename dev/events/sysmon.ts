/** Sysmon events, their fields in the order Sysmon writes them. */
import { createHash } from 'node:crypto';
import type { EventDataEntry, EventSpec } from '../evtxWriter/index.js';
import {
  field,
  isLocalSystem,
  LOCAL_SYSTEM_SID,
  providerEvent,
  type Account,
  type EventOrigin,
  type ProcessCreation,
  type Provider,
  type RunningProcess,
} from './windows.js';

export const SYSMON_PROVIDER: Provider = {
  provider: 'Microsoft-Windows-Sysmon',
  providerGuid: '{5770385F-C22A-43E0-BF4C-06F5698FFBD9}',
  channel: 'Microsoft-Windows-Sysmon/Operational',
  keywords: 0x8000000000000000n,
};

/** Sysmon's UtcTime is when it saw the activity; TimeCreated, a little later, when it logged it. */
export interface SysmonOrigin extends EventOrigin {
  readonly utcTime: Date;
}

export interface NetworkConnection {
  readonly sourceIp: string;
  readonly sourcePort: number;
  readonly destinationIp: string;
  /** `-` when Sysmon could not resolve it. */
  readonly destinationHostname: string;
  readonly destinationPort: number;
  readonly destinationPortName: string;
}

/** Event 1. */
export function sysmonProcessCreate(origin: SysmonOrigin, process: ProcessCreation): EventSpec {
  const { program, account, parent } = process;
  const system = isLocalSystem(account);
  return sysmonEvent(origin, 1, 5, [
    ...processFields(origin, process),
    field('FileVersion', 'string', program.fileVersion),
    field('Description', 'string', program.description),
    field('Product', 'string', program.product),
    field('Company', 'string', program.company),
    field('OriginalFileName', 'string', program.originalFileName),
    field('CommandLine', 'string', process.commandLine),
    // Services start in system32 and session 0; users in their profile and their desktop session.
    field('CurrentDirectory', 'string', system ? 'C:\\Windows\\system32\\' : `C:\\Users\\${account.name}\\`),
    field('User', 'string', sysmonUser(account)),
    field('LogonGuid', 'guid', account.logonGuid),
    field('LogonId', 'hexint64', account.logonId),
    field('TerminalSessionId', 'uint32', system ? 0 : 1),
    field('IntegrityLevel', 'string', process.integrity),
    field('Hashes', 'string', imageHashes(program.image)),
    field('ParentProcessGuid', 'guid', parent.processGuid),
    field('ParentProcessId', 'uint32', parent.processId),
    field('ParentImage', 'string', parent.image),
    field('ParentCommandLine', 'string', parent.commandLine),
    // ParentProcess carries no account: the parent is taken to run as the child's.
    field('ParentUser', 'string', sysmonUser(account)),
  ]);
}

/** Event 3, an outgoing TCP connection over IPv4 from the logging host. */
export function sysmonNetworkConnect(origin: SysmonOrigin, process: RunningProcess, connection: NetworkConnection): EventSpec {
  return sysmonEvent(origin, 3, 5, [
    ...processFields(origin, process),
    field('User', 'string', sysmonUser(process.account)),
    field('Protocol', 'string', 'tcp'),
    field('Initiated', 'bool', true),
    field('SourceIsIpv6', 'bool', false),
    field('SourceIp', 'string', connection.sourceIp),
    field('SourceHostname', 'string', origin.computer),
    field('SourcePort', 'uint16', connection.sourcePort),
    field('SourcePortName', 'string', '-'),
    field('DestinationIsIpv6', 'bool', false),
    field('DestinationIp', 'string', connection.destinationIp),
    field('DestinationHostname', 'string', connection.destinationHostname),
    field('DestinationPort', 'uint16', connection.destinationPort),
    field('DestinationPortName', 'string', connection.destinationPortName),
  ]);
}

/** Event 5. */
export function sysmonProcessTerminate(origin: SysmonOrigin, process: RunningProcess): EventSpec {
  return sysmonEvent(origin, 5, 3, [...processFields(origin, process), field('User', 'string', sysmonUser(process.account))]);
}

/** Event 11, a file created at UtcTime. */
export function sysmonFileCreate(origin: SysmonOrigin, process: RunningProcess, targetFilename: string): EventSpec {
  return sysmonEvent(origin, 11, 2, [
    ...processFields(origin, process),
    field('TargetFilename', 'string', targetFilename),
    field('CreationUtcTime', 'string', sysmonTime(origin.utcTime)),
    field('User', 'string', sysmonUser(process.account)),
  ]);
}

/** Event 13. */
export function sysmonRegistryValueSet(
  origin: SysmonOrigin,
  process: RunningProcess,
  value: { readonly targetObject: string; readonly details: string },
): EventSpec {
  return sysmonEvent(origin, 13, 2, [
    ...processFields(origin, process, 'SetValue'),
    field('TargetObject', 'string', value.targetObject),
    field('Details', 'string', value.details),
    field('User', 'string', sysmonUser(process.account)),
  ]);
}

export interface DnsQuery {
  readonly queryName: string;
  /** A Windows error code: 0 when the query succeeded, 9003 for a name that does not exist. */
  readonly queryStatus: number;
  /** The answers as the resolver returned them: `type:  5 cname.example;::ffff:192.0.2.1;`, or `-` for none. */
  readonly queryResults: string;
}

/** Event 22, a DNS query a process made, with the resolver's answers. */
export function sysmonDnsQuery(origin: SysmonOrigin, process: RunningProcess, query: DnsQuery): EventSpec {
  return sysmonEvent(origin, 22, 5, [
    field('RuleName', 'string', '-'),
    field('UtcTime', 'string', sysmonTime(origin.utcTime)),
    field('ProcessGuid', 'guid', process.processGuid),
    field('ProcessId', 'uint32', process.processId),
    field('QueryName', 'string', query.queryName),
    field('QueryStatus', 'string', String(query.queryStatus)),
    field('QueryResults', 'string', query.queryResults),
    field('Image', 'string', process.program.image),
    field('User', 'string', sysmonUser(process.account)),
  ]);
}

/** `DOMAIN\user`, or how Sysmon names LocalSystem. */
export function sysmonUser(account: Account): string {
  return isLocalSystem(account) ? 'NT AUTHORITY\\SYSTEM' : `${account.domain}\\${account.name}`;
}

/** RuleName to Image, the fields every Sysmon event opens with; registry events name their EventType. */
function processFields(origin: SysmonOrigin, process: RunningProcess, eventType?: string): EventDataEntry[] {
  return [
    field('RuleName', 'string', '-'),
    ...(eventType === undefined ? [] : [field('EventType', 'string', eventType)]),
    field('UtcTime', 'string', sysmonTime(origin.utcTime)),
    field('ProcessGuid', 'guid', process.processGuid),
    field('ProcessId', 'uint32', process.processId),
    field('Image', 'string', process.program.image),
  ];
}

function sysmonEvent(origin: SysmonOrigin, eventId: number, version: number, data: EventDataEntry[]): EventSpec {
  return providerEvent(SYSMON_PROVIDER, origin, { eventId, version, level: 4, task: eventId, userSid: LOCAL_SYSTEM_SID }, data);
}

/** `2024-03-11 07:30:00.000` */
function sysmonTime(time: Date): string {
  return time.toISOString().replace('T', ' ').replace('Z', '');
}

/** Stand-in digests of an image: derived from its path, so that each image has its own. */
function imageHashes(image: string): string {
  const digest = (algorithm: string) => createHash(algorithm).update(image).digest('hex').toUpperCase();
  return `SHA1=${digest('sha1')},MD5=${digest('md5')},SHA256=${digest('sha256')},IMPHASH=${digest('md5').split('').reverse().join('')}`;
}
