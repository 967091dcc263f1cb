/** Evidence is never destroyed: hunt refuses any output that is one of its inputs. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFileSync, linkSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '../support/sharedData.js';
import { hunt, huntShell } from '../e2e/cli.js';
import { tempDir } from './craft.js';

const digest = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

function evidence(): { dir: string; log: string; hash: string } {
  const dir = tempDir();
  const log = join(dir, 'Security.evtx');
  copyFileSync(join(REPO_ROOT, 'samples/Security.evtx'), log);
  return { dir, log, hash: digest(log) };
}

function assertRefused(run: { status: number | null; stderr: string; stdout: string }, log: string): void {
  assert.equal(run.status, 2, run.stderr);
  const lines = run.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, run.stderr);
  assert.match(lines[0]!, /^hunt: refusing to write .+: it is the input .+ \(hunt never writes to its inputs\)$/);
  assert.ok(lines[0]!.includes(log), lines[0]);
  assert.equal(run.stdout, '');
}

test('-o onto the input log is refused, exit 2, and the log is untouched', () => {
  const { log, hash } = evidence();
  assertRefused(hunt([log, '-f', 'jsonl', '-o', log]), log);
  assert.equal(digest(log), hash);
});

test('-o onto the input log through a symbolic link or a hard link is refused', () => {
  const { dir, log, hash } = evidence();
  const soft = join(dir, 'hits.jsonl');
  symlinkSync(log, soft);
  assertRefused(hunt([log, '-f', 'jsonl', '-o', soft]), log);
  const hard = join(dir, 'hard.jsonl');
  linkSync(log, hard);
  assertRefused(hunt([log, '-o', hard]), log);
  // the input given through the link, the output by its real name
  assertRefused(hunt([soft, '-o', log]), soft);
  assert.equal(digest(log), hash);
});

test('-o onto a log found in an input folder is refused', () => {
  const { dir, log, hash } = evidence();
  assertRefused(hunt([dir, '-f', 'csv', '-o', log]), log);
  assert.equal(digest(log), hash);
});

test('hunt dump -o onto its input is refused', () => {
  const { dir, log, hash } = evidence();
  for (const format of ['jsonl', 'json', 'xml']) assertRefused(hunt(['dump', dir, '-f', format, '-o', log]), log);
  assert.equal(digest(log), hash);
});

test('-o onto a rule file given with -r is refused', () => {
  const dir = tempDir();
  const rule = join(dir, 'rule.yml');
  copyFileSync(join(REPO_ROOT, 'rules/sigma/proc_creation_win_net_share_unmount.yml'), rule);
  const hash = digest(rule);
  const run = hunt(['samples/', '-r', rule, '-f', 'jsonl', '-o', rule]);
  assert.equal(run.status, 2, run.stderr);
  assert.match(run.stderr, /^hunt: refusing to write .*rule\.yml: it is the input .*rule\.yml/);
  assert.equal(run.stderr.trimEnd().split('\n').length, 1, run.stderr);
  assert.equal(digest(rule), hash);
});

test('stdout appended to the input log (`>> Security.evtx`) is refused', () => {
  const { log, hash } = evidence();
  const run = huntShell(`"$NODE" "$HUNT" "${log}" -f jsonl >> "${log}"`);
  assert.equal(run.status, 2, run.stderr);
  assert.match(run.stderr, /^hunt: refusing to write stdout: it is the input /);
  assert.equal(digest(log), hash);
  const dump = huntShell(`"$NODE" "$HUNT" dump "${log}" >> "${log}"`);
  assert.equal(dump.status, 2, dump.stderr);
  assert.equal(digest(log), hash);
});

test('an output that is no input is still written', () => {
  const { dir, log } = evidence();
  const out = join(dir, 'hits.jsonl');
  const run = hunt([log, '-f', 'jsonl', '-o', out]);
  assert.equal(run.status, 0, run.stderr);
  assert.ok(readFileSync(out, 'utf8').split('\n').length > 5);
});
