import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { collectFiles } from '../../src/cli/files.js';
import type { EvtxFileError, EvtxProblem } from '../../src/evtx/index.js';
import type { Hit } from '../../src/hunt/hit.js';
import { runHunt, type HuntCallbacks } from '../../src/hunt/hunt.js';
import { HuntThreadError, HuntThreads, threadsFor, MIN_BYTES_FOR_THREADS } from '../../src/hunt/parallel.js';
import { selectRules } from '../../src/hunt/ruleSelection.js';
import type { HuntSummary } from '../../src/hunt/summary.js';
import { loadRuleFiles, RULE_FILE_EXTENSIONS } from '../../src/rules/load.js';
import { RuleSet } from '../../src/rules/ruleSet.js';
import { hunt } from '../e2e/cli.js';
import { REPO_ROOT, SHARED_DIR, sharedMissing } from '../support/sharedData.js';

const CORPUS = join(SHARED_DIR, 'corpus');
const crate = (name: string): string => join(CORPUS, 'evtx-crate-samples', name);
const SAMPLES = ['Microsoft-Windows-Sysmon%4Operational.evtx', 'Security.evtx'].map((name) => join(REPO_ROOT, 'samples', name));
/** Rules with many hits on these logs, Sigma and EQL, loaded quickly enough for every thread of a test. */
const RULE_PATHS = [
  join(CORPUS, 'sigma', 'rules', 'windows', 'builtin'),
  join(CORPUS, 'sigma', 'rules', 'windows', 'process_creation'),
  join(REPO_ROOT, 'rules'),
];
const skip = sharedMissing();

/** Everything a hunt reports, in the order it reports it. */
class Recorder implements HuntCallbacks {
  readonly hits: Hit[] = [];
  readonly problems: EvtxProblem[] = [];
  readonly unreadable: string[] = [];
  /** Hits, problems and unreadable files interleaved as reported. */
  readonly order: string[] = [];
  readonly sink = {
    write: (hit: Hit): void => {
      this.hits.push(hit);
      this.order.push(`hit ${hit.file} ${hit.recordId}`);
    },
  };
  onProblem(problem: EvtxProblem): void {
    this.problems.push(problem);
    this.order.push(`problem ${problem.file} ${problem.offset}`);
  }
  onUnreadable(error: EvtxFileError): void {
    this.unreadable.push(error.message);
    this.order.push(`unreadable ${error.file}`);
  }
}

interface Outcome {
  readonly recorder: Recorder;
  readonly summary: HuntSummary;
}

const ruleFiles = skip === undefined ? collectFiles(RULE_PATHS, RULE_FILE_EXTENSIONS).files : [];
const selection = selectRules(loadRuleFiles(ruleFiles), 'informational');
const ruleSet = new RuleSet(selection.outcome === 'selected' ? selection.rules : []);
/** Ranges of 2 and 3 chunks: even small files are divided between the threads, across CHUNKS_PER_READ batches. */
const pools =
  skip === undefined
    ? new Map([2, 4].map((n) => [n, new HuntThreads(n, { ruleFiles, minLevel: 'informational' }, { rangeChunks: n === 2 ? 2 : 3 })]))
    : new Map<number, HuntThreads>();
after(() => {
  for (const pool of pools.values()) pool.close();
});

function oneThread(files: readonly string[], recover: boolean): Outcome {
  const recorder = new Recorder();
  return { recorder, summary: runHunt(files, ruleSet, recorder.sink, { recover }, recorder) };
}

async function threads(n: number, files: readonly string[], recover: boolean): Promise<Outcome> {
  return threadsOn(pools.get(n)!, files, recover);
}

async function threadsOn(pool: HuntThreads, files: readonly string[], recover = false): Promise<Outcome> {
  const recorder = new Recorder();
  // Else this thread might hunt small files whole before a worker is ready.
  await pool.whenReady();
  const summary = await pool.run(files, ruleSet, recorder.sink, { recover }, recorder);
  return { recorder, summary };
}

