/**
 * Throughput benchmark: our JSONL dump, our EventID+Channel scan, `hunt` itself with three rule
 * sets (the bundled rules, SigmaHQ's process_creation rules, every SigmaHQ and Elastic Windows
 * rule), libevtx's `evtxexport -f xml` and @ts-evtx/core on stitched files of real chunks (built
 * once, cached in bench/out/).
 * Each run is a child process timed by wall clock, with peak RSS from /usr/bin/time. Our tools
 * run RUNS times and report the median run (the machine may be shared: single runs are noisy);
 * evtxexport and @ts-evtx/core, the slow references, run once.
 * Then start-up: rule loading for every SigmaHQ + Elastic Windows rule parsed, on a first run
 * (parsed and cached) and from the rule cache; `hunt --help`; `hunt` with the bundled rules on a 1 MB
 * log. hunt's rule cache is bench/out/rule-cache (unless $HUNT_CACHE_DIR says otherwise).
 * Then `hunt --threads N` against --threads 1 with all rules on the 500 MB file, and two --threads 1
 * hunts at once (what the machine gives two threads now), in turns (measureThreads;
 * alone with `-- --threads-only`, written to bench/out/threads.json).
 * Prints a table and the targets, and writes bench/out/results.json.
 * Hostile inputs (crafted files per defect class, with timeouts): bench/hostile.ts, npm run bench:hostile.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT_DIR = join(REPO, 'bench', 'out');
const SHARED = join(REPO, '..', 'shared');
const STITCH = join(SHARED, 'tools', 'stitch_evtx.py');
const WORKER = join(REPO, 'dist', 'bench', 'worker.js');
const CLI = join(REPO, 'dist', 'src', 'cli', 'main.js');
const SIGMA_WINDOWS = join(SHARED, 'corpus', 'sigma', 'rules', 'windows');
const ELASTIC_WINDOWS = join(SHARED, 'corpus', 'elastic-detection-rules', 'rules', 'windows');

/** Elastic's Windows rules but its EQL sequences (links, made by elasticWithoutSequences): what the sequences cost. */
const ELASTIC_WINDOWS_NO_SEQUENCES = join(OUT_DIR, 'elastic-windows-no-sequences');
const ALL_RULES_LABEL = 'all SigmaHQ + Elastic Windows rules';
/** The rule sets `hunt` is measured with: label and the -r arguments (none: the bundled rules); all rules last. */
const HUNT_RULE_SETS: readonly { label: string; rules: string[] }[] = [
  { label: 'bundled rules', rules: [] },
  { label: 'SigmaHQ process_creation rules', rules: ['-r', join(SIGMA_WINDOWS, 'process_creation')] },
  { label: `${ALL_RULES_LABEL} but the EQL sequences`, rules: ['-r', SIGMA_WINDOWS, '-r', ELASTIC_WINDOWS_NO_SEQUENCES] },
  { label: ALL_RULES_LABEL, rules: ['-r', SIGMA_WINDOWS, '-r', ELASTIC_WINDOWS] },
];

