/**
 * One morning on the workstation, deterministic (seeded PRNG, fixed base time): alice's benign
 * activity with the admin session of catalogue.ts in the middle, written as the events the Security
 * log and the Sysmon log record of it.
 */
import { SERVICE_HOST_COMMAND_LINES, serviceHostLaunch } from '../../dev/events/programs.js';
import type { EventSpec } from '../../dev/evtxWriter/index.js';
import {
  LOGON_TYPE,
  securityLogoff,
  securityLogon,
  securityProcessCreation,
  securityProcessExit,
  securitySpecialPrivileges,
} from '../../dev/events/security.js';
import {
  sysmonFileCreate,
  sysmonNetworkConnect,
  sysmonProcessCreate,
  sysmonProcessTerminate,
  sysmonRegistryValueSet,
  type SysmonOrigin,
} from '../../dev/events/sysmon.js';
import type { Account, EventOrigin, ProcessCreation, Program } from '../../dev/events/windows.js';
import { Prng } from '../../dev/prng.js';
import { ADMIN_SESSION, type ProcessStart } from './catalogue.js';
import { ALICE, CAROL_ADMIN, CMD_CMD, COMPUTER, EXPLORER_CMD, PROGRAMS, SYSMON_PID, SYSTEM_ACCOUNT } from './host.js';

export const BASE_TIME = Date.UTC(2024, 2, 11, 7, 30, 0);
const SECURITY_FIRST_RECORD_ID = 184203;
const SYSMON_FIRST_RECORD_ID = 52011;
const PROCESS_STARTS = 900;

const SVCHOST_CMDS = [...SERVICE_HOST_COMMAND_LINES, 'C:\\Windows\\system32\\svchost.exe -k UnistackSvcGroup -s CDPUserSvc_4c1e2'];

/** One benign process start, weighted towards what a finance workstation runs. */
function benignStart(prng: Prng): ProcessStart {
  const roll = prng.next();
  const user = (program: Program, commandLine: string, parent = PROGRAMS.explorer, parentCommandLine = EXPLORER_CMD) =>
    ({ program, commandLine, parent, parentCommandLine, account: ALICE, integrity: 'Medium' }) as const;
  /** Started by a service host, as LocalSystem unless it runs for alice. */
  const hosted = (program: Program, commandLine: string, parentCommandLine: string, account = SYSTEM_ACCOUNT): ProcessStart => ({
    program,
    commandLine,
    parent: PROGRAMS.svchost,
    parentCommandLine,
    account,
    integrity: account === SYSTEM_ACCOUNT ? 'System' : 'Medium',
  });
  if (roll < 0.22) {
    return serviceHostLaunch(prng.pick(SVCHOST_CMDS), SYSTEM_ACCOUNT);
  }
  if (roll < 0.42) {
    const chromeCmd = `"${PROGRAMS.chrome.image}"`;
    const child = prng.pick(['renderer', 'gpu-process', 'utility']);
    return user(
      PROGRAMS.chrome,
      `${chromeCmd} --type=${child} --lang=en-US --field-trial-handle=${prng.int(1000, 9999)} /prefetch:${prng.int(1, 8)}`,
      PROGRAMS.chrome,
      chromeCmd,
    );
  }
  if (roll < 0.5) {
    return user(
      PROGRAMS.cmd,
      `${CMD_CMD}${prng.pick(['', '/c dir C:\\Users\\alice\\Documents', '/c echo %DATE% >> C:\\Temp\\log.txt'])}`.trim(),
    );
  }
  if (roll < 0.56) {
    return user(PROGRAMS.conhost, '\\??\\C:\\Windows\\system32\\conhost.exe 0xffffffff -ForceV1', PROGRAMS.cmd, `${CMD_CMD}/c dir`);
  }
  if (roll < 0.64) {
    const script = prng.pick([
      '-NoProfile -Command Get-Date',
      '-NoProfile -ExecutionPolicy Bypass -File C:\\Scripts\\Sync-Reports.ps1',
      '-Command "Get-ChildItem \\\\fs01\\finance\\2024 | Measure-Object"',
    ]);
    return user(PROGRAMS.powershell, `"${PROGRAMS.powershell.image}" ${script}`);
  }
  if (roll < 0.72) {
    const args = prng.pick(['status', 'pull --ff-only', 'log --oneline -5', 'fetch origin', 'diff --stat']);
    return user(PROGRAMS.git, `"${PROGRAMS.git.image}" ${args}`, PROGRAMS.powershell, `"${PROGRAMS.powershell.image}"`);
  }
  if (roll < 0.8) {
    const args = prng.pick([
      'net view \\\\fs01',
      'net use Z: \\\\fs01\\projects',
      'net use P: \\\\fs01\\public /persistent:yes',
      'net use',
      'net view',
      'net use Z: /delete',
      'net share',
    ]);
    return user(PROGRAMS.net, args, PROGRAMS.cmd, CMD_CMD.trim());
  }
  if (roll < 0.86) return user(PROGRAMS.notepad, `"${PROGRAMS.notepad.image}" C:\\Users\\alice\\Documents\\todo.txt`);
  if (roll < 0.92) {
    return hosted(
      PROGRAMS.taskhostw,
      'taskhostw.exe -RegisterDevice -ProtectionStateChanged -FreeNetworkOnly',
      SVCHOST_CMDS[0] as string,
      ALICE,
    );
  }
  if (roll < 0.96) {
    return hosted(
      PROGRAMS.searchProtocolHost,
      '"C:\\Windows\\system32\\SearchProtocolHost.exe" Global\\UsGthrFltPipeMssGthrPipe1_ Global\\UsGthrCtrlFltPipeMssGthrPipe1',
      SVCHOST_CMDS[1] as string,
    );
  }
  return hosted(
    PROGRAMS.wmiprvse,
    'C:\\Windows\\system32\\wbem\\wmiprvse.exe -secured -Embedding',
    'C:\\Windows\\system32\\svchost.exe -k DcomLaunch -p',
  );
}