function assertSame(actual: Outcome, expected: Outcome, label: string): void {
  assert.deepStrictEqual(actual.recorder.hits, expected.recorder.hits, `${label}: hits`);
  assert.deepStrictEqual(actual.recorder.problems, expected.recorder.problems, `${label}: problems`);
  assert.deepStrictEqual(actual.recorder.unreadable, expected.recorder.unreadable, `${label}: unreadable files`);
  assert.deepStrictEqual(actual.recorder.order, expected.recorder.order, `${label}: order of hits and messages`);
  assert.deepStrictEqual({ ...actual.summary, seconds: 0 }, { ...expected.summary, seconds: 0 }, `${label}: summary`);
}

test('hits, counts and warnings are the same on 1, 2 and 4 threads, multi-chunk logs divided between them', { skip }, async () => {
  // The last, with no hits and no process starts, gets a warning.
  const files = [
    ...SAMPLES,
    crate('security.evtx'),
    crate('sysmon.evtx'),
    crate('system.evtx'),
    crate('Microsoft-Windows-LanguagePackSetup%4Operational.evtx'),
  ];
  const expected = oneThread(files, false);
  assert.ok(expected.recorder.hits.length > 100, `${expected.recorder.hits.length} hits`);
  assert.ok(expected.summary.warnings.length > 0);
  for (const n of [2, 4]) assertSame(await threads(n, files, false), expected, `${n} threads`);
});

test(
  'damaged logs: the same problems in the same order, carved hits with --recover, an unreadable file reported once',
  { skip },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hunt-threads-'));
    const notEvtx = join(dir, 'not.evtx');
    writeFileSync(notEvtx, 'plain text, not a log');
    // Cut inside its 20th chunk: reported from the header, and the last chunk's records are partly lost.
    const truncated = join(dir, 'truncated.evtx');
    writeFileSync(truncated, readFileSync(crate('security.evtx')).subarray(0, 4096 + 19 * 65536 + 30000));
    const copy = join(dir, 'bad-magic.evtx');
    copyFileSync(crate('sample_with_a_bad_chunk_magic.evtx'), copy);
    const files = [copy, notEvtx, crate('security_bad_string_cache.evtx'), join(dir, 'missing.evtx'), truncated, ...SAMPLES];
    for (const recover of [false, true]) {
      const expected = oneThread(files, recover);
      assert.ok(expected.recorder.problems.length > 10, `${expected.recorder.problems.length} problems`);
      assert.equal(expected.recorder.unreadable.length, 2);
      if (recover) assert.ok(expected.recorder.hits.some((hit) => hit.recovered));
      for (const n of [2, 4]) assertSame(await threads(n, files, recover), expected, `${n} threads, recover ${recover}`);
    }
  },
);

test('ranges handed out by start, before this thread loads its rules, are hunted and written as run would', { skip }, async () => {
  const files = [...SAMPLES, crate('security.evtx'), crate('sysmon.evtx')];
  const expected = oneThread(files, false);
  const pool = new HuntThreads(2, { ruleFiles, minLevel: 'informational' }, { rangeChunks: 2 });
  try {
    pool.start(files, false);
    // The worker answers for its first ranges before run is called: run takes those answers up.
    await pool.whenReady();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const recorder = new Recorder();
    const summary = await pool.run(files, ruleSet, recorder.sink, { recover: false }, recorder);
    assertSame({ recorder, summary }, expected, 'started early');
    // The next run on the pool hands out its own ranges.
    assertSame(await threadsOn(pool, files), expected, 'run after run');
    pool.start(files, false);
    await assert.rejects(pool.run(SAMPLES, ruleSet, new Recorder().sink, { recover: false }, new Recorder()), HuntThreadError);
  } finally {
    pool.close();
  }
});

