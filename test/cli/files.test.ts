import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { collectFiles } from '../../src/cli/files.js';
import { REPO_ROOT } from '../support/sharedData.js';

const SAMPLE = join(REPO_ROOT, 'samples', 'Security.evtx');

function tree(): string {
  const root = mkdtempSync(join(tmpdir(), 'hunt-files-'));
  mkdirSync(join(root, 'real', 'sub'), { recursive: true });
  copyFileSync(SAMPLE, join(root, 'real', 'a.evtx'));
  copyFileSync(SAMPLE, join(root, 'real', 'sub', 'b.evtx'));
  return root;
}

test('symbolic links to files and folders are followed', () => {
  const root = tree();
  const elsewhere = mkdtempSync(join(tmpdir(), 'hunt-files-target-'));
  copyFileSync(SAMPLE, join(elsewhere, 'c.evtx'));
  mkdirSync(join(elsewhere, 'dir'));
  copyFileSync(SAMPLE, join(elsewhere, 'dir', 'd.evtx'));
  symlinkSync(join(elsewhere, 'c.evtx'), join(root, 'real', 'linked.evtx'));
  symlinkSync(join(elsewhere, 'dir'), join(root, 'real', 'linkeddir'));
  const { files, warnings } = collectFiles([join(root, 'real')], ['.evtx']);
  assert.deepEqual(
    files.map((file) => file.slice(root.length)),
    ['/real/a.evtx', '/real/linked.evtx', '/real/linkeddir/d.evtx', '/real/sub/b.evtx'],
  );
  assert.deepEqual(warnings, []);
});

test('a link loop is walked once and reported; a file reached twice is read once and reported', () => {
  const root = tree();
  symlinkSync(join(root, 'real'), join(root, 'real', 'sub', 'up'));
  symlinkSync(join(root, 'real', 'a.evtx'), join(root, 'real', 'sub', 'again.evtx'));
  const { files, warnings } = collectFiles([join(root, 'real')], ['.evtx']);
  assert.deepEqual(
    files.map((file) => file.slice(root.length)),
    ['/real/a.evtx', '/real/sub/b.evtx'],
  );
  assert.equal(warnings.length, 2, warnings.join('\n'));
  assert.match(warnings.join('\n'), /sub\/again\.evtx: the same file as .*real\/a\.evtx, read once/);
  assert.match(warnings.join('\n'), /sub\/up: folder already read/);
});

test('a dangling link and a FIFO named .evtx are reported, never opened', () => {
  const root = tree();
  symlinkSync(join(root, 'nowhere.evtx'), join(root, 'real', 'dangling.evtx'));
  execFileSync('mkfifo', [join(root, 'real', 'pipe.evtx')]);
  const { files, warnings } = collectFiles([join(root, 'real'), join(root, 'real', 'pipe.evtx')], ['.evtx']);
  assert.equal(files.length, 2);
  assert.match(warnings[0], /dangling\.evtx: not read: no such file or folder/);
  assert.match(warnings[1], /pipe\.evtx: not a regular file, not read/);
  assert.match(warnings[2], /pipe\.evtx: not a regular file, not read/);
});

test('a missing path and a folder without logs are reported', () => {
  const root = tree();
  mkdirSync(join(root, 'empty'));
  writeFileSync(join(root, 'empty', 'notes.txt'), 'x');
  const { files, warnings } = collectFiles([join(root, 'missing'), join(root, 'empty')], ['.evtx']);
  assert.deepEqual(files, []);
  assert.match(warnings[0], /missing: no such file or folder$/);
  assert.match(warnings[1], /empty: folder holds no \.evtx file$/);
});