interface LogEntry {
  readonly time: number;
  readonly spec: EventSpec;
  readonly start?: ProcessStart;
}

interface ActiveProcess extends ProcessCreation {
  readonly startedAt: number;
}

/**
 * Builds both logs' entries along one timeline. The PRNG is drawn in a fixed order (process,
 * then Sysmon, then Security values): changing it changes every sample file.
 */
class Timeline {
  readonly security: LogEntry[] = [];
  readonly sysmon: LogEntry[] = [];
  private guidCounter = 0x4a2c10;

  constructor(private readonly prng: Prng) {}

  processStart(time: number, start: ProcessStart, parentPid: number): ActiveProcess {
    const processId = this.prng.int(600, 14000) & ~3;
    const processGuid = this.nextGuid(time);
    const parent = {
      processId: parentPid,
      processGuid: this.nextGuid(time - 1000),
      image: start.parent.image,
      commandLine: start.parentCommandLine,
    };
    const { program, commandLine, account, integrity } = start;
    const process: ActiveProcess = { processId, processGuid, program, commandLine, account, integrity, parent, startedAt: time };
    this.sysmon.push({ time, start, spec: sysmonProcessCreate(this.sysmonOrigin(time), process) });
    if (start.sysmonOnly !== true) this.security.push({ time, start, spec: securityProcessCreation(this.securityOrigin(time), process) });
    return process;
  }

  processEnd(time: number, process: ActiveProcess): void {
    this.sysmon.push({ time, spec: sysmonProcessTerminate(this.sysmonOrigin(time), process) });
    this.security.push({ time, spec: securityProcessExit(this.securityOrigin(time), process) });
  }

  logon(time: number, account: Account, logonType: number, privileged: boolean): void {
    const logon = { subject: SYSTEM_ACCOUNT, target: account, logonType, elevated: privileged };
    this.security.push({ time, spec: securityLogon(this.securityOrigin(time), logon) });
    if (privileged) this.security.push({ time, spec: securitySpecialPrivileges(this.securityOrigin(time), account) });
  }

  logoff(time: number, account: Account, logonType: number): void {
    this.security.push({ time, spec: securityLogoff(this.securityOrigin(time), account, logonType) });
  }

  networkConnection(time: number, process: ActiveProcess): void {
    const prng = this.prng;
    const destination = prng.pick([
      { ip: '142.250.74.110', host: 'fra16s52-in-f14.1e100.net', port: 443, portName: 'https' },
      { ip: '10.0.0.10', host: 'dc01.corp.example.com', port: 389, portName: 'ldap' },
      { ip: '10.0.0.21', host: 'fs01.corp.example.com', port: 445, portName: 'microsoft-ds' },
      { ip: '20.190.159.2', host: '-', port: 443, portName: 'https' },
    ]);
    const connection = {
      sourceIp: '10.0.3.57',
      sourcePort: prng.int(49152, 65535),
      destinationIp: destination.ip,
      destinationHostname: destination.host,
      destinationPort: destination.port,
      destinationPortName: destination.portName,
    };
    this.sysmon.push({ time, spec: sysmonNetworkConnect(this.sysmonOrigin(time), process, connection) });
  }

  fileCreate(time: number, process: ActiveProcess): void {
    const name = `C:\\Users\\alice\\AppData\\Local\\Temp\\${process.program.originalFileName.replace('.exe', '')}_${this.prng.int(1000, 99999)}.tmp`;
    this.sysmon.push({ time, spec: sysmonFileCreate(this.sysmonOrigin(time), process, name) });
  }

  registrySet(time: number, process: ActiveProcess): void {
    const targetObject = this.prng.pick([
      'HKLM\\System\\CurrentControlSet\\Services\\bam\\State\\UserSettings\\' +
        ALICE.sid +
        '\\\\Device\\HarddiskVolume3\\Windows\\System32\\cmd.exe',
      'HKU\\' + ALICE.sid + '\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\RecentDocs\\MRUListEx',
      'HKLM\\SOFTWARE\\Microsoft\\Windows Defender\\Signature Updates\\SignatureUpdateLastAttempted',
    ]);
    this.sysmon.push({ time, spec: sysmonRegistryValueSet(this.sysmonOrigin(time), process, { targetObject, details: 'Binary Data' }) });
  }