test('EQL sequences join events hunted on other threads: the same multi-event hits on 1 and 2 threads', { skip }, async () => {
  const attack = (path: string): string => join(CORPUS, 'evtx-attack-samples', path);
  const files = [
    attack('AutomatedTestingTools/PanacheSysmon_vs_AtomicRedTeam01.evtx'),
    attack('Lateral Movement/LM_DCOM_MSHTA_LethalHTA_Sysmon_3_1.evtx'),
    attack('AutomatedTestingTools/panache_sysmon_vs_EDRTestingScript.evtx'),
  ];
  const elastic = collectFiles([join(CORPUS, 'elastic-detection-rules', 'rules', 'windows')], RULE_FILE_EXTENSIONS).files;
  const elasticSelection = selectRules(loadRuleFiles(elastic), 'informational');
  assert.ok(elasticSelection.outcome === 'selected' && elasticSelection.temporal.length > 50);
  const elasticRules = new RuleSet(elasticSelection.rules, elasticSelection.temporal);
  const expected = new Recorder();
  runHunt(files, elasticRules, expected.sink, { recover: false }, expected);
  const sequences = expected.hits.filter((hit) => hit.events !== undefined);
  assert.ok(sequences.length >= 5, `${sequences.length} sequence hits`);
  // Sequences whose events lie in different ranges of a file (2 chunks each) and in different files' ranges.
  const pool = new HuntThreads(2, { ruleFiles: elastic, minLevel: 'informational' }, { rangeChunks: 2 });
  try {
    await pool.whenReady();
    const actual = new Recorder();
    await pool.run(files, elasticRules, actual.sink, { recover: false }, actual);
    assert.deepStrictEqual(actual.hits, expected.hits);
  } finally {
    pool.close();
  }
});

test('a worker that fails is an error naming the file and chunks it was hunting, not a hang', { skip }, async () => {
  const script = new URL('./failingWorker.js', import.meta.url);
  const bundled = collectFiles([join(REPO_ROOT, 'rules')], RULE_FILE_EXTENSIONS).files;
  const bundledSelection = selectRules(loadRuleFiles(bundled), 'informational');
  assert.equal(bundledSelection.outcome, 'selected');
  const pool = new HuntThreads(2, { ruleFiles: bundled, minLevel: 'informational' }, { rangeChunks: 2, script });
  try {
    // Else this thread might hunt the whole file before the worker is given a range.
    await pool.whenReady();
    const recorder = new Recorder();
    const run = pool.run([crate('security.evtx')], new RuleSet(bundledSelection.rules), recorder.sink, { recover: false }, recorder);
    await assert.rejects(run, (error: Error) => {
      assert.ok(error instanceof HuntThreadError);
      assert.match(error.message, /a worker thread failed while hunting .*security\.evtx chunks \d+-\d+.*: failing on purpose/);
      return true;
    });
  } finally {
    pool.close();
  }
});

test('small inputs are hunted on one thread; big ones on as many as asked for', { skip }, () => {
  assert.equal(threadsFor(4, SAMPLES), 1);
  const dir = mkdtempSync(join(tmpdir(), 'hunt-threads-'));
  const big = join(dir, 'big.evtx');
  writeFileSync(big, Buffer.alloc(MIN_BYTES_FOR_THREADS));
  assert.equal(threadsFor(4, [big]), 4);
  assert.equal(threadsFor(1, [big]), 1);
});

test('--threads takes a whole number of at least 1', () => {
  for (const value of ['0', '1.5', 'many']) {
    const run = hunt([...SAMPLES, '--threads', value]);
    assert.equal(run.status, 2, value);
    assert.match(run.stderr, /--threads must be a whole number of at least 1/);
  }
  assert.equal(hunt([...SAMPLES, '--threads', '3', '-f', 'jsonl']).stdout, hunt([...SAMPLES, '-f', 'jsonl']).stdout);
});
