/**
 * The rule cache: a second load of the same files hits and gives the same rules; a changed file
 * misses; a truncated, edited or foreign cache file, another hunt version, or a directory that
 * cannot be written falls back to parsing with identical rules (and a damaged file is rewritten).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { RuleCache, ruleCacheDirectory, type RuleCacheOptions } from '../../src/rules/cache/index.js';
import { loadRuleFiles, type RuleLoadReport } from '../../src/rules/load.js';
import { parseRuleDocuments, SIGMA_YAML_FORMAT, YamlNumber } from '../../src/rules/sigma/model/yaml.js';
import { hunt } from '../e2e/cli.js';
import { REPO_ROOT, SHARED_DIR, sharedMissing } from '../support/sharedData.js';

/** A Sigma collection with numbers JSON cannot hold as written, text beyond ASCII and a __proto__ key. */
const COLLECTION = `action: global
title: Global part
description: "Détection, 检测, 😀 and a lone \\ud800 surrogate"
logsource:
  product: windows
  category: process_creation
---
id: 0b8f1b4e-0000-4000-8000-000000000001
detection:
  selection:
    EventID: 0x10
    Version: 1.10
    Nan: .nan
    Negative: -0.0
    Image|endswith: '\\evil.exe'
  condition: selection
level: high
---
action: repeat
id: 0b8f1b4e-0000-4000-8000-000000000002
title: Repeated
detection:
  selection:
    __proto__: polluted
    CommandLine|contains: ['-enc', ' /c ']
  condition: selection
`;

/** Two detections sharing one anchored list: a YAML alias, one object twice. */
const ALIASED = `title: Aliased
id: 0b8f1b4e-0000-4000-8000-000000000003
logsource:
  category: process_creation
  product: windows
detection:
  first:
    CommandLine|contains: &needles ['mimikatz', 'sekurlsa']
  second:
    ParentCommandLine|contains: *needles
  condition: first or second
level: medium
`;

/** An Elastic rule whose [rule] table holds a TOML date (not plain data: never cached). */
const DATED_TOML = `[metadata]
creation_date = "2024/01/01"

[rule]
rule_id = "0b8f1b4e-0000-4000-8000-000000000004"
name = "Dated"
type = "eql"
language = "eql"
severity = "low"
risk_score = 21
description = "A dated rule"
reviewed = 2024-01-01T00:00:00Z
query = '''
process where process.name == "evil.exe"
'''
`;

function ruleTree(): { dir: string; files: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'hunt-rule-cache-rules-'));
  cpSync(join(REPO_ROOT, 'rules'), dir, { recursive: true });
  writeFileSync(join(dir, 'collection.yml'), COLLECTION);
  writeFileSync(join(dir, 'aliased.yml'), ALIASED);
  writeFileSync(join(dir, 'dated.toml'), DATED_TOML);
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => /\.(yml|toml)$/.test(name))
    .map((name) => join(dir, name))
    .sort();
  return { dir, files };
}

function cacheDir(): string {
  return join(mkdtempSync(join(tmpdir(), 'hunt-rule-cache-')), 'cache');
}

/** Everything a load gives that can be compared: metadata, prefilter needles, skips and errors. */
function described(report: RuleLoadReport): unknown {
  return {
    rules: report.rules.map((rule) => ({
      meta: rule.meta,
      prefilter: rule.prefilter?.map(({ view, field, needles }) => ({ view, field, needles })),
    })),
    skipped: report.skipped,
    errors: report.errors.map((error) => error.message),
  };
}

/** Loads `files` through a cache (saved afterwards), with its hit and miss counts. */
function cachedLoad(options: RuleCacheOptions): { described: unknown; hits: number; misses: number; cache: RuleCache } {
  const cache = new RuleCache(options);
  const report = loadRuleFiles(options.ruleFiles, cache);
  cache.save();
  return { described: described(report), ...cache.counts(), cache };
}

const VERSION = '1.0.0-test';