  /** Sysmon logs a few milliseconds after the fact, always from the same thread of its service. */
  private sysmonOrigin(time: number): SysmonOrigin {
    return {
      computer: COMPUTER,
      timeCreated: new Date(time + this.prng.int(1, 40)),
      utcTime: new Date(time),
      processId: SYSMON_PID,
      threadId: 4388,
    };
  }

  private securityOrigin(time: number): EventOrigin {
    return { computer: COMPUTER, timeCreated: new Date(time), processId: 4, threadId: this.prng.pick([7512, 7516, 9044]) };
  }

  /** Sysmon's layout: machine id prefix, start time, then a per-boot counter. */
  private nextGuid(time: number): string {
    const seconds = Math.floor(time / 1000);
    const high = ((seconds >>> 16) & 0xffff).toString(16).toUpperCase().padStart(4, '0');
    const low = (seconds & 0xffff).toString(16).toUpperCase().padStart(4, '0');
    this.guidCounter += this.prng.int(1, 400);
    return `{8F1A5C3E-${low}-${high}-0000-0010${this.guidCounter.toString(16).toUpperCase().padStart(8, '0')}}`;
  }
}

function buildTimeline(): Timeline {
  const prng = new Prng(20240311);
  const timeline = new Timeline(prng);
  let time = BASE_TIME;
  timeline.logon(time, SYSTEM_ACCOUNT, LOGON_TYPE.service, true);
  timeline.logon(time + 2000, ALICE, LOGON_TYPE.interactive, false);
  const running: ActiveProcess[] = [];
  // The admin session sits in the middle of the morning, one console command every few seconds.
  const adminFrom = Math.floor(PROCESS_STARTS * 0.55);
  for (let i = 0; i < PROCESS_STARTS; i++) {
    time += prng.int(2000, 45000);
    if (i === adminFrom - 1) timeline.logon(time - 500, CAROL_ADMIN, LOGON_TYPE.interactive, true);
    const adminIndex = i - adminFrom;
    const start = adminIndex >= 0 && adminIndex < ADMIN_SESSION.length ? (ADMIN_SESSION[adminIndex] as ProcessStart) : benignStart(prng);
    const process = timeline.processStart(time, start, prng.int(600, 14000) & ~3);
    running.push(process);
    if (adminIndex === ADMIN_SESSION.length) timeline.logoff(time + 1000, CAROL_ADMIN, LOGON_TYPE.interactive);
    if (prng.next() < 0.35) timeline.networkConnection(time + prng.int(50, 3000), process);
    if (prng.next() < 0.25) timeline.fileCreate(time + prng.int(50, 3000), process);
    if (prng.next() < 0.15) timeline.registrySet(time + prng.int(50, 3000), process);
    if (prng.next() < 0.08) {
      timeline.logon(time + 700, SYSTEM_ACCOUNT, LOGON_TYPE.service, true);
      timeline.logoff(time + 900, SYSTEM_ACCOUNT, LOGON_TYPE.service);
    }
    // Most processes are short-lived: end one of the running ones now and then.
    if (running.length > 8 || prng.next() < 0.6) {
      const ended = running.splice(prng.int(0, running.length - 1), 1)[0] as ActiveProcess;
      timeline.processEnd(Math.max(time + 1, ended.startedAt + prng.int(500, 600000)), ended);
    }
  }
  timeline.logoff(time + 60000, ALICE, LOGON_TYPE.interactive);
  return timeline;
}

export type LogName = 'Security' | 'Sysmon';

/** A catalogued process start and the record it became. */
export interface ListedStart {
  readonly log: LogName;
  readonly recordId: number;
  readonly start: ProcessStart;
}

export interface SampleLog {
  readonly events: EventSpec[];
  readonly listed: ListedStart[];
}

/** Assigns record ids in time order and picks out the catalogued process starts. */
function finish(entries: readonly LogEntry[], firstRecordId: number, log: LogName): SampleLog {
  const ordered = entries.map((entry, index) => ({ entry, index })).sort((a, b) => a.entry.time - b.entry.time || a.index - b.index);
  const listed: ListedStart[] = [];
  const events = ordered.map(({ entry }, i) => {
    const recordId = firstRecordId + i;
    const start = entry.start;
    if (start !== undefined && (start.positiveFor !== undefined || start.nearMiss !== undefined)) listed.push({ log, recordId, start });
    return { ...entry.spec, recordId };
  });
  return { events, listed };
}

/** The two sample logs, by log. */
export function sampleLogs(): Record<LogName, SampleLog> {
  const timeline = buildTimeline();
  return {
    Security: finish(timeline.security, SECURITY_FIRST_RECORD_ID, 'Security'),
    Sysmon: finish(timeline.sysmon, SYSMON_FIRST_RECORD_ID, 'Sysmon'),
  };
}
