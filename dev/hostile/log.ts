/**
 * A workstation's ordinary activity, seeded: the background every hostile file is made of, the
 * planted hits (process starts the bundled and SigmaHQ/Elastic rules fire on) and the slots
 * where a case puts its crafted records. Records are mixed Sysmon and Security events in one file.
 */
import { SERVICE_HOST_COMMAND_LINES, serviceHostLaunch, type ProcessLaunch } from '../events/programs.js';
import type { EventSpec, RawEventSpec } from '../evtxWriter/index.js';
import { writeEvtx } from '../evtxWriter/index.js';
import { LOGON_TYPE, securityLogoff, securityLogon, securityProcessCreation, securityProcessExit } from '../events/security.js';
import {
  sysmonFileCreate,
  sysmonNetworkConnect,
  sysmonProcessCreate,
  sysmonProcessTerminate,
  type SysmonOrigin,
} from '../events/sysmon.js';
import type { EventOrigin, ProcessCreation, Program } from '../events/windows.js';
import { Prng } from '../prng.js';
import { BOB, CMD_CMD, COMPUTER, DAVE_ADMIN, EXPLORER_CMD, PROGRAMS, SYSMON_PID, SYSTEM_ACCOUNT } from './host.js';

export const BASE_TIME = Date.UTC(2024, 3, 8, 8, 0, 0);
export const FIRST_RECORD_ID = 7001;
/** Every PLANTED_EVERY-th background slot is a planted hit. */
export const PLANTED_EVERY = 60;

/** What a record is there for: bench/hostile.ts checks the planted hits (and background hits) survive. */
export type EntryRole = 'background' | 'planted' | 'hostile';

export interface LogEntry {
  readonly role: EntryRole;
  readonly spec: EventSpec | RawEventSpec;
}

/** A process start of the generated traffic. */
export type StartSpec = ProcessLaunch;

/** Process starts that fire rules of the bundled set (samples/README.md) and of SigmaHQ/Elastic. */
export const PLANTED_STARTS: readonly StartSpec[] = [
  admin(PROGRAMS.net, 'net use \\\\10.0.0.5\\C$ /user:CORP\\adm-dave Spring2024!'),
  admin(PROGRAMS.net, 'net.exe share x /delete'),
  admin(PROGRAMS.net1, 'net1 use \\\\fs02\\D$'),
  admin(PROGRAMS.net, 'net use Z: \\\\fs01\\ADMIN$'),
  admin(PROGRAMS.net, '"C:\\Windows\\system32\\net.exe" use \\\\webdav.example.com@SSL\\DavWWWRoot'),
  admin(PROGRAMS.net1, 'net1 share c$ /delete'),
];

function admin(program: Program, commandLine: string): StartSpec {
  return { program, commandLine, parent: PROGRAMS.cmd, parentCommandLine: CMD_CMD, account: DAVE_ADMIN, integrity: 'High' };
}

const SVCHOST_CMDS = SERVICE_HOST_COMMAND_LINES;

/** Appends events along one seeded timeline; record ids are given when the log is finished. */
export class LogBuilder {
  readonly prng: Prng;
  private readonly entries: LogEntry[] = [];
  private time = BASE_TIME;
  private guidCounter = 0x2b4100;
  private plantedCount = 0;

  constructor(seed: number) {
    this.prng = new Prng(seed);
  }

  /** Moves the clock on by a few seconds and returns the new time. */
  tick(): number {
    this.time += this.prng.int(500, 20000);
    return this.time;
  }

  add(role: EntryRole, spec: EventSpec | RawEventSpec): void {
    this.entries.push({ role, spec });
  }

