/**
 * Hostile logs for the CLI tests: what an attacker who controls part of a log can write into it.
 * Normal events come from the dev writer; the record whose one element substitutes one value
 * thousands of times needs its own template, built here with the writer's parts.
 */
import { execFileSync, type SpawnSyncOptions } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SYSMON_PROVIDER } from '../../dev/events/sysmon.js';
import { LOCAL_SYSTEM_SID } from '../../dev/events/windows.js';
import { writeEvtx, type EventSpec, type WriterValue } from '../../dev/evtxWriter/index.js';
import { CLI } from '../e2e/cli.js';

export const BASE = Date.UTC(2024, 4, 1, 9, 0, 0);

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'hunt-hostile-'));
}

/**
 * Spawn options under which permissions bind: as root (CI, this machine), the CLI runs as `nobody`
 * (uid and gid 65534), for whom chmod 000 does block; otherwise as the current user. When `nobody`
 * cannot run the built CLI from `cwd` (node, dist/ or node_modules/ not readable to it), the reason
 * as a string, loudly: the test is to be skipped.
 */
export function unprivileged(cwd: string): SpawnSyncOptions | string {
  if (process.getuid?.() !== 0) return {};
  const as = { uid: 65534, gid: 65534 };
  try {
    execFileSync(process.execPath, [CLI, '--version'], { ...as, cwd, stdio: 'ignore' });
  } catch (error) {
    const reason = `!!! SKIPPED: running as root, and the CLI cannot run as uid 65534 to make permissions bind: ${String(error)}`;
    console.warn(`\n${reason}\n`);
    return reason;
  }
  return as;
}

/**
 * A Sysmon 1 process start. With the defaults it is a hit of the bundled Sigma rule "Unmount Share
 * Via Net.EXE" (net.exe, `share` and `/delete` in the command line).
 */
export function sysmonStart(
  recordId: number,
  commandLine = 'net share Backup /delete',
  options: { image?: string; user?: string; computer?: string } = {},
): EventSpec {
  const s = (name: string, value: string) => ({ name, value: { type: 'string', value } as WriterValue });
  return {
    ...SYSMON_PROVIDER,
    eventId: 1,
    version: 5,
    task: 1,
    userSid: LOCAL_SYSTEM_SID,
    timeCreated: new Date(BASE + recordId * 1000),
    recordId,
    computer: options.computer ?? 'WS01.corp.local',
    processId: 2000,
    threadId: 3000,
    data: [
      s('UtcTime', new Date(BASE + recordId * 1000).toISOString().replace('T', ' ').replace('Z', '')),
      { name: 'ProcessId', value: { type: 'uint32', value: 4000 + recordId } },
      s('Image', options.image ?? 'C:\\Windows\\System32\\net.exe'),
      s('OriginalFileName', 'net.exe'),
      s('CommandLine', commandLine),
      s('User', options.user ?? 'CORP\\alice'),
      s('ParentImage', 'C:\\Windows\\System32\\cmd.exe'),
    ],
  };
}

export function writeLog(path: string, events: readonly EventSpec[]): string {
  writeFileSync(path, writeEvtx(events));
  return path;
}

/**
 * One Sysmon 1 record (a hit of the bundled Sigma rule) whose CommandLine element substitutes the
 * same `pieceLength`-character value `repeats` times: a few KiB on disk, `pieceLength * repeats`
 * characters once rendered (10 MB with the defaults).
 */
export function hugeCommandLineLog(path: string, recordId = 1, pieceLength = 2000, repeats = 5000): string {
  const piece = ('net share Huge /delete ' + 'A'.repeat(pieceLength)).slice(0, pieceLength);
  const start = sysmonStart(recordId, piece, { user: 'CORP\\mallory' });
  const data = start.data.map((entry) => (entry.name === 'CommandLine' ? { ...entry, repeat: repeats } : entry));
  return writeLog(path, [{ ...start, data }]);
}
