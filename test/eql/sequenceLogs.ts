/**
 * Logs for sequence rules, written with the dev EVTX writer as Sysmon logs them, read back through
 * the reader and normalization as a hunt reads them. Reusable for CLI end-to-end tests: `SequenceHost`
 * builds the events, `writeSequenceLog` writes them, `readTimedEvents` reads them back.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { windowsProgram } from '../../dev/events/programs.js';
import { SECURITY_PROVIDER, securityLogonFrom } from '../../dev/events/security.js';
import { sysmonDnsQuery, sysmonNetworkConnect, sysmonProcessCreate, type NetworkConnection } from '../../dev/events/sysmon.js';
import { field, providerEvent, type Account, type ProcessCreation, type Program, type RunningProcess } from '../../dev/events/windows.js';
import { writeEvtxFile, type EventSpec } from '../../dev/evtxWriter/index.js';
import { LogSourceTable } from '../../src/events/logsource.js';
import { normalizeRecord, recordFacts } from '../../src/events/normalize.js';
import { readEvtxFile } from '../../src/evtx/index.js';
import { loadElasticRuleFile } from '../../src/rules/eql/index.js';
import type { TemporalRule } from '../../src/rules/types.js';
import type { TimedEvent } from './temporal.js';

export const WORKSTATION = 'WKS-FIN-07.corp.example.com';

export const USER: Account = {
  name: 'carol',
  domain: 'CORP',
  sid: 'S-1-5-21-2811931466-3360357812-1042231543-1107',
  logonId: 0x5a3c1n,
  logonGuid: '{7A1B2C3D-4E5F-6071-8293-A4B5C6D7E8F9}',
};

const EXPLORER = {
  processId: 5120,
  processGuid: '{4C4B1D3A-0001-65EE-0A01-000000000E00}',
  image: 'C:\\Windows\\explorer.exe',
  commandLine: 'C:\\Windows\\Explorer.EXE',
};

/** A public address, outside every range Elastic's rules exclude as internal. */
export const PUBLIC_ADDRESS = '93.184.216.34';

/** What a rule's event is recognised by: the EVTX record id the writer gave it. */
export type RecordId = number;

/** Builds one host's Sysmon events in time order: processes started by the user from Explorer, and what they do. */
export class SequenceHost {
  private readonly events: EventSpec[] = [];
  private nextPid = 6000;
  private nextRecordId = 1000;

  constructor(private readonly start: Date) {}

  /** A process start `seconds` after the host's start time (Sysmon 1); its record id and the running process. */
  startProcess(
    seconds: number,
    program: Program,
    commandLine: string,
    account: Account = USER,
  ): { recordId: RecordId; process: RunningProcess } {
    const processId = this.nextPid++;
    const process: ProcessCreation = {
      processId,
      processGuid: `{4C4B1D3A-${(processId & 0xffff).toString(16).padStart(4, '0').toUpperCase()}-65EE-0A01-000000000E00}`,
      program,
      account,
      commandLine,
      integrity: 'Medium',
      parent: EXPLORER,
    };
    return { recordId: this.add(sysmonProcessCreate(this.origin(seconds), process)), process };
  }

  /** An outgoing TCP connection (Sysmon 3). */
  connect(seconds: number, process: RunningProcess, destinationIp = PUBLIC_ADDRESS, destinationPort = 443): RecordId {
    const connection: NetworkConnection = {
      sourceIp: '10.20.30.41',
      sourcePort: 50_000 + (this.nextRecordId % 10_000),
      destinationIp,
      destinationHostname: '-',
      destinationPort,
      destinationPortName: destinationPort === 443 ? 'https' : '-',
    };
    return this.add(sysmonNetworkConnect(this.origin(seconds), process, connection));
  }

  /** A DNS query the process made (Sysmon 22). */
  resolve(seconds: number, process: RunningProcess, queryName: string): RecordId {
    return this.add(
      sysmonDnsQuery(this.origin(seconds), process, { queryName, queryStatus: 0, queryResults: `::ffff:${PUBLIC_ADDRESS};` }),
    );
  }

