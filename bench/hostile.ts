/**
 * Hostile-input benchmark, for the issue "Hostile logs must not blind the hunt": for each crafted
 * file of dev/hostile (one per defect class), `hunt` with every SigmaHQ and Elastic Windows rule
 * (and the case's own rule files) as a child process with a timeout, against an ordinary log of
 * the same size; and whether every hit of the file without its crafted records is still reported.
 *   npm run bench:hostile [-- --timeout SECONDS] [--case NAME]... [--seed N]
 * The files are regenerated into bench/out/hostile/ on every run (deterministic: same seed, same
 * bytes; a few seconds). Each run's wall time and peak RSS come from /usr/bin/time -f %M; a run
 * that outlives the timeout is killed with its process group and reported as timed out (its peak
 * RSS is then the last one sampled from /proc, a lower bound). Prints a table and writes
 * bench/out/hostile.json.
 */
import { spawn } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SEED, HOSTILE_CASE_NAMES, writeHostileFiles, type HostileCaseName, type HostileFiles } from '../dev/hostile/index.js';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT_DIR = join(REPO, 'bench', 'out');
const HOSTILE_DIR = join(OUT_DIR, 'hostile');
const SHARED = join(REPO, '..', 'shared');
const CLI = join(REPO, 'dist', 'src', 'cli', 'main.js');
const SIGMA_WINDOWS = join(SHARED, 'corpus', 'sigma', 'rules', 'windows');
const ELASTIC_WINDOWS = join(SHARED, 'corpus', 'elastic-detection-rules', 'rules', 'windows');
const DEFAULT_TIMEOUT_S = 120;
/** How often a running hunt's peak RSS is sampled, for runs that are killed before /usr/bin/time reports. */
const RSS_SAMPLE_MS = 250;
/** A hit, as the key the crafted run and the control run are compared by. */
type HitKey = string;

interface Options {
  timeoutSeconds: number;
  cases: HostileCaseName[];
  seed: number;
}

interface Run {
  file: string;
  megabytes: number;
  seconds: number;
  /** The hunt's own "in N s" (reading and matching, rules already loaded); null when it did not finish. */
  scanSeconds: number | null;
  status: number | null;
  signal: string | null;
  timedOut: boolean;
  peakRssMb: number | null;
  /** The peak RSS is the last sample before the kill, not /usr/bin/time's. */
  peakRssLowerBound: boolean;
  hits: number;
  /** The last lines of stderr (problems, the summary). */
  stderrTail: string;
}

interface CaseResult {
  case: HostileCaseName;
  description: string;
  crafted: Run;
  normal: Run;
  control: Run;
  /** Crafted MB/s over normal MB/s (wall time, same size): 1 is normal throughput. */
  throughputRatio: number | null;
  /** Hits of the control run (the crafted file without its crafted records) ... */
  expectedHits: number;
  /** ... and how many of them the crafted run reported (same record id and rule). */
  expectedHitsFound: number;
  /** Hits on the crafted records themselves. */
  hitsOnCraftedRecords: number;
  hostileRecords: number;
}

function parseOptions(argv: readonly string[]): Options {
  const options: Options = { timeoutSeconds: DEFAULT_TIMEOUT_S, cases: [], seed: DEFAULT_SEED };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--timeout') options.timeoutSeconds = Number(value());
    else if (arg === '--case') options.cases.push(value() as HostileCaseName);
    else if (arg === '--seed') options.seed = Number(value());
    else throw new Error(`unknown argument ${arg} (use --timeout SECONDS, --case NAME, --seed N)`);
  }
  if (!(options.timeoutSeconds > 0)) throw new Error('--timeout must be a positive number of seconds');
  for (const name of options.cases)
    if (!HOSTILE_CASE_NAMES.includes(name)) throw new Error(`unknown case ${name} (${HOSTILE_CASE_NAMES.join(', ')})`);
  if (options.cases.length === 0) options.cases = [...HOSTILE_CASE_NAMES];
  return options;
}

/** VmHWM of the hunt under /usr/bin/time (its only child), in MB; undefined when not readable. */
function sampleChildPeakRss(timePid: number): number | undefined {
  try {
    const children = readFileSync(`/proc/${timePid}/task/${timePid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    let peak: number | undefined;
    for (const child of children) {
      const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${child}/status`, 'utf8'));
      if (match !== null) peak = Math.max(peak ?? 0, Number(match[1]) / 1024);
    }
    return peak;
  } catch {
    return undefined;
  }
}

