/** The filter options on the bundled samples (samples/README.md: 17 hits, all on WKS-FIN-07 on 2024-03-11). */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { SHARED_DIR, sharedMissing } from '../support/sharedData.js';
import { hunt, jsonLines } from './cli.js';

interface HitLine {
  timestamp: string;
  event_id: number;
  computer: string;
  rule: { id: string; source: string };
}

const SIGMA_SEED = 'cb7c4a03-2871-43c0-9bbb-18bbdb079896';
const ALL = jsonLines<HitLine>(hunt(['samples/', '-f', 'jsonl']).stdout);

function hits(args: readonly string[]): { hits: HitLine[]; stderr: string } {
  const run = hunt(['samples/', '-f', 'jsonl', ...args]);
  assert.equal(run.status, 0, run.stderr);
  return { hits: jsonLines<HitLine>(run.stdout), stderr: run.stderr };
}

test('the samples give hits from both process-start logs (what the filters below cut down)', () => {
  assert.equal(ALL.length, 17);
  assert.ok(ALL.some((hit) => hit.event_id === 1) && ALL.some((hit) => hit.event_id === 4688));
});

test('--event-id keeps only those ids, --exclude-event-id drops them, and the summary says how many records were left out', () => {
  const sysmon = hits(['--event-id', '1']);
  assert.deepEqual(
    sysmon.hits,
    ALL.filter((hit) => hit.event_id === 1),
  );
  assert.match(sysmon.stderr, /^Filters \(--event-id 1\) left out \d+ of 4423 records$/m);
  const noSysmon = hits(['--exclude-event-id', '1']);
  assert.deepEqual(
    noSysmon.hits,
    ALL.filter((hit) => hit.event_id !== 1),
  );
  assert.deepEqual(hits(['--event-id', '4688,1']).hits, ALL);
  assert.deepEqual(hits(['--event-id', '4688', '--event-id', '1']).hits, ALL, 'repeated');
});

test('--from and --to keep the hits in between, bounds included, no zone meaning UTC', () => {
  const from = '2024-03-11T10:44:08.025';
  const to = '2024-03-11T10:45:25.5';
  const window = hits(['--from', from, '--to', to]).hits;
  assert.deepEqual(
    window,
    ALL.filter((hit) => hit.timestamp >= `${from}0000Z` && hit.timestamp <= `${to}000000Z`),
  );
  assert.ok(window.length >= 3 && window.length < ALL.length, `${window.length} hits in the window`);
  assert.deepEqual(hits(['--from', '2024-03-11T12:44:08.025+02:00', '--to', to]).hits, window, 'a zone offset');
  assert.deepEqual(hits(['--from', '2024-03-11', '--to', '2024-03-11']).hits, ALL, 'a date alone as --to: the whole day');
  assert.deepEqual(hits(['--to', '2024-03-10']).hits, []);
});

test('a filter that leaves out every event says so in the summary', () => {
  const run = hits(['--from', '1h']);
  assert.deepEqual(run.hits, []);
  assert.match(run.stderr, /^Filters \(--from 1h\) left out every one of the 4423 records: no event was checked$/m);
  assert.match(run.stderr, /^Checked 0 events/m);
  const table = hunt(['samples/', '--computer', 'DC01']);
  assert.equal(table.status, 0, table.stderr);
  assert.match(table.stdout, /^Filters \(--computer DC01\) left out every one of the 4423 records: no event was checked$/m);
});

test('--computer matches the logged name or its host part, ignoring case', () => {
  assert.deepEqual(hits(['--computer', 'wks-fin-07']).hits, ALL);
  assert.deepEqual(hits(['--computer', 'WKS-FIN-07.corp.example.com']).hits, ALL);
  assert.deepEqual(hits(['--computer', 'WKS-FIN']).hits, []);
});