  /** A network logon (type 3, NTLM) from `ipAddress` that failed with a bad password (Security 4625). */
  failedNetworkLogon(seconds: number, target: Account, ipAddress: string): RecordId {
    const origin = this.origin(seconds);
    return this.add(
      providerEvent(SECURITY_PROVIDER, { ...origin, processId: 740 }, { eventId: 4625, version: 0, level: 0, task: 12544 }, [
        field('SubjectUserSid', 'sid', 'S-1-0-0'),
        field('SubjectUserName', 'string', '-'),
        field('SubjectDomainName', 'string', '-'),
        field('SubjectLogonId', 'hexint64', 0n),
        field('TargetUserSid', 'sid', target.sid),
        field('TargetUserName', 'string', target.name),
        field('TargetDomainName', 'string', target.domain),
        field('Status', 'hexint32', 0xc000006d),
        field('FailureReason', 'string', '%%2313'),
        field('SubStatus', 'hexint32', 0xc000006a),
        field('LogonType', 'uint32', 3),
        field('LogonProcessName', 'string', 'NtLmSsp '),
        field('AuthenticationPackageName', 'string', 'NTLM'),
        field('WorkstationName', 'string', 'KALI'),
        field('TransmittedServices', 'string', '-'),
        field('LmPackageName', 'string', '-'),
        field('KeyLength', 'uint32', 0),
        field('ProcessId', 'hexint64', 0n),
        field('ProcessName', 'string', '-'),
        field('IpAddress', 'string', ipAddress),
        field('IpPort', 'string', String(40_000 + (this.nextRecordId % 20_000))),
      ]),
    );
  }

  /** A successful network logon (type 3, NTLM) from `ipAddress` (Security 4624). */
  networkLogon(seconds: number, target: Account, ipAddress: string): RecordId {
    const nobody: Account = { name: '-', domain: '-', sid: 'S-1-0-0', logonId: 0n, logonGuid: '{00000000-0000-0000-0000-000000000000}' };
    const logon = { subject: nobody, target, logonType: 3, elevated: false };
    const source = { logonProcess: 'NtLmSsp ', authenticationPackage: 'NTLM', workstation: 'KALI', ipAddress, ipPort: '49822' };
    return this.add(securityLogonFrom({ ...this.origin(seconds), processId: 740 }, logon, source));
  }

  /** The events so far, in time order. */
  log(): readonly EventSpec[] {
    return [...this.events].sort((left, right) => left.timeCreated!.getTime() - right.timeCreated!.getTime());
  }

  private origin(seconds: number): { computer: string; timeCreated: Date; utcTime: Date; processId: number; threadId: number } {
    const utcTime = new Date(this.start.getTime() + seconds * 1000);
    // Sysmon logs an event a few milliseconds after it saw it.
    return { computer: WORKSTATION, timeCreated: new Date(utcTime.getTime() + 3), utcTime, processId: 3112, threadId: 4420 };
  }

  private add(event: EventSpec): RecordId {
    const recordId = this.nextRecordId++;
    this.events.push({ ...event, recordId });
    return recordId;
  }
}

/** A program of the Windows directory, as Sysmon describes it. */
export function system32(file: string, description: string): Program {
  return windowsProgram(file, description);
}

export function writeSequenceLog(name: string, events: readonly EventSpec[]): string {
  const path = join(mkdtempSync(join(tmpdir(), 'hunt-eql-sequence-')), name);
  writeEvtxFile(path, events);
  return path;
}

/** Every event of a log, normalized as a hunt normalizes it, by time (ties in log order); the item is the record id. */
export function readTimedEvents(path: string): TimedEvent<RecordId>[] {
  const logSources = new LogSourceTable();
  const events: TimedEvent<RecordId>[] = [];
  for (const record of readEvtxFile(path)) {
    const facts = recordFacts(record, logSources);
    if (facts === undefined) continue;
    const event = normalizeRecord(record, facts);
    const timestamp = event.ecs.get('@timestamp');
    assert.equal(typeof timestamp, 'string', 'every event has a @timestamp');
    events.push({ item: Number(record.eventRecordId() ?? record.recordId), time: Date.parse(timestamp as string), event });
  }
  return events.sort((left, right) => left.time - right.time);
}

/** The one sequence rule of an Elastic rule file; fails when the file does not load as one. */
export function sequenceRule(path: string): TemporalRule {
  const loaded = loadElasticRuleFile(path);
  assert.deepEqual(loaded.skipped, [], `${path} loads`);
  assert.equal(loaded.temporal?.length, 1, `${path} is one sequence rule`);
  return loaded.temporal![0]!;
}