test('a second load hits every cacheable file and gives the same rules as parsing', () => {
  const { files } = ruleTree();
  const directory = cacheDir();
  const parsed = described(loadRuleFiles(files));
  const first = cachedLoad({ directory, huntVersion: VERSION, ruleFiles: files });
  assert.deepEqual(first.described, parsed);
  assert.equal(first.hits, 0);
  assert.equal(first.misses, files.length);
  const second = cachedLoad({ directory, huntVersion: VERSION, ruleFiles: files });
  assert.deepEqual(second.described, parsed);
  // The aliased YAML and the dated TOML are not cached (their round trip would differ): parsed every time.
  assert.deepEqual({ hits: second.hits, misses: second.misses }, { hits: files.length - 2, misses: 2 });
});

test('numbers keep their text and value, and a __proto__ key stays a key, through the cache', () => {
  const directory = cacheDir();
  const bytes = Buffer.from(COLLECTION);
  const parse = (text: string): unknown[] => parseRuleDocuments(text, 'collection.yml');
  const writer = new RuleCache({ directory, huntVersion: VERSION, ruleFiles: ['collection.yml'] });
  const direct = writer.parsed(bytes, SIGMA_YAML_FORMAT, parse);
  writer.save();
  const reader = new RuleCache({ directory, huntVersion: VERSION, ruleFiles: ['collection.yml'] });
  const cached = reader.parsed(bytes, SIGMA_YAML_FORMAT, () => assert.fail('parsed instead of read from the cache'));
  assert.deepEqual(reader.counts(), { hits: 1, misses: 0 });
  assert.deepEqual(cached, direct);
  const selection = (cached[1] as { detection: { selection: Record<string, unknown> } }).detection.selection;
  const numbers = ['EventID', 'Version', 'Nan', 'Negative'].map((key) => selection[key] as YamlNumber);
  assert.ok(numbers.every((number) => number instanceof YamlNumber));
  assert.deepEqual(
    numbers.map((number) => number.text),
    ['0x10', '1.10', '.nan', '-0.0'],
  );
  assert.deepEqual(
    numbers.map((number) => number.value),
    [16, 1.1, NaN, -0],
  );
  const repeated = (cached[2] as { detection: { selection: Record<string, unknown> } }).detection.selection;
  assert.ok(Object.hasOwn(repeated, '__proto__'));
  assert.equal(Object.getPrototypeOf(repeated), Object.prototype);
});

test('a changed rule file misses and loads its new content; the others still hit', () => {
  const { dir, files } = ruleTree();
  const directory = cacheDir();
  cachedLoad({ directory, huntVersion: VERSION, ruleFiles: files });
  const changed = join(dir, 'collection.yml');
  writeFileSync(changed, COLLECTION.replace('title: Repeated', 'title: Repeated, edited'));
  const after = cachedLoad({ directory, huntVersion: VERSION, ruleFiles: files });
  assert.deepEqual(after.described, described(loadRuleFiles(files)));
  assert.equal(after.misses, 3);
  const titles = (after.described as { rules: { meta: { title: string } }[] }).rules.map((rule) => rule.meta.title);
  assert.ok(titles.includes('Repeated, edited'));
  // The rewritten cache file holds the new content.
  assert.equal(cachedLoad({ directory, huntVersion: VERSION, ruleFiles: files }).misses, 2);
});

test('a truncated, edited or foreign cache file is not used, gives the parsed rules and is rewritten', () => {
  const { files } = ruleTree();
  const parsed = described(loadRuleFiles(files));
  const damages: Record<string, (contents: Buffer) => Buffer> = {
    truncated: (contents) => contents.subarray(0, Math.floor(contents.length / 2)),
    'header only': (contents) => contents.subarray(0, contents.indexOf(0x0a) + 1),
    'edited entry': (contents) => Buffer.from(contents.toString('latin1').replace('Unmount', 'Unm0unt'), 'latin1'),
    'edited header': (contents) => Buffer.from(contents.toString('latin1').replace('"payloadBytes":', '"payloadBytes":1'), 'latin1'),
    foreign: () => Buffer.from('{"not":"a hunt cache"}\n[1,2,3]\n'),
    binary: () => Buffer.from([0xff, 0xfe, 0x00, 0x0a, 0x80, 0x81]),
    empty: () => Buffer.alloc(0),
  };
  for (const [damage, apply] of Object.entries(damages)) {
    const directory = cacheDir();
    const { cache } = cachedLoad({ directory, huntVersion: VERSION, ruleFiles: files });
    writeFileSync(cache.file, apply(readFileSync(cache.file)));
    const damaged = cachedLoad({ directory, huntVersion: VERSION, ruleFiles: files });
    assert.deepEqual(damaged.described, parsed, damage);
    assert.equal(damaged.hits, 0, damage);
    assert.equal(cachedLoad({ directory, huntVersion: VERSION, ruleFiles: files }).misses, 2, `${damage}: rewritten`);
  }
});