test('--exclude-rule (id or file) and --exclude-rules-file leave rules out, and a name that matches nothing is said', () => {
  const eql = ALL.filter((hit) => hit.rule.source === 'eql');
  const byId = hits(['--exclude-rule', SIGMA_SEED]);
  assert.deepEqual(byId.hits, eql);
  assert.match(byId.stderr, /^hunt: 1 rule\(s\) excluded/m);
  assert.deepEqual(hits(['--exclude-rule', 'rules/sigma/proc_creation_win_net_share_unmount.yml']).hits, eql);
  assert.deepEqual(hits(['--exclude-rule', 'rules/sigma']).hits, eql, 'a folder');
  const dir = mkdtempSync(join(tmpdir(), 'hunt-exclude-'));
  const list = join(dir, 'exclude.txt');
  writeFileSync(list, `# too noisy here\n${SIGMA_SEED}   # net share /delete\n\n`);
  assert.deepEqual(hits(['--exclude-rules-file', list]).hits, eql);
  const typo = hits(['--exclude-rule', 'cb7c4a03-typo']);
  assert.deepEqual(typo.hits, ALL);
  assert.match(typo.stderr, /^hunt: excluded rule cb7c4a03-typo: no loaded rule has this id or is in this file or folder$/m);
});

test('--exclude-status leaves out rules of that status; excluding every rule is exit 2', () => {
  // The bundled Sigma rule is `status: test`; the Elastic rule has no status and stays.
  assert.deepEqual(
    hits(['--exclude-status', 'test']).hits,
    ALL.filter((hit) => hit.rule.source === 'eql'),
  );
  assert.deepEqual(hits(['--exclude-status', 'deprecated,unsupported']).hits, ALL);
  const none = hunt(['samples/', '-r', 'rules/sigma', '--exclude-status', 'test']);
  assert.equal(none.status, 2);
  assert.match(none.stderr, /^hunt: no rules left from rules\/sigma: 1 excluded$/m);
});

test('a bad filter value is one line and exit 2, before anything is read', () => {
  for (const args of [
    ['--from', 'yesterday'],
    ['--event-id', 'x'],
    ['--from', '2d', '--to', '3d'],
  ]) {
    const run = hunt(['samples/', ...args]);
    assert.equal(run.status, 2, args.join(' '));
    assert.equal(run.stdout, '');
    assert.match(run.stderr, new RegExp(`^hunt: ${args[0]} `), run.stderr);
    assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
  }
});

test('-q prints only the hits: no summary, no warnings', () => {
  const quiet = hunt(['samples/', '-q', '--event-id', '1']);
  assert.equal(quiet.status, 0);
  assert.equal(quiet.stderr, '');
  assert.doesNotMatch(quiet.stdout, /hit\(s\)|warning|Filters/);
  assert.match(quiet.stdout, /Unmount Share/);
  const jsonl = hunt(['samples/', '-q', '-f', 'jsonl']);
  assert.equal(jsonl.stderr, '');
  assert.equal(jsonLines(jsonl.stdout).length, 17);
});

test('on the attack corpus, each filter gives exactly the unfiltered hits it admits', { skip: sharedMissing() }, () => {
  const corpus = join(SHARED_DIR, 'corpus', 'evtx-attack-samples');
  const rules = ['-r', join(SHARED_DIR, 'corpus', 'sigma', 'rules', 'windows')];
  const run = (args: readonly string[]): HitLine[] => {
    const result = hunt([corpus, ...rules, '-f', 'jsonl', '-q', ...args]);
    assert.equal(result.status, 0, result.stderr);
    return jsonLines<HitLine>(result.stdout);
  };
  const all = run([]);
  assert.ok(all.length > 1000, `${all.length} hits`);
  assert.deepEqual(run(['--from', '1990-01-01', '--to', '2100-01-01']), all, 'a window holding every event changes nothing');
  const ids = new Set([4688, 1, 4104]);
  assert.deepEqual(
    run(['--event-id', [...ids].join(',')]),
    all.filter((hit) => ids.has(hit.event_id)),
  );
  const from = '2020-06-01T00:00:00.0000000Z';
  const window = run(['--from', '2020-06-01']);
  assert.deepEqual(
    window,
    all.filter((hit) => hit.timestamp >= from),
  );
  assert.ok(window.length > 0 && window.length < all.length, `${window.length} of ${all.length} hits after ${from}`);
});
