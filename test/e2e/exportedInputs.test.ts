import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { test } from 'node:test';
import { evtxDumpLine, winlogbeatLine, type DumpRecord } from '../exported/exportShapes.js';
import { REPO_ROOT, sharedMissing, SHARED_DIR } from '../support/sharedData.js';
import { hunt, jsonLines } from './cli.js';

/**
 * An EVTX file and its XML and JSON exports give the same hits with every SigmaHQ and Elastic Windows
 * rule (issue 12). Logs of several channels; exports by hunt dump (xml, jsonl, json), libevtx's
 * evtxexport and python-evtx (when installed), and the evtx_dump and Winlogbeat JSON shapes
 * (test/exported/exportShapes.ts). What a format cannot hold is named where it is compared.
 */

const ATTACK = join(SHARED_DIR, 'corpus/evtx-attack-samples');
const LOGS = [
  'Persistence/persistence_sysmon_11_13_1_shime_appfix.evtx',
  'Credential Access/ACL_ForcePwd_SPNAdd_User_Computer_Accounts.evtx',
  'Privilege Escalation/System_7045_namedpipe_privesc.evtx',
  'Credential Access/phish_windows_credentials_powershell_scriptblockLog_4104.evtx',
  'Credential Access/MSSQL_multiple_failed_logon_EventID_18456.evtx',
  'AutomatedTestingTools/WinDefender_Events_1117_1116_AtomicRedTeam.evtx',
  'Privilege Escalation/privesc_registry_symlink_CVE-2020-1377.evtx',
].map((path) => join(ATTACK, path));
const RULES = [
  '-r',
  join(SHARED_DIR, 'corpus/sigma/rules/windows'),
  '-r',
  join(SHARED_DIR, 'corpus/elastic-detection-rules/rules/windows'),
];

interface HitLine {
  readonly rule: { readonly id: string; readonly source: string };
  readonly file: string;
  readonly record_id: number;
  readonly recovered: boolean;
  readonly timestamp: string;
  readonly computer: string | null;
  readonly details: Record<string, string>;
}

interface Fields {
  readonly timestamp?: (timestamp: string) => string;
  readonly details?: boolean;
}

/** A hit as compared: its log (by name, without the export's extension) and what identifies it. */
function hitKey(hit: HitLine, fields: Fields = {}): string {
  const log = basename(hit.file).replace(/\.(?:evtx|xml|jsonl|json|ndjson)$/, '');
  const timestamp = fields.timestamp === undefined ? hit.timestamp : fields.timestamp(hit.timestamp);
  return JSON.stringify([
    log,
    hit.rule.source,
    hit.rule.id,
    hit.record_id,
    hit.recovered,
    timestamp,
    hit.computer,
    fields.details === false ? null : hit.details,
  ]);
}

function huntHits(folder: string): HitLine[] {
  const run = hunt([folder, ...RULES, '-f', 'jsonl'], 300_000);
  assert.equal(run.status, 0, run.stderr);
  assert.doesNotMatch(run.stderr, /bad-record|truncated|file not read/, `no problem reading ${folder}`);
  return jsonLines<HitLine>(run.stdout);
}

function keys(hits: readonly HitLine[], fields?: Fields): string[] {
  return hits.map((hit) => hitKey(hit, fields)).sort();
}

function commandWorks(command: string, args: string[]): boolean {
  return spawnSync(command, args, { stdio: 'ignore' }).error === undefined;
}