/** One hunt of `file` with `rules`, hits to `hitsFile`; killed with its process group after `timeoutMs`. */
function huntOnce(file: string, megabytes: number, rules: readonly string[], hitsFile: string, timeoutMs: number): Promise<Run> {
  const timeFile = `${hitsFile}.time`;
  rmSync(timeFile, { force: true });
  rmSync(hitsFile, { force: true });
  const args = [
    '-f',
    '%M',
    '-o',
    timeFile,
    process.execPath,
    CLI,
    file,
    ...rules.flatMap((r) => ['-r', r]),
    '-f',
    'jsonl',
    '-o',
    hitsFile,
    '--force',
  ];
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    // Its own process group, so that a timeout kills the hunt and not only /usr/bin/time.
    const child = spawn('/usr/bin/time', args, {
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, COLUMNS: '160' },
    });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (data: string) => {
      stderr = (stderr + data).slice(-16_384);
    });
    let timedOut = false;
    let sampledRss: number | undefined;
    const sampler = setInterval(() => {
      if (child.pid === undefined) return;
      const rss = sampleChildPeakRss(child.pid);
      if (rss !== undefined) sampledRss = Math.max(sampledRss ?? 0, rss);
    }, RSS_SAMPLE_MS);
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
    }, timeoutMs);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      clearInterval(sampler);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const timeLines = existsSync(timeFile) ? readFileSync(timeFile, 'utf8').trim().split('\n') : [];
      const rss = timedOut ? Number.NaN : Number(timeLines[timeLines.length - 1]);
      const fromTime = Number.isFinite(rss) && rss > 0 ? rss / 1024 : undefined;
      const scan = /^Read \d+ file\(s\), [\d.]+ MB, \d+ records in ([\d.]+) s/m.exec(stderr);
      const hits = /^(\d+) hit\(s\)/m.exec(stderr);
      resolve({
        file,
        megabytes,
        seconds,
        scanSeconds: scan === null ? null : Number(scan[1]),
        status: timedOut ? null : status,
        signal: timedOut ? 'SIGKILL (timeout)' : signal,
        timedOut,
        peakRssMb: fromTime ?? sampledRss ?? null,
        peakRssLowerBound: fromTime === undefined && sampledRss !== undefined,
        hits: hits === null ? -1 : Number(hits[1]),
        stderrTail: stderr
          .split('\n')
          .filter((line) => line.trim() !== '' && !line.includes('rules skipped') && !line.includes('rule skipped'))
          .slice(-8)
          .join('\n'),
      });
    });
  });
}

/**
 * The hits in a JSONL output, as record id + rule. Lines can be tens of MB (a hit on an amplified
 * record carries its value): only their start is looked at.
 */
