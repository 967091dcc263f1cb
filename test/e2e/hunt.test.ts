import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT, sharedMissing, SHARED_DIR as SHARED } from '../support/sharedData.js';
import { promisedSampleHits } from '../support/sampleHits.js';
import { hunt, jsonLines } from './cli.js';

interface HitLine {
  rule: { id: string; title: string; level: string; source: string };
  file: string;
  record_id: number;
  timestamp: string;
  event_id: number;
  channel: string;
  computer: string;
  process: {
    image: string | null;
    original_file_name: string | null;
    command_line: string | null;
    parent_image: string | null;
    user: string | null;
    pid: number | null;
  };
  event_data: Record<string, string>;
}

const SIGMA_UNMOUNT = 'cb7c4a03-2871-43c0-9bbb-18bbdb079896';
const EQL_WEBDAV = 'c4210e1c-64f2-4f48-b67e-b5a8ffe3aa14';
const ATTACK = () => join(SHARED, 'corpus/evtx-attack-samples');

test('hunt samples/ prints a table and a summary, exit 0', () => {
  const run = hunt(['samples/']);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /Time \(UTC\)/);
  assert.match(run.stdout, /Unmount Share Via Net\.EXE/);
  assert.match(run.stdout, /Mounting Hidden or WebDav Remote Shares/);
  assert.match(run.stdout, /Read 2 file\(s\)/);
  assert.match(run.stdout, /process creations\) with 2 rules/);
});

test('JSONL hits carry rule, record and process fields; both rule kinds fire on both log kinds', () => {
  const run = hunt(['samples/', '--format', 'jsonl']);
  assert.equal(run.status, 0, run.stderr);
  const hits = jsonLines<HitLine>(run.stdout);
  assert.ok(hits.length > 0);
  for (const hit of hits) {
    assert.ok([SIGMA_UNMOUNT, EQL_WEBDAV].includes(hit.rule.id));
    assert.equal(hit.rule.source, hit.rule.id === SIGMA_UNMOUNT ? 'sigma' : 'eql');
    assert.ok(Number.isInteger(hit.record_id) && hit.record_id > 0);
    assert.match(hit.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    assert.ok(hit.process?.image);
    assert.ok(hit.process.command_line);
  }
  const kinds = new Set(hits.map((h) => `${h.rule.source}:${h.channel}`));
  assert.deepEqual([...kinds].sort(), [
    'eql:Microsoft-Windows-Sysmon/Operational',
    'eql:Security',
    'sigma:Microsoft-Windows-Sysmon/Operational',
    'sigma:Security',
  ]);
  // the near misses of the samples never fire
  for (const hit of hits) {
    const cmd = hit.process.command_line!.toLowerCase();
    if (hit.rule.id === EQL_WEBDAV) assert.doesNotMatch(cmd, /\s\/d/, cmd);
    assert.doesNotMatch(hit.process.image!.toLowerCase(), /cabinet\.exe$/);
  }
});

test('on samples/, the bundled rules hit exactly the intended records of samples/README.md', () => {
  const hits = jsonLines<HitLine>(hunt(['samples/', '--format', 'jsonl']).stdout);
  const found = hits.map((h) => `${h.channel === 'Security' ? 'Security' : 'Sysmon'} ${h.record_id} ${h.rule.title}`).sort();
  const promised = [...promisedSampleHits()].sort();
  assert.equal(promised.length, 17);
  assert.deepEqual(found, promised);
});

test('CSV and JSON outputs parse and hold the same hits as JSONL', () => {
  const jsonl = jsonLines<HitLine>(hunt(['samples/', '--format', 'jsonl']).stdout);
  const json = JSON.parse(hunt(['samples/', '--format', 'json']).stdout) as HitLine[];
  assert.deepEqual(json, jsonl);
  const csv = hunt(['samples/', '--format', 'csv']).stdout.trimEnd().split('\r\n');
  assert.match(csv[0]!, /^timestamp,computer,rule_title,rule_level/);
  assert.equal(csv.length - 1, jsonl.length);
});

test('-o writes hits to a file and the summary to stderr', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'hunt-')), 'hits.jsonl');
  const run = hunt(['samples/', '--format', 'jsonl', '-o', out]);
  assert.equal(run.status, 0);
  assert.equal(run.stdout, '');
  assert.match(run.stderr, /hit\(s\)/);
});

test('usage errors and unreadable input exit 2 with a message naming the path', () => {
  const none = hunt([]);
  assert.equal(none.status, 2);
  assert.match(none.stderr, /at least one log file or folder/);
  const missing = hunt(['no/such/file.evtx']);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /no\/such\/file\.evtx: no such file or folder/);
  const dir = mkdtempSync(join(tmpdir(), 'hunt-'));
  const junk = join(dir, 'junk.evtx');
  writeFileSync(junk, 'this is not an event log at all, just text that is long enough to look like something');
  const bad = hunt([junk]);
  assert.equal(bad.status, 2);
  assert.ok(bad.stderr.includes(junk), bad.stderr);
  const empty = hunt([mkdtempSync(join(tmpdir(), 'hunt-'))]);
  assert.equal(empty.status, 2);
  assert.match(empty.stderr, /holds no \.evtx/);
  const option = hunt(['samples/', '--format', 'xml']);
  assert.equal(option.status, 2);
  assert.match(option.stderr, /format/);
});

