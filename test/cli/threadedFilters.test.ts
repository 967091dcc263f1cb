/**
 * The event filter and the rule exclusions reach worker threads: a hunt divided between threads
 * finds what one thread finds. And HuntThreads with no worker (what the CLI runs for small inputs,
 * so that a signal is heard between ranges) finds what runHunt finds.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { Hit } from '../../src/hunt/hit.js';
import { runHunt } from '../../src/hunt/hunt.js';
import { HuntThreads } from '../../src/hunt/parallel.js';
import { excludeRules, selectRules, type RuleExclusions } from '../../src/hunt/ruleSelection.js';
import { loadRuleFiles } from '../../src/rules/load.js';
import { RuleSet } from '../../src/rules/ruleSet.js';
import { REPO_ROOT } from '../support/sharedData.js';
import type { EventFilterSpec } from '../../src/hunt/eventFilter.js';

const SAMPLES = ['Microsoft-Windows-Sysmon%4Operational.evtx', 'Security.evtx'].map((name) => join(REPO_ROOT, 'samples', name));
const RULE_FILES = [
  join(REPO_ROOT, 'rules', 'sigma', 'proc_creation_win_net_share_unmount.yml'),
  join(REPO_ROOT, 'rules', 'elastic', 'mounting_hidden_or_webdav_remote_shares.toml'),
];
const EXCLUSIONS: RuleExclusions = { rules: ['cb7c4a03-2871-43c0-9bbb-18bbdb079896'] };
const FILTER: EventFilterSpec = { eventIds: [1, 4688], fromMs: Date.parse('2024-03-11T10:45:00Z') };

const loaded = loadRuleFiles(RULE_FILES);
const selection = selectRules(excludeRules(loaded, EXCLUSIONS).loaded, 'informational');
const ruleSet = new RuleSet(selection.outcome === 'selected' ? selection.rules : []);
const noCallbacks = { onProblem: () => {}, onUnreadable: () => {} };
const key = (hit: Hit): string => `${hit.rule.id} ${hit.file} ${hit.recordId}`;

const pools: HuntThreads[] = [];
after(() => {
  for (const pool of pools) pool.close();
});

function oneThread(): { hits: string[]; filteredOut: number } {
  const hits: Hit[] = [];
  const summary = runHunt(SAMPLES, ruleSet, { write: (hit) => hits.push(hit) }, { recover: false, eventFilter: FILTER }, noCallbacks);
  return { hits: hits.map(key), filteredOut: summary.eventsFilteredOut };
}

async function pooled(threads: number): Promise<{ hits: string[]; filteredOut: number }> {
  const pool = new HuntThreads(
    threads,
    { ruleFiles: RULE_FILES, minLevel: 'informational', exclusions: EXCLUSIONS, eventFilter: FILTER },
    { rangeChunks: 2 },
  );
  pools.push(pool);
  await pool.whenReady();
  const hits: Hit[] = [];
  const summary = await pool.run(
    SAMPLES,
    ruleSet,
    { write: (hit) => hits.push(hit) },
    { recover: false, eventFilter: FILTER },
    noCallbacks,
  );
  return { hits: hits.map(key), filteredOut: summary.eventsFilteredOut };
}

test('one thread: the filter and the exclusion cut the hits down', () => {
  const { hits, filteredOut } = oneThread();
  assert.ok(hits.length > 0 && hits.length < 17, `${hits.length} hits`);
  assert.ok(
    hits.every((hit) => hit.startsWith('c4210e1c-')),
    'only the Elastic rule: the Sigma one is excluded',
  );
  assert.ok(filteredOut > 3000, `${filteredOut} records left out`);
});

test('threads with the filter and the exclusion in their data find what one thread finds', async () => {
  const expected = oneThread();
  assert.deepEqual(await pooled(3), expected);
});

test('HuntThreads without a worker finds what runHunt finds', async () => {
  assert.deepEqual(await pooled(1), oneThread());
});

test('HuntThreads without a worker ends when the last log opened is unreadable, as runHunt does', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hunt-threads-'));
  const junk = join(dir, 'junk.evtx');
  writeFileSync(junk, 'not an event log');
  for (const files of [[junk], [...SAMPLES, junk], [junk, junk]]) {
    const unreadable: string[] = [];
    const pool = new HuntThreads(1, { ruleFiles: RULE_FILES, minLevel: 'informational' });
    pools.push(pool);
    const summary = await pool.run(
      files,
      ruleSet,
      { write: () => {} },
      { recover: false },
      { onProblem: () => {}, onUnreadable: (error) => unreadable.push(error.file) },
    );
    const expected = runHunt(files, ruleSet, { write: () => {} }, { recover: false }, noCallbacks);
    assert.deepEqual(summary.unreadableFiles, expected.unreadableFiles);
    assert.equal(summary.files, expected.files);
    assert.equal(summary.hits, expected.hits);
    assert.deepEqual(
      unreadable,
      files.filter((file) => file === junk),
    );
  }
});
