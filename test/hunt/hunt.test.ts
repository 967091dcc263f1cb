import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { EvtxFileError, EvtxProblem, EvtxRecord } from '../../src/evtx/index.js';
import { dumpFiles } from '../../src/hunt/dump.js';
import type { Hit } from '../../src/hunt/hit.js';
import { Hunt, runHunt, type HuntCallbacks } from '../../src/hunt/hunt.js';
import { NO_LOG_SOURCE, selectRules } from '../../src/hunt/ruleSelection.js';
import { loadRuleFiles } from '../../src/rules/load.js';
import { RuleSet } from '../../src/rules/ruleSet.js';
import type { CompiledRule, LoadedRules, RuleLevel } from '../../src/rules/types.js';
import { promisedSampleHits } from '../support/sampleHits.js';
import { REPO_ROOT } from '../support/sharedData.js';

const SAMPLES = ['Microsoft-Windows-Sysmon%4Operational.evtx', 'Security.evtx'].map((name) => join(REPO_ROOT, 'samples', name));
const SAMPLE_RECORDS = 2430 + 1993;
const BUNDLED = loadRuleFiles([
  join(REPO_ROOT, 'rules', 'sigma', 'proc_creation_win_net_share_unmount.yml'),
  join(REPO_ROOT, 'rules', 'elastic', 'mounting_hidden_or_webdav_remote_shares.toml'),
]);

/** A hit sink and callbacks that keep everything, as a library user or a worker thread would. */
class Recorder implements HuntCallbacks {
  readonly hits: Hit[] = [];
  readonly problems: EvtxProblem[] = [];
  readonly unreadable: EvtxFileError[] = [];
  readonly progress: string[] = [];
  readonly sink = { write: (hit: Hit) => void this.hits.push(hit) };
  onProblem(problem: EvtxProblem): void {
    this.problems.push(problem);
  }
  onUnreadable(error: EvtxFileError): void {
    this.unreadable.push(error);
  }
  onProgress(file: string, fileIndex: number): void {
    this.progress.push(`${fileIndex} ${file}`);
  }
}

function bundledRuleSet(): RuleSet {
  const selection = selectRules(BUNDLED, 'informational');
  assert.equal(selection.outcome, 'selected');
  return new RuleSet(selection.rules);
}

test('hunting samples/ as a library gives the 17 hits samples/README.md promises', () => {
  const recorder = new Recorder();
  const summary = runHunt(SAMPLES, bundledRuleSet(), recorder.sink, { recover: false }, recorder);
  const found = recorder.hits.map((h) => `${h.channel === 'Security' ? 'Security' : 'Sysmon'} ${h.recordId} ${h.rule.title}`).sort();
  assert.deepEqual(found, [...promisedSampleHits()].sort());
  assert.equal(found.length, 17);
  assert.equal(summary.hits, 17);
  assert.equal(
    [...summary.hitsByRule.values()].reduce((sum, { count }) => sum + count, 0),
    17,
  );
  assert.equal(summary.files, 2);
  assert.equal(summary.records, SAMPLE_RECORDS);
  assert.equal(summary.rulesLoaded, 2);
  assert.ok(summary.processEvents > 0 && summary.eventsChecked >= summary.processEvents);
  assert.deepEqual(summary.warnings, []);
  assert.equal(summary.problems, 0);
  assert.deepEqual(recorder.problems, []);
});

test('a Hunt goes file by file: an unreadable file is reported and counted, the others hunted', () => {
  const notEvtx = join(mkdtempSync(join(tmpdir(), 'hunt-lib-')), 'not.evtx');
  writeFileSync(notEvtx, 'plain text');
  const recorder = new Recorder();
  const hunt = new Hunt(bundledRuleSet(), recorder.sink, { recover: false }, recorder);
  hunt.huntFile(notEvtx);
  hunt.huntFile(SAMPLES[1]!);
  const summary = hunt.finish();
  assert.deepEqual(
    recorder.unreadable.map((error) => error.file),
    [notEvtx],
  );
  assert.deepEqual(summary.unreadableFiles, [notEvtx]);
  assert.equal(summary.files, 1);
  assert.equal(summary.hits, 8);
  assert.ok(recorder.hits.every((hit) => hit.channel === 'Security'));
  assert.ok(recorder.progress.length > 0 && recorder.progress.every((line) => line === `1 ${SAMPLES[1]}`));
});

function fakeRule(id: string, level: RuleLevel, seesEvents: boolean): CompiledRule {
  return {
    meta: { id, title: id, level, source: 'sigma', file: `${id}.yml`, tags: [], references: [], falsepositives: [] },
    appliesTo: () => seesEvents,
    matches: () => false,
  };
}

test("rule selection: rules no log source admits are skipped with the reason, after the loader's", () => {
  const loaded: LoadedRules = {
    rules: [fakeRule('idle', 'high', false), fakeRule('busy', 'high', true)],
    skipped: [{ file: 'bad.yml', kind: 'unsupported', reason: 'unsupported modifier' }],
  };
  const selection = selectRules(loaded, 'informational');
  assert.equal(selection.outcome, 'selected');
  assert.deepEqual(
    selection.rules.map((rule) => rule.meta.id),
    ['busy'],
  );
  assert.deepEqual(selection.skipped, [
    { file: 'bad.yml', kind: 'unsupported', reason: 'unsupported modifier' },
    { file: 'idle.yml', id: 'idle', title: 'idle', kind: 'unsupported', reason: NO_LOG_SOURCE },
  ]);
});

test('rule selection: --min-level keeps that level and the more severe ones', () => {
  const loaded: LoadedRules = {
    rules: (['informational', 'low', 'medium', 'high', 'critical'] as const).map((level) => fakeRule(level, level, true)),
    skipped: [],
  };
  const selection = selectRules(loaded, 'medium');
  assert.equal(selection.outcome, 'selected');
  assert.deepEqual(
    selection.rules.map((rule) => rule.meta.level),
    ['medium', 'high', 'critical'],
  );
  assert.deepEqual(selection.skipped, []);
});

test('rule selection: no runnable rule, or none at the level, are outcomes of their own', () => {
  const idleOnly = selectRules({ rules: [fakeRule('idle', 'high', false)], skipped: [] }, 'informational');
  assert.equal(idleOnly.outcome, 'no-rules');
  assert.equal(idleOnly.skipped.length, 1);
  assert.equal(selectRules({ rules: [], skipped: [] }, 'low').outcome, 'no-rules');
  assert.deepEqual(selectRules(BUNDLED, 'critical'), { outcome: 'none-at-level', runnable: 2, minLevel: 'critical', skipped: [] });
});

test('dumping samples/ as a library hands every record to the sink with its file', () => {
  const seen = new Map<string, number>();
  const sink = {
    write: (record: EvtxRecord, file: string) => {
      assert.ok(record.eventId() !== undefined);
      seen.set(file, (seen.get(file) ?? 0) + 1);
    },
  };
  const result = dumpFiles(SAMPLES, sink, () => assert.fail('the samples are intact'));
  assert.equal(result.records, SAMPLE_RECORDS);
  assert.deepEqual(result.unreadable, []);
  assert.deepEqual(
    [...seen],
    [
      [SAMPLES[0], 2430],
      [SAMPLES[1], 1993],
    ],
  );
});