test('--help teaches: commands, formats and exit status', () => {
  const run = hunt(['--help']);
  assert.equal(run.status, 0);
  for (const text of ['dump', '--rules', '--format', 'Exit status', 'jsonl']) assert.ok(run.stdout.includes(text), text);
});

test('hunt dump: one JSON object per record with the documented keys', () => {
  const run = hunt(['dump', 'samples/Security.evtx']);
  assert.equal(run.status, 0, run.stderr);
  const records = jsonLines<Record<string, unknown>>(run.stdout);
  assert.ok(records.length > 100);
  for (const key of ['file', 'record_id', 'timestamp', 'event_id', 'provider', 'channel', 'computer', 'user_id', 'event_data']) {
    assert.ok(key in records[0]!, key);
  }
  assert.ok(records.some((r) => r['event_id'] === 4688));
});

test('the bundled EQL rule finds the real `net use \\\\Target\\C$` of the attack corpus', { skip: sharedMissing() }, () => {
  const run = hunt([ATTACK(), '--format', 'jsonl'], 300_000);
  assert.equal(run.status, 0, run.stderr.slice(-2000));
  const hits = jsonLines<HitLine>(run.stdout);
  const panache = hits.filter(
    (h) => h.rule.id === EQL_WEBDAV && h.file.endsWith('AutomatedTestingTools/PanacheSysmon_vs_AtomicRedTeam01.evtx'),
  );
  assert.ok(
    panache.some((h) => h.process.image?.toLowerCase().endsWith('\\net.exe') && h.process.command_line?.includes('\\\\Target\\C$')),
    JSON.stringify(panache.map((h) => h.process.command_line)),
  );
});

test('a Security log whose 4688 events lack command lines gets the audit-policy warning', { skip: sharedMissing() }, () => {
  const run = hunt([join(ATTACK(), 'Lateral Movement/LM_WMI_4624_4688_TargetHost.evtx')]);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /empty command line: the audit policy/);
});

test('a log without process creations says so instead of printing nothing', { skip: sharedMissing() }, () => {
  const file = join(SHARED, 'corpus/evtx-crate-samples/system.evtx');
  const run = hunt([file]);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /no process-creation events/);
  assert.match(run.stdout, /0 hit\(s\)/);
});

test('--recover also reads records carved from chunk slack, and hits on them say so', { skip: sharedMissing() }, () => {
  const file = join(ATTACK(), 'AutomatedTestingTools/PanacheSysmon_vs_AtomicRedTeam01.evtx');
  const records = (args: string[]): number => Number(/(\d+) records/.exec(hunt([file, ...args]).stdout)?.[1]);
  assert.equal(records([]), 565);
  assert.equal(records(['--recover']), 596);
  const hits = jsonLines<HitLine & { recovered: boolean }>(hunt([file, '--recover', '-f', 'jsonl']).stdout);
  assert.ok(hits.length > 0);
  assert.ok(hits.some((h) => h.recovered === false));
});

test('--min-level drops the rules below it', () => {
  const hits = jsonLines<HitLine>(hunt(['samples/', '--min-level', 'medium', '-f', 'jsonl']).stdout);
  assert.equal(hits.length, 12);
  assert.ok(hits.every((h) => h.rule.level === 'medium'));
});

test('an unreadable file is named with the reason, and the other files are still hunted', () => {
  const junk = join(mkdtempSync(join(tmpdir(), 'hunt-')), 'junk.evtx');
  writeFileSync(junk, 'not a log');
  const run = hunt([junk, 'samples/Security.evtx']);
  assert.equal(run.status, 0);
  assert.ok(run.stderr.includes(`${junk}: only 9 bytes: not an EVTX file (file not read)`), run.stderr);
  assert.match(run.stdout, /Read 1 file\(s\).*\(1 unreadable\)/);
});

test('the built CLI runs as an executable, as npx and package bins run it', () => {
  const cli = join(REPO_ROOT, 'dist/src/cli/main.js');
  const run = spawnSync(cli, ['--version'], { encoding: 'utf8' });
  assert.equal(run.status, 0, String(run.error ?? run.stderr));
  assert.match(run.stdout, /^\d+\.\d+\.\d+/);
});

test('a reader that closes the pipe early (`hunt dump ... | head`) ends the run quietly', () => {
  const cli = join(REPO_ROOT, 'dist/src/cli/main.js');
  const run = spawnSync(
    'bash',
    ['-c', `"${process.execPath}" "${cli}" dump samples/ | head -c 100 >/dev/null; echo "status \${PIPESTATUS[0]}"`],
    {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    },
  );
  assert.match(run.stdout, /status 0/);
  assert.doesNotMatch(run.stderr, /EPIPE|Error/);
});
