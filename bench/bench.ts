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
 * Prints a table and the targets, and writes bench/out/results.json.
 * Hostile inputs (crafted files per defect class, with timeouts): bench/hostile.ts, npm run bench:hostile.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
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

/** The rule sets `hunt` is measured with: label and the -r arguments (none: the bundled rules). */
const HUNT_RULE_SETS: readonly { label: string; rules: string[] }[] = [
  { label: 'bundled rules', rules: [] },
  { label: 'SigmaHQ process_creation rules', rules: ['-r', join(SIGMA_WINDOWS, 'process_creation')] },
  { label: 'all SigmaHQ + Elastic Windows rules', rules: ['-r', SIGMA_WINDOWS, '-r', ELASTIC_WINDOWS] },
];
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

function main(): void {
  mkdirSync(OUT_DIR, { recursive: true });
  // hunt's rule cache for the runs below: the bench's own, not the user's.
  process.env['HUNT_CACHE_DIR'] ??= join(OUT_DIR, 'rule-cache');
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
          measured.ok ? `${hitsOf(measured) ?? '?'} hits` : measured.stderr.split('\n').pop(),
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
  writeFileSync(
    join(OUT_DIR, 'results.json'),
    JSON.stringify({ date: new Date().toISOString(), node: process.version, results, startup: startupResults }, null, 2) + '\n',
  );
  console.log(`wrote ${join(OUT_DIR, 'results.json')}`);
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
