/**
 * Throughput benchmark: our JSONL dump, our EventID+Channel scan, libevtx's `evtxexport -f xml`
 * and @ts-evtx/core on stitched files of real chunks (built once, cached in bench/out/).
 * Each run is a child process timed by wall clock, with peak RSS from /usr/bin/time.
 * Prints a table and writes bench/out/results.json.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT_DIR = join(REPO, 'bench', 'out');
const SHARED = join(REPO, '..', 'shared');
const STITCH = join(SHARED, 'tools', 'stitch_evtx.py');
const WORKER = join(REPO, 'dist', 'bench', 'worker.js');
const TIMEOUT_MS = 15 * 60 * 1000;

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
  const rssLine = existsSync(timeFile) ? readFileSync(timeFile, 'utf8').trim().split('\n').pop() ?? '' : '';
  return {
    seconds,
    peakRssMb: Number(rssLine) / 1024,
    stdout: run.stdout ?? '',
    ok: run.status === 0,
    stderr: (run.stderr ?? '').trim(),
  };
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
    ...(note === undefined ? {} : { note }),
  };
}

function fmt(n: number | null, digits: number): string {
  return n === null ? '-' : n.toFixed(digits);
}

function main(): void {
  mkdirSync(OUT_DIR, { recursive: true });
  const results: Result[] = [];
  for (const input of [{ name: 's30.evtx', megabytes: 30 }, { name: 's500.evtx', megabytes: 500 }]) {
    const path = ensureInput(input);
    const megabytes = statSync(path).size / 1e6;
    console.log(`measuring ${input.name} (${megabytes.toFixed(1)} MB)`);
    const jsonl = measure(['node', WORKER, 'jsonl', path], false);
    const records = recordsOf(jsonl);
    const scan = measure(['node', WORKER, 'scan', path], false);
    const libevtx = measure(['evtxexport', '-f', 'xml', path], true);
    const tsEvtx = measure(['node', WORKER, 'ts-evtx', path], false);
    const fileRows = [
      row(input.name, 'hunt dump --format jsonl', jsonl, records, megabytes),
      row(input.name, 'hunt EventID+Channel scan', scan, recordsOf(scan), megabytes),
      row(input.name, 'evtxexport -f xml', libevtx, records, megabytes, 'record count: ours (same file)'),
      row(input.name, '@ts-evtx/core forEach', tsEvtx, recordsOf(tsEvtx), megabytes, tsEvtx.ok ? undefined : tsEvtx.stderr.split('\n').pop()),
    ];
    for (const r of fileRows) {
      if (libevtx.ok && r.seconds !== null) r.speedupVsEvtxexport = libevtx.seconds / r.seconds;
    }
    results.push(...fileRows);
  }
  const header = ['file', 'tool', 's', 'MB/s', 'records/s', 'peak RSS MB', 'x evtxexport', 'note'];
  const lines = results.map((r) => [
    r.file, r.tool, fmt(r.seconds, 2), fmt(r.mbPerSecond, 1), fmt(r.recordsPerSecond, 0), fmt(r.peakRssMb, 0), fmt(r.speedupVsEvtxexport, 1), r.note ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  for (const l of [header, ...lines]) console.log(l.map((c, i) => c.padEnd(widths[i])).join('  '));
  writeFileSync(join(OUT_DIR, 'results.json'), JSON.stringify({ date: new Date().toISOString(), node: process.version, results }, null, 2) + '\n');
  console.log(`wrote ${join(OUT_DIR, 'results.json')}`);
}

main();