  /** Sysmon 1 and, unless `sysmonOnly`, Security 4688 of one process start. */
  processStart(role: EntryRole, start: StartSpec, options: { sysmonOnly?: boolean; securityOnly?: boolean } = {}): ProcessCreation {
    const time = this.tick();
    const process: ProcessCreation = {
      processId: this.prng.int(600, 14000) & ~3,
      processGuid: this.nextGuid(time),
      program: start.program,
      commandLine: start.commandLine,
      account: start.account,
      integrity: start.integrity,
      parent: {
        processId: this.prng.int(600, 14000) & ~3,
        processGuid: this.nextGuid(time - 1000),
        image: start.parent.image,
        commandLine: start.parentCommandLine,
      },
    };
    if (options.securityOnly !== true) this.add(role, sysmonProcessCreate(this.sysmonOrigin(time), process));
    if (options.sysmonOnly !== true) this.add(role, securityProcessCreation(this.securityOrigin(time), process));
    return process;
  }

  /** The next planted hit, cycling through PLANTED_STARTS. */
  planted(): void {
    const start = PLANTED_STARTS[this.plantedCount++ % PLANTED_STARTS.length] as StartSpec;
    this.processStart('planted', start);
  }

  /** One slot of ordinary activity: a process start with some of what follows it. */
  benign(): void {
    const prng = this.prng;
    const process = this.processStart('background', this.benignStart());
    const roll = prng.next();
    const time = this.time + prng.int(50, 3000);
    if (roll < 0.3) {
      const destination = prng.pick([
        { ip: '142.250.74.110', host: 'fra16s52-in-f14.1e100.net', port: 443, portName: 'https' },
        { ip: '10.0.0.10', host: 'dc01.corp.example.com', port: 389, portName: 'ldap' },
        { ip: '10.0.0.21', host: 'fs01.corp.example.com', port: 445, portName: 'microsoft-ds' },
      ]);
      this.add(
        'background',
        sysmonNetworkConnect(this.sysmonOrigin(time), process, {
          sourceIp: '10.0.4.23',
          sourcePort: prng.int(49152, 65535),
          destinationIp: destination.ip,
          destinationHostname: destination.host,
          destinationPort: destination.port,
          destinationPortName: destination.portName,
        }),
      );
    } else if (roll < 0.5) {
      const name = `C:\\Users\\bob\\AppData\\Local\\Temp\\${process.program.originalFileName.replace(/\.exe$/i, '')}_${prng.int(1000, 99999)}.tmp`;
      this.add('background', sysmonFileCreate(this.sysmonOrigin(time), process, name));
    } else if (roll < 0.56) {
      const logon = { subject: SYSTEM_ACCOUNT, target: SYSTEM_ACCOUNT, logonType: LOGON_TYPE.service, elevated: true };
      this.add('background', securityLogon(this.securityOrigin(time), logon));
      this.add('background', securityLogoff(this.securityOrigin(time + 200), SYSTEM_ACCOUNT, LOGON_TYPE.service));
    }
    if (prng.next() < 0.7) {
      this.add('background', sysmonProcessTerminate(this.sysmonOrigin(time + 500), process));
      this.add('background', securityProcessExit(this.securityOrigin(time + 500), process));
    }
  }

  sysmonOrigin(time: number): SysmonOrigin {
    return {
      computer: COMPUTER,
      timeCreated: new Date(time + this.prng.int(1, 40)),
      utcTime: new Date(time),
      processId: SYSMON_PID,
      threadId: 3944,
    };
  }

  securityOrigin(time: number): EventOrigin {
    return { computer: COMPUTER, timeCreated: new Date(time), processId: 4, threadId: this.prng.pick([6120, 6124, 8836]) };
  }

  /** The entries in order, each with its record id set. */
  finish(): LogEntry[] {
    return this.entries.map((entry, i) => ({ role: entry.role, spec: { ...entry.spec, recordId: FIRST_RECORD_ID + i } }));
  }