test('an entry that does not decode in a well-formed cache file is a miss, parsed and rewritten', () => {
  const { files } = ruleTree();
  const directory = cacheDir();
  const { cache } = cachedLoad({ directory, huntVersion: VERSION, ruleFiles: files });
  const contents = readFileSync(cache.file, 'utf8');
  const newline = contents.indexOf('\n');
  const header = JSON.parse(contents.slice(0, newline)) as Record<string, unknown>;
  // Each entry's JSON replaced by something else, the header's length and checksum made to match.
  const payload = contents
    .slice(newline + 1)
    .split('\n')
    .map((line, index) => `${line.slice(0, line.indexOf('\t'))}\t${['[]', '[null,[[["x"],"number","1"]]]', '{"a":1}', '7'][index % 4]}`)
    .join('\n');
  header['payloadBytes'] = Buffer.byteLength(payload);
  header['payloadSha256'] = createHash('sha256').update(payload).digest('hex');
  writeFileSync(cache.file, `${JSON.stringify(header)}\n${payload}`);
  const damaged = cachedLoad({ directory, huntVersion: VERSION, ruleFiles: files });
  assert.equal(damaged.hits, 0);
  assert.deepEqual(damaged.described, described(loadRuleFiles(files)));
  assert.equal(cachedLoad({ directory, huntVersion: VERSION, ruleFiles: files }).misses, 2);
});

test('a cache file others could have written is not read', () => {
  const { files } = ruleTree();
  const directory = cacheDir();
  const { cache } = cachedLoad({ directory, huntVersion: VERSION, ruleFiles: files });
  chmodSync(cache.file, 0o666);
  const load = cachedLoad({ directory, huntVersion: VERSION, ruleFiles: files });
  assert.equal(load.hits, 0);
  assert.deepEqual(load.described, described(loadRuleFiles(files)));
  // Rewritten as this user's private file, and read again.
  assert.equal(statSync(cache.file).mode & 0o077, 0);
  assert.equal(cachedLoad({ directory, huntVersion: VERSION, ruleFiles: files }).misses, 2);
});

test('a cache written by another hunt version is not read', () => {
  const { files } = ruleTree();
  const directory = cacheDir();
  cachedLoad({ directory, huntVersion: VERSION, ruleFiles: files });
  const other = cachedLoad({ directory, huntVersion: '2.0.0-test', ruleFiles: files });
  assert.equal(other.hits, 0);
  assert.deepEqual(other.described, described(loadRuleFiles(files)));
  assert.equal(cachedLoad({ directory, huntVersion: '2.0.0-test', ruleFiles: files }).misses, 2);
});

test('a cache directory that cannot be created or written only means parsing every time', () => {
  const { files } = ruleTree();
  const parsed = described(loadRuleFiles(files));
  const blocker = join(mkdtempSync(join(tmpdir(), 'hunt-rule-cache-')), 'a-file');
  writeFileSync(blocker, 'not a folder');
  for (const directory of [join(blocker, 'cache'), blocker]) {
    for (let run = 0; run < 2; run++) {
      const load = cachedLoad({ directory, huntVersion: VERSION, ruleFiles: files });
      assert.deepEqual(load.described, parsed);
      assert.equal(load.hits, 0);
    }
  }
  assert.equal(readFileSync(blocker, 'utf8'), 'not a folder');
});