/** One folder per format, each holding every log in it. */
function exportAll(): Record<string, string> {
  const root = mkdtempSync(join(tmpdir(), 'hunt-exports-'));
  const folder = (name: string): string => {
    const path = join(root, name);
    mkdirSync(path);
    return path;
  };
  const folders: Record<string, string> = {
    evtx: folder('evtx'),
    xml: folder('xml'),
    jsonl: folder('jsonl'),
    json: folder('json'),
    evtxDump: folder('evtx_dump'),
    winlogbeat: folder('winlogbeat'),
  };
  const hasEvtxexport = commandWorks('evtxexport', ['-V']);
  const hasPythonEvtx = commandWorks('/usr/bin/python3', ['/usr/bin/evtx_dump.py', '-h']);
  if (hasEvtxexport) folders['evtxexport'] = folder('evtxexport');
  if (hasPythonEvtx) folders['pythonEvtx'] = folder('python-evtx');
  for (const log of LOGS) {
    const name = basename(log, '.evtx');
    copyFileSync(log, join(folders['evtx']!, `${name}.evtx`));
    for (const format of ['xml', 'jsonl', 'json'] as const) {
      const run = hunt(['dump', '-f', format, '-o', join(folders[format]!, `${name}.${format}`), log]);
      assert.equal(run.status, 0, run.stderr);
    }
    const records = jsonLines<DumpRecord>(readFileSync(join(folders['jsonl']!, `${name}.jsonl`), 'utf8'));
    const userId = (record: DumpRecord): string | undefined => record.user_id ?? undefined;
    writeFileSync(
      join(folders['evtxDump']!, `${name}.jsonl`),
      records.map((record) => evtxDumpLine(record, userId(record)) + '\n').join(''),
    );
    writeFileSync(
      join(folders['winlogbeat']!, `${name}.ndjson`),
      records.map((record) => winlogbeatLine(record, userId(record)) + '\n').join(''),
    );
    const maxBuffer = 256 * 1024 * 1024;
    if (hasEvtxexport)
      writeFileSync(join(folders['evtxexport']!, `${name}.xml`), execFileSync('evtxexport', ['-f', 'xml', log], { maxBuffer }));
    if (hasPythonEvtx)
      writeFileSync(
        join(folders['pythonEvtx']!, `${name}.xml`),
        execFileSync('/usr/bin/python3', ['/usr/bin/evtx_dump.py', log], { maxBuffer }),
      );
  }
  return folders;
}

test('an EVTX file and its XML and JSON exports give the same hits', { skip: sharedMissing(), timeout: 900_000 }, () => {
  const folders = exportAll();
  const evtx = huntHits(folders['evtx']!);
  assert.ok(evtx.length > 100, `the logs give hits (${evtx.length})`);
  const channels = new Set(evtx.map((hit) => basename(hit.file)));
  // All but the registry log, whose SYSTEM events every rule leaves out.
  assert.equal(channels.size, LOGS.length - 1, 'every log has hits');

  // Whole records: the same hits, field for field.
  for (const format of ['xml', 'evtxexport'] as const) {
    if (folders[format] === undefined) continue;
    assert.deepEqual(keys(huntHits(folders[format]!)), keys(evtx), `${format}: the same hits`);
  }
  for (const format of ['jsonl', 'json'] as const) {
    assert.deepEqual(keys(huntHits(folders[format]!)), keys(evtx), `${format}: the same hits`);
  }
  // evtx_dump writes times to the microsecond: the 7th fraction digit is lost, all else is kept.
  const microseconds = { timestamp: (time: string) => time.replace(/\dZ$/, '0Z') };
  assert.deepEqual(keys(huntHits(folders['evtxDump']!), microseconds), keys(evtx, microseconds), 'evtx_dump: the same hits');
  // python-evtx rounds times through a float (off by a microsecond or so) and writes GUIDs in lower case.
  if (folders['pythonEvtx'] !== undefined) {
    const loose = { timestamp: () => '', details: false };
    assert.deepEqual(keys(huntHits(folders['pythonEvtx']!), loose), keys(evtx, loose), 'python-evtx: the same hits');
  }
  // Winlogbeat drops empty values, turns CRLF into LF, sorts the keys, and names unnamed <Data>
  // items param1, param2, ... as it names System 7036's own param1: those items are no longer
  // `Data`. On the logs without such items the hits are the same, details included; on the MSSQL
  // log, whose events hold nothing but unnamed items, a rule filtering on Data (SigmaHQ's "MSSQL
  // Server Failed Logon From External Network": `not Data|contains 'CLIENT: 10.'`, ...) no longer
  // sees what it filters on, and fires on every event.
  const unnamed = (hit: HitLine): boolean => hit.file.includes('MSSQL_multiple_failed_logon');
  const winlogbeat = huntHits(folders['winlogbeat']!);
  assert.deepEqual(keys(winlogbeat.filter((hit) => !unnamed(hit))), keys(evtx.filter((hit) => !unnamed(hit))), 'winlogbeat: the same hits');
  const loose = { details: false };
  const mssql = new Set(keys(winlogbeat.filter(unnamed), loose));
  for (const key of keys(evtx.filter(unnamed), loose)) assert.ok(mssql.has(key), `winlogbeat keeps the MSSQL hit ${key}`);
  const evtxMssql = new Set(keys(evtx.filter(unnamed), loose));
  const extra = winlogbeat.filter(unnamed).filter((hit) => !evtxMssql.has(hitKey(hit, loose)));
  assert.deepEqual([...new Set(extra.map((hit) => hit.rule.id))], ['ebfe73c2-5bc9-4ed9-aaa8-8b54b2b4777d']);
});

