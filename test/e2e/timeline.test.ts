import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { collectFiles } from '../../src/cli/files.js';
import { REPO_ROOT, SHARED_DIR, sharedMissing } from '../support/sharedData.js';
import { hunt, jsonLines } from './cli.js';

interface HitLine {
  rule: { id: string; source: string };
  file: string;
  record_id: number;
  recovered: boolean;
  timestamp: string;
  computer: string | null;
  channel: string;
  event_data: unknown;
  also_in?: string[];
}

const CORPUS = join(SHARED_DIR, 'corpus');
const ALL_RULES = ['-r', join(CORPUS, 'sigma', 'rules', 'windows'), '-r', join(CORPUS, 'elastic-detection-rules', 'rules', 'windows')];
const skip = sharedMissing();
const scratch = mkdtempSync(join(tmpdir(), 'hunt-timeline-e2e-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** EVTX times written with 7 fraction digits: padded, they compare as strings. */
const instant = (timestamp: string): string =>
  timestamp.replace(/(\.\d+)?Z$/, (fraction) => (fraction.slice(0, -1) || '.').padEnd(10, '0') + 'Z');

/** Hits in time order, ties in the order the run read the files (`files`), then by record id. */
function assertTimeline(hits: readonly HitLine[], files: readonly string[]): void {
  const fileOrder = new Map(files.map((file, index) => [file, index]));
  for (let i = 1; i < hits.length; i++) {
    const [a, b] = [hits[i - 1]!, hits[i]!];
    const order =
      instant(a.timestamp).localeCompare(instant(b.timestamp), 'en') ||
      fileOrder.get(a.file)! - fileOrder.get(b.file)! ||
      a.record_id - b.record_id;
    assert.ok(order <= 0, `hit ${i} (${b.timestamp} ${b.file} #${b.record_id}) after ${a.timestamp} ${a.file} #${a.record_id}`);
  }
}

const sameEvent = (hit: HitLine): string =>
  JSON.stringify([hit.rule.source, hit.rule.id, hit.computer, hit.channel, hit.record_id, hit.timestamp, hit.event_data]);

test(
  'every hit of every SigmaHQ and Elastic rule on the whole attack corpus, carved ones too, comes in time order, each event once',
  { skip },
  () => {
    const logs = [join(CORPUS, 'evtx-attack-samples'), join(CORPUS, 'evtx-crate-samples')];
    const run = hunt([...logs, ...ALL_RULES, '--recover', '-f', 'jsonl'], 600_000);
    assert.equal(run.status, 0, run.stderr.slice(-2000));
    const hits = jsonLines<HitLine>(run.stdout);
    assert.ok(hits.length > 1500, `${hits.length} hits`);
    assertTimeline(hits, collectFiles(logs, ['.evtx']).files);
    const seen = new Set<string>();
    for (const hit of hits) {
      const key = sameEvent(hit);
      assert.ok(!seen.has(key), `${hit.file} #${hit.record_id}: reported twice`);
      seen.add(key);
    }
    // Copies of one log in the corpus are folded into one hit naming both files.
    assert.ok(hits.some((hit) => (hit.also_in?.length ?? 0) > 0));
    assert.match(run.stderr, /\d+ duplicate hit\(s\) not repeated/);
  },
);

test('two copies of a Security.evtx in one folder give the hits of one, each naming the other copy', () => {
  const folder = join(scratch, 'collected');
  mkdirSync(join(folder, 'vss'), { recursive: true });
  copyFileSync(join(REPO_ROOT, 'samples', 'Security.evtx'), join(folder, 'Security.evtx'));
  copyFileSync(join(REPO_ROOT, 'samples', 'Security.evtx'), join(folder, 'vss', 'Security.evtx'));
  const once = jsonLines<HitLine>(hunt([join(REPO_ROOT, 'samples', 'Security.evtx'), '-f', 'jsonl']).stdout);
  const run = hunt([folder, '-f', 'jsonl']);
  assert.equal(run.status, 0, run.stderr);
  const twice = jsonLines<HitLine>(run.stdout);
  assert.ok(once.length > 0);
  assert.equal(twice.length, once.length);
  for (const hit of twice) assert.equal(hit.also_in?.length, 1, `${hit.file} #${hit.record_id}`);
  assert.deepEqual(
    twice.map((hit) => hit.record_id),
    once.map((hit) => hit.record_id),
  );
  assert.match(run.stderr, new RegExp(`${once.length} duplicate hit\\(s\\) not repeated`));
});
