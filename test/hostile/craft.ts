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
import { SYSTEM_SUBSTITUTION, systemTemplate } from '../../dev/evtxWriter/eventTemplates.js';
import { ChunkBuilder } from '../../dev/evtxWriter/chunkBuilder.js';
import type { InstanceValue } from '../../dev/evtxWriter/binxmlEncoder.js';
import { defineTemplate, element, normalSubstitution, text } from '../../dev/evtxWriter/templateTree.js';
import { dateToFiletime, encodeValue, VALUE_TYPE_CODE, type WriterValue } from '../../dev/evtxWriter/values.js';
import { writeEvtx, type EventSpec } from '../../dev/evtxWriter/index.js';
import { VT_BINXML, VT_NULL } from '../../src/evtx/values/valueTypes.js';
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
  const T = VALUE_TYPE_CODE;
  const fields: Array<[string, WriterValue]> = [
    ['Image', { type: 'string', value: 'C:\\Windows\\System32\\net.exe' }],
    ['OriginalFileName', { type: 'string', value: 'net.exe' }],
    ['User', { type: 'string', value: 'CORP\\mallory' }],
    ['CommandLine', { type: 'string', value: piece }],
  ];
  const children = fields.map(([name, value], index) =>
    element(
      'Data',
      [{ name: 'Name', value: text(name) }],
      name === 'CommandLine'
        ? Array.from({ length: repeats }, () => normalSubstitution(index, T[value.type]))
        : [normalSubstitution(index, T[value.type])],
    ),
  );
  const dataTemplate = defineTemplate(`hostile-repeat-${repeats}`, element('EventData', [], children));
  const dataValues: InstanceValue[] = fields.map(([name, value]) => ({ typeCode: T[value.type], bytes: encodeValue(value, name) }));

  const S = SYSTEM_SUBSTITUTION;
  const time = new Date(BASE + recordId * 1000);
  const values: InstanceValue[] = new Array<InstanceValue>(S.eventData + 1).fill({ typeCode: VT_NULL, bytes: Buffer.alloc(0) });
  const set = (index: number, value: WriterValue) => {
    values[index] = { typeCode: T[value.type], bytes: encodeValue(value, String(index)) };
  };
  set(S.level, { type: 'uint8', value: 4 });
  set(S.opcode, { type: 'uint8', value: 0 });
  set(S.task, { type: 'uint16', value: 1 });
  set(S.eventId, { type: 'uint16', value: 1 });
  set(S.keywords, { type: 'hexint64', value: SYSMON_PROVIDER.keywords });
  set(S.timeCreated, { type: 'filetime', value: time });
  set(S.processId, { type: 'uint32', value: 2000 });
  set(S.threadId, { type: 'uint32', value: 3000 });
  set(S.eventRecordId, { type: 'uint64', value: BigInt(recordId) });
  set(S.version, { type: 'uint8', value: 5 });
  set(S.userId, { type: 'sid', value: LOCAL_SYSTEM_SID });
  set(S.providerName, { type: 'string', value: SYSMON_PROVIDER.provider });
  set(S.providerGuid, { type: 'guid', value: SYSMON_PROVIDER.providerGuid });
  set(S.channel, { type: 'string', value: SYSMON_PROVIDER.channel });
  values[S.eventData] = {
    typeCode: VT_BINXML,
    writeFragment: (nested) => {
      nested.fragmentHeader();
      nested.templateInstance(dataTemplate, dataValues);
      nested.endOfStream();
    },
  };
  const computer = 'WS01.corp.local';
  const builder = new ChunkBuilder();
  const appended = builder.tryAppend(BigInt(recordId), dateToFiletime(time), 'huge record', (encoder) => {
    encoder.fragmentHeader();
    encoder.templateInstance(systemTemplate(computer), values);
    encoder.endOfStream();
  });
  if (!appended) throw new Error('the huge record does not fit in a chunk');
  // The file header of a one-chunk log with the same record id, then this chunk.
  const header = writeEvtx([sysmonStart(recordId)]).subarray(0, 4096);
  writeFileSync(path, Buffer.concat([header, builder.finish()]));
  return path;
}