/** Links to every Elastic Windows rule file whose query is not an EQL sequence. */
function elasticWithoutSequences(): void {
  rmSync(ELASTIC_WINDOWS_NO_SEQUENCES, { recursive: true, force: true });
  mkdirSync(ELASTIC_WINDOWS_NO_SEQUENCES, { recursive: true });
  for (const name of readdirSync(ELASTIC_WINDOWS).filter((file) => file.endsWith('.toml'))) {
    const path = join(ELASTIC_WINDOWS, name);
    const query = /^query = '''([\s\S]*?)'''/m.exec(readFileSync(path, 'utf8'))?.[1] ?? '';
    const sequence = /^sequence\b/.test(query.replace(/\/\*[\s\S]*?\*\//g, '').trim());
    if (!sequence) symlinkSync(path, join(ELASTIC_WINDOWS_NO_SEQUENCES, name));
  }
}
const TIMEOUT_MS = 15 * 60 * 1000;
/** `npm run bench -- --no-ts-evtx`: leave out @ts-evtx/core, which needs minutes for 30 MB. */
const SKIP_TS_EVTX = process.argv.includes('--no-ts-evtx');
/** `npm run bench -- --startup-only`: only the start-up measurements (a minute, not a quarter hour). */
const STARTUP_ONLY = process.argv.includes('--startup-only');
/** Runs of each of our measurements; the median is reported. */
const RUNS = 3;
/** Minimum speedups over evtxexport and maximum peak RSS on the 500 MB input, from the issue. */
const TARGETS = { jsonlSpeedup: 8, scanSpeedup: 30, peakRssMb: 256 };
/** Start-up targets from issue 10, in seconds. */
const STARTUP_TARGETS = { cachedRuleLoading: 0.3, help: 0.15 };
/** Runs of each start-up measurement (they are short, and noisier than the long ones). */
const STARTUP_RUNS = 9;

/** `npm run bench -- --threads-only`: only the --threads measurements (measureThreads). */
const THREADS_ONLY = process.argv.includes('--threads-only');
/** Thread counts compared with --threads 1, and the targets for 2 threads with all rules. */
const THREAD_COUNTS = [1, 2, 4];
const THREAD_TARGETS = { speedup: 1.7, peakRssMb: 600 };

interface Input {
  name: string;
  megabytes: number;
}

interface Result {
  file: string;
  tool: string;
  seconds: number | null;
  records: number | null;
  mbPerSecond: number | null;
  recordsPerSecond: number | null;
  peakRssMb: number | null;
  speedupVsEvtxexport: number | null;
  /** Wall seconds of every run, when the median of several is reported. */
  runs?: number[];
  note?: string;
}

function ensureInput(input: Input): string {
  const path = join(OUT_DIR, input.name);
  if (existsSync(path)) return path;
  console.log(`building ${path} (${input.megabytes} MB of real chunks; this takes a while the first time)`);
  const run = spawnSync('python3', [STITCH, '--strict', path, String(input.megabytes), join(SHARED, 'corpus')], { stdio: 'inherit' });
  if (run.status !== 0) throw new Error(`stitch_evtx.py failed for ${input.name}`);
  return path;
}

interface Measured {
  seconds: number;
  peakRssMb: number;
  stdout: string;
  ok: boolean;
  stderr: string;
  /** Wall seconds of every run, when this is the median of several. */
  runs?: number[];
}

/** Runs a command under /usr/bin/time (for peak RSS), stdout to a file or captured. */
function measure(command: string[], stdoutToDevNull: boolean): Measured {
  const timeFile = join(OUT_DIR, '.time');
  const started = process.hrtime.bigint();
  const run = spawnSync('/usr/bin/time', ['-f', '%M', '-o', timeFile, ...command], {
    encoding: 'utf8',
    timeout: TIMEOUT_MS,
    maxBuffer: 16 * 1024 * 1024,
    stdio: ['ignore', stdoutToDevNull ? 'ignore' : 'pipe', 'pipe'],
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rssLine = existsSync(timeFile) ? (readFileSync(timeFile, 'utf8').trim().split('\n').pop() ?? '') : '';
  return {
    seconds,
    peakRssMb: Number(rssLine) / 1024,
    stdout: run.stdout ?? '',
    ok: run.status === 0,
    stderr: (run.stderr ?? '').trim(),
  };
}

/** The median of `runs` runs by wall time; a failed run is reported as is. */
function measureMedian(command: string[], runs: number): Measured {
  const all: Measured[] = [];
  for (let i = 0; i < runs; i++) {
    const m = measure(command, false);
    if (!m.ok) return { ...m, runs: [m.seconds] };
    all.push(m);
  }
  const byTime = [...all].sort((a, b) => a.seconds - b.seconds);
  return { ...byTime[Math.floor((byTime.length - 1) / 2)], runs: all.map((m) => m.seconds) };
}

/** The hit count from hunt's closing summary on stderr ("N hit(s)..."). */
function hitsOf(m: Measured): string | undefined {
  return /^(\d+) hit\(s\)/m.exec(m.stderr)?.[1];
}

function recordsOf(m: Measured): number | null {
  try {
    return (JSON.parse(m.stdout) as { records: number }).records;
  } catch {
    return null;
  }
}

function row(file: string, tool: string, m: Measured, records: number | null, megabytes: number, note?: string): Result {
  return {
    file,
    tool,
    seconds: m.ok ? m.seconds : null,
    records,
    mbPerSecond: m.ok ? megabytes / m.seconds : null,
    recordsPerSecond: m.ok && records !== null ? records / m.seconds : null,
    peakRssMb: m.ok ? m.peakRssMb : null,
    speedupVsEvtxexport: null,
    ...(m.runs === undefined ? {} : { runs: m.runs }),
    ...(note === undefined ? {} : { note }),
  };
}

/**
 * `hunt` with every SigmaHQ and Elastic Windows rule writing the default table (to /dev/null), next
 * to the same run writing JSONL: the table is drawn row by row, and should cost about what JSONL does.
 */
function tableRow(file: string, path: string, jsonl: Measured | undefined, records: number | null, megabytes: number): Result {
  const allRules = HUNT_RULE_SETS[HUNT_RULE_SETS.length - 1]!.rules;
  const measured = measureMedian(['node', CLI, path, ...allRules, '-o', '/dev/null'], RUNS);
  const ratio = jsonl?.ok ? ` (${(measured.seconds / jsonl.seconds).toFixed(2)}x the JSONL run's time)` : '';
  const note = measured.ok ? `${hitsOf(measured) ?? '?'} hits${ratio}` : measured.stderr.split('\n').pop();
  return row(file, 'hunt, all SigmaHQ + Elastic Windows rules, table', measured, records, megabytes, note);
}

/** For the all-rules run: its time against the same rules without the EQL sequences. */
function sequenceCost(label: string, measured: Measured, hunts: readonly { label: string; measured: Measured }[]): string {
  const without = hunts.find((hunt) => hunt.label === `${ALL_RULES_LABEL} but the EQL sequences`)?.measured;
  if (label !== ALL_RULES_LABEL || !without?.ok || !measured.ok) return '';
  return ` (${(measured.seconds / without.seconds).toFixed(2)}x the time without the sequences)`;
}

function fmt(n: number | null, digits: number): string {
  return n === null ? '-' : n.toFixed(digits);
}

function reportTargets(large: Result[]): void {
  const jsonl = large.find((r) => r.tool.startsWith('hunt dump'));
  const scan = large.find((r) => r.tool.startsWith('hunt EventID'));
  const check = (label: string, value: number | null | undefined, ok: (v: number) => boolean, unit: string): void => {
    const text = value === null || value === undefined ? '-' : value.toFixed(1) + unit;
    console.log(`target ${label}: ${text} ${value !== null && value !== undefined && ok(value) ? 'met' : 'NOT met'}`);
  };
  check(`JSONL dump >= ${TARGETS.jsonlSpeedup}x evtxexport`, jsonl?.speedupVsEvtxexport, (v) => v >= TARGETS.jsonlSpeedup, 'x');
  check(`EventID+Channel scan >= ${TARGETS.scanSpeedup}x evtxexport`, scan?.speedupVsEvtxexport, (v) => v >= TARGETS.scanSpeedup, 'x');
  check(`JSONL dump peak RSS < ${TARGETS.peakRssMb} MB`, jsonl?.peakRssMb, (v) => v < TARGETS.peakRssMb, ' MB');
}

interface StartupResult {
  what: string;
  /** Median wall seconds. */
  seconds: number | null;
  runs: number[];
  /** Rule loading: median CPU seconds (user + system), steadier than wall time on a shared machine. */
  cpuSeconds?: number;
  note?: string;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

interface RuleLoading {
  seconds: number;
  cpuSeconds: number;
  rules: number;
  hits: number;
}

/** One rule loading in its own process (bench/worker.ts rules), timed by the worker. */
function loadRules(cacheDirectory: string): RuleLoading {
  const m = measure(['node', WORKER, 'rules', cacheDirectory, SIGMA_WINDOWS, ELASTIC_WINDOWS], false);
  if (!m.ok) throw new Error(`rule loading failed: ${m.stderr}`);
  return JSON.parse(m.stdout) as RuleLoading;
}

/** Rule loading parsed, on a first run and from the cache, the three interleaved so drift hits all alike. */
function ruleLoadingResults(): StartupResult[] {
  const scratch = mkdtempSync(join(OUT_DIR, 'rule-cache-bench-'));
  const warm = join(scratch, 'warm');
  loadRules(warm);
  const parsed: RuleLoading[] = [];
  const firstRun: RuleLoading[] = [];
  const cached: RuleLoading[] = [];
  for (let i = 0; i < RUNS; i++) {
    parsed.push(loadRules('none'));
    firstRun.push(loadRules(join(scratch, `cold-${i}`)));
    cached.push(loadRules(warm));
  }
  rmSync(scratch, { recursive: true, force: true });
  const wall = (runs: readonly RuleLoading[]): number => median(runs.map((r) => r.seconds));
  const cpu = (runs: readonly RuleLoading[]): number => median(runs.map((r) => r.cpuSeconds));
  const row = (what: string, runs: readonly RuleLoading[], note = ''): StartupResult => ({
    what,
    seconds: wall(runs),
    runs: runs.map((r) => r.seconds),
    cpuSeconds: cpu(runs),
    note: `CPU ${cpu(runs).toFixed(3)} s${note}`,
  });
  const ratio = (runs: readonly RuleLoading[]): string =>
    `; ${(wall(runs) / wall(parsed)).toFixed(2)}x parsed (CPU ${(cpu(runs) / cpu(parsed)).toFixed(2)}x)`;
  return [
    row(`rule loading, ${parsed[0].rules} rules, parsed (--no-cache)`, parsed),
    row('rule loading, first run (parsed, cache written)', firstRun, ratio(firstRun)),
    row('rule loading, from the rule cache', cached, `, ${cached[0].hits} files from it${ratio(cached)}`),
  ];
}

/** Rule loading, `hunt --help` and a small log with the bundled rules. */
function startup(small: string): StartupResult[] {
  const results = ruleLoadingResults();
  for (const [what, command] of [
    ['node -e 0 (for reference)', ['node', '-e', '0']],
    ['hunt --help', ['node', CLI, '--help']],
    [`hunt, bundled rules, ${(statSync(small).size / 1e6).toFixed(1)} MB log`, ['node', CLI, small, '-f', 'jsonl', '-o', '/dev/null']],
  ] as const) {
    const m = measureMedian([...command], STARTUP_RUNS);
    results.push({ what, seconds: m.ok ? m.seconds : null, runs: m.runs ?? [], ...(m.ok ? {} : { note: m.stderr.split('\n').pop() }) });
  }
  return results;
}

function reportStartup(results: readonly StartupResult[]): void {
  const width = Math.max(...results.map((r) => r.what.length));
  for (const r of results) console.log(`${r.what.padEnd(width)}  ${fmt(r.seconds, 3).padStart(6)} s  ${r.note ?? ''}`);
  console.log(`(start-up rows: median of ${RUNS} runs for rule loading, ${STARTUP_RUNS} for the others; wall time)`);
  const cached = results.find((r) => r.what.startsWith('rule loading, from'))?.seconds;
  const help = results.find((r) => r.what === 'hunt --help')?.seconds;
  const check = (label: string, value: number | null | undefined, target: number): void =>
    console.log(
      `target ${label} < ${target} s: ${fmt(value ?? null, 3)} s ${value !== null && value !== undefined && value < target ? 'met' : 'NOT met'}`,
    );
  check('rule loading from the cache', cached, STARTUP_TARGETS.cachedRuleLoading);
  check('hunt --help', help, STARTUP_TARGETS.help);
}

interface ThreadsRow {
  threads: number;
  seconds: number | null;
  peakRssMb: number | null;
  /** Wall time of --threads 1 over this one's. */
  speedup: number | null;
  /** Peak RSS above --threads 1's, per thread added. */
  rssPerAddedThreadMb: number | null;
  /** Hits byte for byte as --threads 1 wrote them, and the same messages and summary (but its time). */
  identical: boolean;
  runs?: number[];
}

/**
 * Two `--threads 1` hunts of the file run at once: their throughput over one alone is what two
 * threads could get from this machine now (shared memory and caches, another tenant's load), the
 * ceiling for --threads 2's speed-up.
 */
interface TwoAtOnce {
  seconds: number | null;
  throughput: number | null;
  runs: number[];
}

const shellQuoted = (word: string): string => `'${word.replaceAll("'", "'\\''")}'`;

/** stderr without the timing line of the summary (`Read N file(s) ... in S s`). */
const untimed = (stderr: string): string => stderr.replace(/^Read .* in [\d.]+ s.*$/m, '');

/**
 * `hunt --threads N` with every SigmaHQ and Elastic Windows rule on `path`, for each THREAD_COUNTS:
 * wall time (median of RUNS, the counts taking turns so that the machine's noise falls on all of
 * them alike), peak RSS, and whether hits, messages and summary are those of one thread.
 */
function measureThreads(path: string): { rows: ThreadsRow[]; twoAtOnce: TwoAtOnce } {
  const rules = HUNT_RULE_SETS[HUNT_RULE_SETS.length - 1].rules;
  const output = (threads: number): string => join(OUT_DIR, `threads-${threads}.jsonl`);
  const hunt = (threads: number, out: string): string[] => [
    'node',
    CLI,
    path,
    ...rules,
    '-f',
    'jsonl',
    '-o',
    out,
    '--force',
    '--threads',
    String(threads),
  ];
  const runs = new Map<number, Measured[]>(THREAD_COUNTS.map((threads) => [threads, []]));
  const pairRuns: Measured[] = [];
  const pair = [0, 1].map((n) =>
    hunt(1, join(OUT_DIR, `threads-at-once-${n}.jsonl`))
      .map(shellQuoted)
      .join(' '),
  );
  for (let i = 0; i < RUNS; i++) {
    for (const threads of THREAD_COUNTS) runs.get(threads)!.push(measure(hunt(threads, output(threads)), false));
    pairRuns.push(measure(['sh', '-c', `${pair[0]} & ${pair[1]} & wait`], false));
  }
  const median = (all: Measured[]): Measured => {
    if (all.some((m) => !m.ok)) return all.find((m) => !m.ok)!;
    return [...all].sort((a, b) => a.seconds - b.seconds)[Math.floor((all.length - 1) / 2)];
  };
  const one = median(runs.get(1)!);
  const oneHits = readFileSync(output(1));
  const together = median(pairRuns);
  const twoAtOnce: TwoAtOnce = {
    seconds: together.ok ? together.seconds : null,
    throughput: together.ok && one.ok ? (2 * one.seconds) / together.seconds : null,
    runs: pairRuns.map((r) => r.seconds),
  };
  const rows = THREAD_COUNTS.map((threads) => {
    const m = median(runs.get(threads)!);
    const ok = m.ok && one.ok;
    return {
      threads,
      seconds: m.ok ? m.seconds : null,
      peakRssMb: m.ok ? m.peakRssMb : null,
      speedup: ok ? one.seconds / m.seconds : null,
      rssPerAddedThreadMb: ok && threads > 1 ? (m.peakRssMb - one.peakRssMb) / (threads - 1) : null,
      identical: ok && readFileSync(output(threads)).equals(oneHits) && untimed(m.stderr) === untimed(one.stderr),
      runs: runs.get(threads)!.map((r) => r.seconds),
    };
  });
  return { rows, twoAtOnce };
}

/**
 * How many cores the machine gives at the moment (it is shared): the throughput of two CPU-bound
 * processes run at once over one run alone; about 2 on an idle 2-core machine. A --threads speed-up
 * cannot exceed it.
 */
function coresAvailableNow(): number {
  const loop = 'let x = 0; for (let i = 0; i < 5e8; i++) x += i % 7; if (x < 0) console.log(x);';
  const alone = measure(['node', '-e', loop], true).seconds;
  const together = measure(['sh', '-c', `node -e '${loop}' & node -e '${loop}' & wait`], true).seconds;
  return (2 * alone) / together;
}

function reportThreads(file: string, { rows, twoAtOnce }: { rows: ThreadsRow[]; twoAtOnce: TwoAtOnce }): void {
  console.log(`cores available now (two CPU-bound processes at once vs one): ${coresAvailableNow().toFixed(2)}`);
  const two = rows.find((r) => r.threads === 2);
  const twoSpeedup = two?.speedup ?? null;
  const shareOfCeiling = twoSpeedup !== null && twoAtOnce.throughput !== null ? twoSpeedup / twoAtOnce.throughput : null;
  console.log(
    `two --threads 1 hunts of ${file} at once: ${fmt(twoAtOnce.seconds, 2)} s, ${fmt(twoAtOnce.throughput, 2)}x the throughput of one alone ` +
      `(the most --threads 2 could get here now; it gets ${fmt(shareOfCeiling, 2)} of it)`,
  );
  console.log(`--threads N on ${file}, all SigmaHQ + Elastic Windows rules (median of ${RUNS} runs, taking turns):`);
  const header = ['threads', 's', 'x --threads 1', 'peak RSS MB', 'MB per added thread', 'output as --threads 1'];
  const lines = rows.map((r) => [
    String(r.threads),
    fmt(r.seconds, 2),
    fmt(r.speedup, 2),
    fmt(r.peakRssMb, 0),
    fmt(r.rssPerAddedThreadMb, 0),
    r.threads === 1 ? '-' : r.identical ? 'identical' : 'DIFFERENT',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  for (const l of [header, ...lines]) console.log(l.map((c, i) => c.padEnd(widths[i])).join('  '));
  const met = (ok: boolean): string => (ok ? 'met' : 'NOT met');
  console.log(
    `target --threads 2 >= ${THREAD_TARGETS.speedup}x --threads 1: ${fmt(two?.speedup ?? null, 2)}x ${met((two?.speedup ?? 0) >= THREAD_TARGETS.speedup)}`,
  );
  console.log(
    `target --threads 2 peak RSS <= ${THREAD_TARGETS.peakRssMb} MB: ${fmt(two?.peakRssMb ?? null, 0)} MB ${met(two?.peakRssMb !== null && two?.peakRssMb !== undefined && two.peakRssMb <= THREAD_TARGETS.peakRssMb)}`,
  );
  console.log(`target output identical for --threads ${THREAD_COUNTS.join(', ')}: ${met(rows.every((r) => r.identical))}`);
}

function main(): void {
  mkdirSync(OUT_DIR, { recursive: true });
  // hunt's rule cache for the runs below: the bench's own, not the user's.
  process.env['HUNT_CACHE_DIR'] ??= join(OUT_DIR, 'rule-cache');
  elasticWithoutSequences();
  if (THREADS_ONLY) {
    const threads = measureThreads(ensureInput({ name: 's500.evtx', megabytes: 500 }));
    reportThreads('s500.evtx', threads);
    writeFileSync(
      join(OUT_DIR, 'threads.json'),
      JSON.stringify({ date: new Date().toISOString(), node: process.version, ...threads }, null, 2) + '\n',
    );
    return;
  }
  const results: Result[] = [];
  for (const input of STARTUP_ONLY
    ? []
    : [
        { name: 's30.evtx', megabytes: 30 },
        { name: 's500.evtx', megabytes: 500 },
      ]) {
    const path = ensureInput(input);
    const megabytes = statSync(path).size / 1e6;
    console.log(`measuring ${input.name} (${megabytes.toFixed(1)} MB)`);
    const jsonl = measureMedian(['node', WORKER, 'jsonl', path], RUNS);
    const records = recordsOf(jsonl);
    const scan = measureMedian(['node', WORKER, 'scan', path], RUNS);
    const hunts = HUNT_RULE_SETS.map(({ label, rules }) => ({
      label,
      measured: measureMedian(['node', CLI, path, ...rules, '-f', 'jsonl', '-o', '/dev/null'], RUNS),
    }));
    const libevtx = measure(['evtxexport', '-f', 'xml', path], true);
    const tsEvtx = SKIP_TS_EVTX ? undefined : measure(['node', WORKER, 'ts-evtx', path], false);
    const fileRows = [
      row(input.name, 'hunt dump --format jsonl', jsonl, records, megabytes),
      row(input.name, 'hunt EventID+Channel scan', scan, recordsOf(scan), megabytes),
      ...hunts.map(({ label, measured }) =>
        row(
          input.name,
          `hunt, ${label}`,
          measured,
          records,
          megabytes,
          measured.ok ? `${hitsOf(measured) ?? '?'} hits${sequenceCost(label, measured, hunts)}` : measured.stderr.split('\n').pop(),
        ),
      ),
      tableRow(input.name, path, hunts.at(-1)?.measured, records, megabytes),
      row(input.name, 'evtxexport -f xml', libevtx, records, megabytes, 'record count: ours (same file)'),
      ...(tsEvtx === undefined
        ? []
        : [
            row(
              input.name,
              '@ts-evtx/core forEach',
              tsEvtx,
              recordsOf(tsEvtx),
              megabytes,
              tsEvtx.ok ? undefined : tsEvtx.stderr.split('\n').pop(),
            ),
          ]),
    ];
    for (const r of fileRows) {
      if (libevtx.ok && r.seconds !== null) r.speedupVsEvtxexport = libevtx.seconds / r.seconds;
    }
    results.push(...fileRows);
  }
  if (!STARTUP_ONLY) printThroughput(results);
  console.log('measuring start-up');
  const startupResults = startup(ensureInput({ name: 's1.evtx', megabytes: 1 }));
  reportStartup(startupResults);
  const threads = STARTUP_ONLY ? undefined : measureThreads(join(OUT_DIR, 's500.evtx'));
  if (threads !== undefined) reportThreads('s500.evtx', threads);
  writeFileSync(
    join(OUT_DIR, 'results.json'),
    JSON.stringify({ date: new Date().toISOString(), node: process.version, results, startup: startupResults, threads }, null, 2) + '\n',
  );
  console.log(`wrote ${join(OUT_DIR, 'results.json')}`);
  // XML and JSON exports as input (issue 12): a script of its own, run here too.
  if (!STARTUP_ONLY) spawnSync('node', [join(REPO, 'dist', 'bench', 'exportedInput.js')], { stdio: 'inherit' });
}

function printThroughput(results: readonly Result[]): void {
  const header = ['file', 'tool', 's', 'MB/s', 'records/s', 'peak RSS MB', 'x evtxexport', 'note'];
  const lines = results.map((r) => [
    r.file,
    r.tool,
    fmt(r.seconds, 2),
    fmt(r.mbPerSecond, 1),
    fmt(r.recordsPerSecond, 0),
    fmt(r.peakRssMb, 0),
    fmt(r.speedupVsEvtxexport, 1),
    r.note ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  for (const l of [header, ...lines]) console.log(l.map((c, i) => c.padEnd(widths[i])).join('  '));
  console.log(`(hunt rows: median of ${RUNS} runs; evtxexport and @ts-evtx/core: one run)`);
  reportTargets(results.filter((r) => r.file === 's500.evtx'));
}

main();