  private benignStart(): StartSpec {
    const prng = this.prng;
    const roll = prng.next();
    const user = (
      program: Program,
      commandLine: string,
      parent: Program = PROGRAMS.explorer,
      parentCommandLine = EXPLORER_CMD,
    ): StartSpec => ({
      program,
      commandLine,
      parent,
      parentCommandLine,
      account: BOB,
      integrity: 'Medium',
    });
    if (roll < 0.25) {
      return serviceHostLaunch(prng.pick(SVCHOST_CMDS), SYSTEM_ACCOUNT);
    }
    if (roll < 0.45) {
      const code = `"${PROGRAMS.code.image}"`;
      return user(
        PROGRAMS.code,
        `${code} --type=${prng.pick(['renderer', 'gpu-process', 'utility'])} --field-trial-handle=${prng.int(1000, 9999)}`,
        PROGRAMS.code,
        code,
      );
    }
    if (roll < 0.6) {
      const args = prng.pick(['status', 'pull --ff-only', 'log --oneline -5', 'fetch origin', 'diff --stat']);
      return user(PROGRAMS.git, `"${PROGRAMS.git.image}" ${args}`, PROGRAMS.powershell, `"${PROGRAMS.powershell.image}"`);
    }
    if (roll < 0.7) return user(PROGRAMS.cmd, `${CMD_CMD} ${prng.pick(['', '/c dir C:\\src', '/c where node'])}`.trim());
    if (roll < 0.78)
      return user(PROGRAMS.conhost, '\\??\\C:\\Windows\\system32\\conhost.exe 0xffffffff -ForceV1', PROGRAMS.cmd, `${CMD_CMD} /c dir`);
    if (roll < 0.86) {
      return user(
        PROGRAMS.powershell,
        `"${PROGRAMS.powershell.image}" ${prng.pick(['-NoProfile -Command Get-Date', '-NoLogo', '-Command "npm run build"'])}`,
      );
    }
    if (roll < 0.93) return user(PROGRAMS.notepad, `"${PROGRAMS.notepad.image}" C:\\src\\notes-${prng.int(1, 40)}.txt`);
    return {
      program: PROGRAMS.taskhostw,
      commandLine: 'taskhostw.exe -RegisterDevice -ProtectionStateChanged -FreeNetworkOnly',
      parent: PROGRAMS.svchost,
      parentCommandLine: SVCHOST_CMDS[0] as string,
      account: BOB,
      integrity: 'Medium',
    };
  }

  /** Sysmon's layout: machine id prefix, start time, then a per-boot counter. */
  private nextGuid(time: number): string {
    const seconds = Math.floor(time / 1000);
    const high = ((seconds >>> 16) & 0xffff).toString(16).toUpperCase().padStart(4, '0');
    const low = (seconds & 0xffff).toString(16).toUpperCase().padStart(4, '0');
    this.guidCounter += this.prng.int(1, 400);
    return `{6C2D9A41-${low}-${high}-0000-0010${this.guidCounter.toString(16).toUpperCase().padStart(8, '0')}}`;
  }
}

/**
 * `slots` slots of background (every PLANTED_EVERY-th a planted hit), with the crafted records
 * of `hostile` spread evenly between them (each maker appends its records to the builder).
 */
export function layOut(seed: number, slots: number, hostile: readonly ((log: LogBuilder) => void)[]): LogEntry[] {
  const log = new LogBuilder(seed);
  let next = 0;
  for (let slot = 0; slot < slots; slot++) {
    while (next < hostile.length && slot >= Math.floor(((next + 0.5) * slots) / hostile.length))
      (hostile[next++] as (log: LogBuilder) => void)(log);
    if (slot % PLANTED_EVERY === Math.floor(PLANTED_EVERY / 2)) log.planted();
    else log.benign();
  }
  while (next < hostile.length) (hostile[next++] as (log: LogBuilder) => void)(log);
  return log.finish();
}

export function chunkCount(file: Buffer): number {
  return file.readUInt16LE(42);
}

/**
 * The normal log for a crafted file of `chunks` chunks: background with planted hits only, as many
 * slots as fit in that many chunks (same file size), found by bisection.
 */
export function normalLog(seed: number, chunks: number): Buffer {
  const build = (slots: number) => writeEvtx(layOut(seed, slots, []).map((entry) => entry.spec));
  let low = 1;
  let high = 64;
  while (chunkCount(build(high)) <= chunks) high *= 2;
  // Invariant: build(low) fits in `chunks`, build(high) does not.
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (chunkCount(build(middle)) <= chunks) low = middle;
    else high = middle;
  }
  return build(low);
}