const SAMPLE_SYSMON = join(REPO_ROOT, 'samples', 'Microsoft-Windows-Sysmon%4Operational.evtx');

test('a folder of exports: XML and JSON files with events are hunted, other XML and JSON files passed over', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hunt-export-folder-'));
  assert.equal(hunt(['dump', '-f', 'xml', '-o', join(dir, 'sysmon.xml'), SAMPLE_SYSMON]).status, 0);
  writeFileSync(join(dir, 'package.json'), '{"name": "not events", "version": "1.0.0"}\n');
  writeFileSync(join(dir, 'layout.xml'), '<?xml version="1.0"?><layout><pane/></layout>\n');
  const fromEvtx = hunt([SAMPLE_SYSMON, '-f', 'jsonl']);
  const fromFolder = hunt([dir, '-f', 'jsonl']);
  assert.equal(fromFolder.status, 0, fromFolder.stderr);
  assert.doesNotMatch(fromFolder.stderr, /package\.json|layout\.xml/);
  const strip = (text: string): unknown[] => jsonLines<Record<string, unknown>>(text).map(({ file: _file, ...hit }) => hit);
  assert.ok(strip(fromEvtx.stdout).length >= 9);
  assert.deepEqual(strip(fromFolder.stdout), strip(fromEvtx.stdout));
  assert.match(fromFolder.stderr, /Read 1 file\(s\)/);
});

test('an export named anything is read by its content; a malformed event is one problem, the rest is hunted', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hunt-export-named-'));
  const xml = join(dir, 'sysmon-export.log');
  assert.equal(hunt(['dump', '-f', 'xml', '-o', xml, SAMPLE_SYSMON]).status, 0);
  const lines = readFileSync(xml, 'utf8').split('\n');
  // The 3rd event loses an end tag.
  lines[3] = lines[3]!.replace('</System>', '');
  writeFileSync(xml, lines.join('\n'));
  const offset = Buffer.byteLength(lines.slice(0, 3).join('\n') + '\n');
  const run = hunt([xml, '-f', 'jsonl']);
  assert.equal(run.status, 0, run.stderr);
  assert.ok(jsonLines(run.stdout).length >= 8);
  assert.ok(run.stderr.includes(`hunt: ${xml}: offset 0x${offset.toString(16)}: bad-record: <Event> element not well-formed`), run.stderr);
  const dump = hunt(['dump', xml]);
  assert.equal(dump.status, 0);
  assert.equal(jsonLines(dump.stdout).length, lines.filter((line) => line.startsWith('<Event ')).length - 1);
});

test('a file that is neither EVTX nor an XML or JSON export is unreadable, as before', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hunt-export-none-'));
  const text = join(dir, 'notes.json');
  writeFileSync(text, '{"these": "are not events"}\n');
  const run = hunt([text]);
  assert.equal(run.status, 2);
  assert.match(run.stderr, /notes\.json: JSON without an event .*: not an event export \(file not read\)/);
});