async function readHits(hitsFile: string): Promise<{ keys: Set<HitKey>; recordIds: number[] }> {
  const keys = new Set<HitKey>();
  const recordIds: number[] = [];
  if (!existsSync(hitsFile)) return { keys, recordIds };
  const lines = createInterface({ input: createReadStream(hitsFile, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of lines) {
    const head = line.slice(0, 4096);
    const rule = /^\{"rule":\{"id":"([^"]*)","title":"((?:[^"\\]|\\.)*)"/.exec(head);
    const record = /"record_id":(\d+)/.exec(head);
    if (rule === null || record === null) continue;
    keys.add(`${record[1]}\t${rule[1] || rule[2]}`);
    recordIds.push(Number(record[1]));
  }
  return { keys, recordIds };
}

function fmt(n: number | null, digits: number): string {
  return n === null || !Number.isFinite(n) ? '-' : n.toFixed(digits);
}

async function measureCase(name: HostileCaseName, files: HostileFiles, timeoutMs: number): Promise<CaseResult> {
  const rules = [SIGMA_WINDOWS, ELASTIC_WINDOWS, ...[...files.case.rules.keys()].map((file) => join(HOSTILE_DIR, file))];
  const path = (suffix: string) => join(HOSTILE_DIR, `${name}${suffix}`);
  const mb = (buffer: Buffer) => buffer.length / 1e6;
  process.stdout.write(`${name}: control`);
  const control = await huntOnce(path('.control.evtx'), mb(files.control), rules, path('.control.hits.jsonl'), timeoutMs);
  process.stdout.write(` ${fmt(control.seconds, 1)} s, normal`);
  const normal = await huntOnce(path('.normal.evtx'), mb(files.normal), rules, path('.normal.hits.jsonl'), timeoutMs);
  process.stdout.write(` ${fmt(normal.seconds, 1)} s, crafted`);
  const crafted = await huntOnce(path('.evtx'), mb(files.crafted), rules, path('.hits.jsonl'), timeoutMs);
  process.stdout.write(` ${crafted.timedOut ? 'timed out' : `${fmt(crafted.seconds, 1)} s`}\n`);
  const expected = await readHits(path('.control.hits.jsonl'));
  const found = await readHits(path('.hits.jsonl'));
  const hostileIds = new Set(files.hostileRecordIds);
  const craftedRate = crafted.timedOut || crafted.status !== 0 ? null : crafted.megabytes / crafted.seconds;
  const normalRate = normal.timedOut || normal.status !== 0 ? null : normal.megabytes / normal.seconds;
  return {
    case: name,
    description: files.case.description,
    crafted,
    normal,
    control,
    throughputRatio: craftedRate === null || normalRate === null ? null : craftedRate / normalRate,
    expectedHits: expected.keys.size,
    expectedHitsFound: [...expected.keys].filter((key) => found.keys.has(key)).length,
    hitsOnCraftedRecords: found.recordIds.filter((id) => hostileIds.has(id)).length,
    hostileRecords: files.hostileRecordIds.length,
  };
}

function printTable(results: readonly CaseResult[], timeoutSeconds: number): void {
  const header = [
    'case',
    'MB',
    's',
    'scan s',
    'MB/s',
    'normal s',
    'normal MB/s',
    'ratio',
    'peak RSS MB',
    'normal RSS MB',
    'other hits found',
    'hits on crafted',
    'exit',
    'timed out',
  ];
  const rate = (run: Run) => (run.timedOut || run.status !== 0 ? null : run.megabytes / run.seconds);
  const lines = results.map((r) => [
    r.case,
    fmt(r.crafted.megabytes, 2),
    r.crafted.timedOut ? `>${timeoutSeconds}` : fmt(r.crafted.seconds, 1),
    fmt(r.crafted.scanSeconds, 1),
    fmt(rate(r.crafted), 2),
    fmt(r.normal.seconds, 1),
    fmt(rate(r.normal), 2),
    fmt(r.throughputRatio, 2),
    `${r.crafted.peakRssLowerBound ? '>=' : ''}${fmt(r.crafted.peakRssMb, 0)}`,
    fmt(r.normal.peakRssMb, 0),
    `${r.expectedHitsFound}/${r.expectedHits}`,
    String(r.hitsOnCraftedRecords),
    r.crafted.timedOut ? '-' : String(r.crafted.status ?? r.crafted.signal),
    r.crafted.timedOut ? 'yes' : 'no',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] as string).length)));
  for (const l of [header, ...lines]) console.log(l.map((c, i) => c.padEnd(widths[i] as number)).join('  '));
  console.log(
    `(full SigmaHQ + Elastic Windows rule sets; s and MB/s: wall time including rule loading; scan s: the hunt's own time;` +
      ` ratio: crafted MB/s / normal MB/s, same size; other hits: hits of the file without its crafted records still reported; timeout ${timeoutSeconds} s)`,
  );
  for (const r of results) {
    if (r.crafted.timedOut || r.crafted.status !== 0)
      console.log(`${r.case}: ${r.crafted.stderrTail.split('\n').slice(-3).join(' | ') || '(no output)'}`);
  }
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  for (const dir of [SIGMA_WINDOWS, ELASTIC_WINDOWS]) if (!existsSync(dir)) throw new Error(`rule set not found: ${dir}`);
  mkdirSync(HOSTILE_DIR, { recursive: true });
  for (const file of readdirSync(HOSTILE_DIR)) rmSync(join(HOSTILE_DIR, file), { force: true });
  const generated = process.hrtime.bigint();
  const files = writeHostileFiles(HOSTILE_DIR, options.seed, options.cases);
  console.log(
    `generated ${files.size} cases into ${HOSTILE_DIR} (seed ${options.seed}) in ${fmt(Number(process.hrtime.bigint() - generated) / 1e9, 1)} s`,
  );
  const results: CaseResult[] = [];
  for (const [name, caseFiles] of files) results.push(await measureCase(name, caseFiles, options.timeoutSeconds * 1000));
  printTable(results, options.timeoutSeconds);
  const json = {
    date: new Date().toISOString(),
    node: process.version,
    seed: options.seed,
    timeoutSeconds: options.timeoutSeconds,
    results,
  };
  writeFileSync(join(OUT_DIR, 'hostile.json'), JSON.stringify(json, null, 2) + '\n');
  console.log(`wrote ${join(OUT_DIR, 'hostile.json')}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