test('the cache directory stays within its bound, the least recently used files evicted', () => {
  const { files } = ruleTree();
  const directory = cacheDir();
  mkdirSync(directory, { recursive: true });
  const maxBytes = 64 * 1024;
  const old = join(directory, `rules-${'0'.repeat(32)}.cache`);
  writeFileSync(old, Buffer.alloc(maxBytes - 100));
  const unrelated = join(directory, 'notes.txt');
  writeFileSync(unrelated, Buffer.alloc(maxBytes));
  const { cache } = cachedLoad({ directory, huntVersion: VERSION, ruleFiles: files, maxBytes });
  assert.ok(statSync(cache.file).size < maxBytes);
  assert.deepEqual(readdirSync(directory).sort(), [cache.file.slice(directory.length + 1), 'notes.txt'].sort());
  // A cache file over the bound on its own is not written.
  const tiny = cacheDir();
  assert.equal(cachedLoad({ directory: tiny, huntVersion: VERSION, ruleFiles: files, maxBytes: 100 }).hits, 0);
  assert.equal(cachedLoad({ directory: tiny, huntVersion: VERSION, ruleFiles: files, maxBytes: 100 }).hits, 0);
});

test('the cache directory: $HUNT_CACHE_DIR, else $XDG_CACHE_HOME/hunt, else ~/.cache/hunt', () => {
  const home = (): string => '/home/analyst';
  assert.equal(ruleCacheDirectory({ HUNT_CACHE_DIR: '/tmp/c', XDG_CACHE_HOME: '/x' }, home), '/tmp/c');
  assert.equal(ruleCacheDirectory({ XDG_CACHE_HOME: '/x' }, home), '/x/hunt');
  assert.equal(ruleCacheDirectory({ XDG_CACHE_HOME: 'relative' }, home), '/home/analyst/.cache/hunt');
  assert.equal(ruleCacheDirectory({ HUNT_CACHE_DIR: '' }, home), '/home/analyst/.cache/hunt');
  assert.equal(
    ruleCacheDirectory({}, () => {
      throw new Error('no home');
    }),
    undefined,
  );
});

const SIGMA_WINDOWS = join(SHARED_DIR, 'corpus', 'sigma', 'rules', 'windows');
const ELASTIC_WINDOWS = join(SHARED_DIR, 'corpus', 'elastic-detection-rules', 'rules', 'windows');

test('all SigmaHQ and Elastic Windows rules: cached loads give the rules parsing gives', { skip: sharedMissing() }, () => {
  const files = [SIGMA_WINDOWS, ELASTIC_WINDOWS].flatMap((dir) =>
    readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((name) => /\.(yml|toml)$/.test(name))
      .map((name) => join(dir, name))
      .sort(),
  );
  const directory = cacheDir();
  // A load that misses returns what the parsers return: the first load is the parsed one.
  const first = cachedLoad({ directory, huntVersion: VERSION, ruleFiles: files });
  assert.equal(first.hits, 0);
  const second = cachedLoad({ directory, huntVersion: VERSION, ruleFiles: files });
  assert.deepEqual(second.described, first.described);
  assert.ok(second.hits > files.length * 0.99, `${second.hits} of ${files.length} files from the cache`);
});

test('hunt: the same output with a cold cache, a warm one, --no-cache and an unusable cache directory', () => {
  const directory = cacheDir();
  const run = (env: Record<string, string>, ...extra: string[]): { status: number | null; stdout: string; stderr: string } => {
    const { status, stdout, stderr } = hunt(['samples', '-f', 'jsonl', ...extra], 120_000, { env });
    // The summary's elapsed time is the one thing that may differ.
    return { status, stdout, stderr: stderr.replace(/ in [\d.]+ s$/m, ' in T s') };
  };
  const uncached = run({ HUNT_CACHE_DIR: directory }, '--no-cache');
  assert.equal(uncached.status, 0);
  assert.ok(uncached.stdout.length > 0);
  assert.equal(existsSync(directory), false, '--no-cache writes no cache');
  assert.deepEqual(run({ HUNT_CACHE_DIR: directory }), uncached, 'cold');
  assert.equal(readdirSync(directory).length, 1);
  assert.deepEqual(run({ HUNT_CACHE_DIR: directory }), uncached, 'warm');
  const blocker = join(mkdtempSync(join(tmpdir(), 'hunt-rule-cache-')), 'a-file');
  writeFileSync(blocker, 'not a folder');
  assert.deepEqual(run({ HUNT_CACHE_DIR: blocker }), uncached, 'cache directory is a file');
  assert.deepEqual(run({ HUNT_CACHE_DIR: join(blocker, 'below') }), uncached, 'cache directory cannot be made');
});
