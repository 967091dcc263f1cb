/** The rule packs shipped in packs/ (--pack), their provenance, and the script that refreshes them. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { filesBelow, PACK_SOURCES, packContentHash, refreshPack } from '../../scripts/refreshPack.js';
import { REPO_ROOT } from '../support/sharedData.js';
import { hunt, jsonLines } from './cli.js';

interface HitLine {
  rule: { id: string; title: string; source: string; file: string };
}

const PACKS = join(REPO_ROOT, 'packs');

test('each pack holds its licence and a SOURCE.md whose file count and content hash match its rules', () => {
  for (const source of PACK_SOURCES) {
    const pack = join(PACKS, source.name);
    const text = readFileSync(join(pack, 'SOURCE.md'), 'utf8');
    const rules = join(pack, source.rulesFolder);
    assert.match(text, /^- Upstream commit: \S+/m);
    assert.match(text, /^- Copied on: \d{4}-\d{2}-\d{2}$/m);
    assert.equal(text.match(/^- Files: (\d+)$/m)?.[1], String(filesBelow(rules).length), source.name);
    assert.equal(
      text.match(/^- Content hash: sha256:([0-9a-f]{64})$/m)?.[1],
      packContentHash(rules),
      `${source.name}: rules changed by hand?`,
    );
    assert.ok(
      source.licenceFiles.some((file) => existsSync(join(pack, file))),
      `${source.name}: a licence file`,
    );
  }
  const { files } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { files: string[] };
  assert.ok(files.includes('packs'), 'package.json "files" ships the packs');
});

test('hunt --pack all on the samples gives hits of SigmaHQ and Elastic rules from the packs', () => {
  const run = hunt(['samples/', '--pack', 'all', '-f', 'jsonl']);
  assert.equal(run.status, 0, run.stderr);
  const hits = jsonLines<HitLine>(run.stdout);
  assert.ok(hits.length > 100, `${hits.length} hits`);
  for (const source of ['sigma', 'eql'])
    assert.ok(
      hits.some((hit) => hit.rule.source === source),
      source,
    );
  assert.ok(
    hits.every((hit) => hit.rule.file.startsWith(PACKS)),
    'every rule from packs/',
  );
  assert.match(run.stderr, /with 2[0-9]{3} rules/);
});

test('--pack sigma -r extra.yml runs both, and not the bundled seed rules', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hunt-pack-'));
  const extra = join(dir, 'extra.yml');
  writeFileSync(
    extra,
    [
      'title: Extra Rule Of The Responder',
      'id: 0d6b0f38-6a66-4c1b-9a3c-7c3b9f2a1e55',
      'status: test',
      'logsource: { category: process_creation, product: windows }',
      'detection:',
      "  selection: { CommandLine|contains: ' share ' }",
      '  condition: selection',
      'level: low',
      '',
    ].join('\n'),
  );
  const run = hunt(['samples/', '--pack', 'sigma', '-r', extra, '-f', 'jsonl']);
  assert.equal(run.status, 0, run.stderr);
  const hits = jsonLines<HitLine>(run.stdout);
  assert.ok(hits.some((hit) => hit.rule.file === extra));
  assert.ok(hits.some((hit) => hit.rule.file.startsWith(join(PACKS, 'sigma'))));
  assert.ok(
    hits.every((hit) => hit.rule.source === 'sigma'),
    'no Elastic rule: neither the elastic pack nor the bundled one',
  );
});

test('an unknown pack is one clear error listing the packs, exit 2', () => {
  const run = hunt(['samples/', '--pack', 'sigmahq']);
  assert.equal(run.status, 2);
  assert.equal(run.stdout, '');
  assert.match(run.stderr, /^hunt: unknown rule pack "sigmahq" \(the packs: sigma: .*; elastic: .*; all: every pack\)$/m);
});

test("pack:refresh copies a clone's rules and licence, recording its commit, the date and the content hash", () => {
  const clone = mkdtempSync(join(tmpdir(), 'hunt-clone-'));
  mkdirSync(join(clone, 'rules', 'windows', 'builtin'), { recursive: true });
  mkdirSync(join(clone, 'rules', 'linux'), { recursive: true });
  cpSync(join(REPO_ROOT, 'rules', 'sigma', 'proc_creation_win_net_share_unmount.yml'), join(clone, 'rules', 'windows', 'a.yml'));
  writeFileSync(join(clone, 'rules', 'windows', 'builtin', 'b.yml'), 'title: b\n');
  writeFileSync(join(clone, 'rules', 'linux', 'c.yml'), 'title: not windows\n');
  writeFileSync(join(clone, 'LICENSE'), 'Detection Rule License 1.1\n');
  const packsRoot = mkdtempSync(join(tmpdir(), 'hunt-packs-'));
  const sigma = PACK_SOURCES.find((source) => source.name === 'sigma')!;
  const text = refreshPack(sigma, clone, packsRoot, new Date('2026-01-02T03:04:05Z'));
  assert.match(text, /^- Upstream commit: unknown \(/m, 'no git checkout: said honestly');
  assert.match(text, /^- Copied on: 2026-01-02$/m);
  assert.match(text, /^- Files: 2$/m);
  assert.deepEqual(filesBelow(join(packsRoot, 'sigma')), ['LICENSE', 'SOURCE.md', 'rules/windows/a.yml', 'rules/windows/builtin/b.yml']);
  let commit: string;
  try {
    for (const args of [
      ['init', '-q'],
      ['add', '.'],
      ['-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'x'],
    ]) {
      execFileSync('git', ['-C', clone, ...args], { stdio: 'ignore' });
    }
    commit = execFileSync('git', ['-C', clone, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return; // no git here: the commit case is not checked
  }
  writeFileSync(join(packsRoot, 'sigma', 'rules', 'windows', 'stale.yml'), 'title: removed upstream\n');
  const again = refreshPack(sigma, clone, packsRoot);
  assert.match(again, new RegExp(`^- Upstream commit: ${commit}$`, 'm'));
  assert.ok(!existsSync(join(packsRoot, 'sigma', 'rules', 'windows', 'stale.yml')), 'the old copy is replaced whole');
});
