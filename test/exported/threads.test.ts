import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { collectFiles } from '../../src/cli/files.js';
import type { EvtxFileError, EvtxProblem } from '../../src/evtx/index.js';
import type { Hit } from '../../src/hunt/hit.js';
import { runHunt, type HuntCallbacks } from '../../src/hunt/hunt.js';
import { HuntThreads } from '../../src/hunt/parallel.js';
import { selectRules } from '../../src/hunt/ruleSelection.js';
import { loadRuleFiles, RULE_FILE_EXTENSIONS } from '../../src/rules/load.js';
import { RuleSet } from '../../src/rules/ruleSet.js';
import { hunt } from '../e2e/cli.js';
import { REPO_ROOT } from '../support/sharedData.js';

/** Exported logs on several threads: each is hunted whole by one of them, and the output is that of one thread. */

const SAMPLES = ['Microsoft-Windows-Sysmon%4Operational.evtx', 'Security.evtx'].map((name) => join(REPO_ROOT, 'samples', name));
const ruleFiles = collectFiles([join(REPO_ROOT, 'rules')], RULE_FILE_EXTENSIONS).files;
const selection = selectRules(loadRuleFiles(ruleFiles), 'informational');
const ruleSet = new RuleSet(selection.outcome === 'selected' ? selection.rules : []);
const pool = new HuntThreads(3, { ruleFiles, minLevel: 'informational' }, { rangeChunks: 2 });
after(() => pool.close());

class Recorder implements HuntCallbacks {
  readonly order: string[] = [];
  readonly hits: Hit[] = [];
  readonly sink = {
    write: (hit: Hit): void => {
      this.hits.push(hit);
      this.order.push(`hit ${hit.file} ${hit.recordId}`);
    },
  };
  onProblem(problem: EvtxProblem): void {
    this.order.push(`problem ${problem.file} ${problem.offset} ${problem.message}`);
  }
  onUnreadable(error: EvtxFileError): void {
    this.order.push(`unreadable ${error.message}`);
  }
}

test('XML and JSON exports among EVTX files: the same hits, problems and summary on 1 and 3 threads', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hunt-exported-threads-'));
  const xml = join(dir, 'sysmon.xml');
  const jsonl = join(dir, 'security.jsonl');
  assert.equal(hunt(['dump', '-f', 'xml', '-o', xml, SAMPLES[0]!]).status, 0);
  assert.equal(hunt(['dump', '-f', 'jsonl', '-o', jsonl, SAMPLES[1]!]).status, 0);
  // A broken line in the middle: reported, the lines around it hunted.
  const lines = readFileSync(jsonl, 'utf8').split('\n');
  lines.splice(100, 0, '{"record_id": 1, "broken');
  writeFileSync(jsonl, lines.join('\n'));
  const notExport = join(dir, 'notes.json');
  writeFileSync(notExport, '{"name": "not events"}\n');
  const files = [SAMPLES[0]!, xml, notExport, jsonl, SAMPLES[1]!];
  const one = new Recorder();
  const oneSummary = runHunt(files, ruleSet, one.sink, { recover: false }, one);
  // Each event of an export is the same event as in its log: one hit naming both files.
  assert.equal(one.hits.length, 17);
  assert.ok(
    one.hits.every((hit) => hit.alsoIn?.length === 1),
    'every hit names the other file',
  );
  assert.ok(one.order.some((line) => line.startsWith(`problem ${jsonl}`)));
  assert.ok(one.order.some((line) => line.startsWith(`unreadable ${notExport}`)));
  await pool.whenReady();
  const three = new Recorder();
  const threeSummary = await pool.run(files, ruleSet, three.sink, { recover: false }, three);
  assert.deepStrictEqual(three.hits, one.hits);
  assert.deepStrictEqual(three.order, one.order);
  assert.deepStrictEqual({ ...threeSummary, seconds: 0 }, { ...oneSummary, seconds: 0 });
});
