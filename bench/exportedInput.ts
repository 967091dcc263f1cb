/**
 * XML and JSON exports as input (issue 12): a 100 MB stitched EVTX file (bench/out/s100.evtx) and its
 * `hunt dump -f xml` and `-f jsonl` exports, each hunted with the bundled rules and with every SigmaHQ
 * and Elastic Windows rule. Prints seconds, MB/s of the file read and of the EVTX it stands for,
 * records/s, peak RSS, the ratio to the EVTX run and the hits (the same for all three), and writes
 * bench/out/exported.json. Run by `npm run bench` after bench.ts, or alone: `node dist/bench/exportedInput.js`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT_DIR = join(REPO, 'bench', 'out');
const SHARED = join(REPO, '..', 'shared');
const CLI = join(REPO, 'dist', 'src', 'cli', 'main.js');
const RULE_SETS: readonly { label: string; rules: string[] }[] = [
  { label: 'bundled rules', rules: [] },
  {
    label: 'all SigmaHQ + Elastic Windows rules',
    rules: [
      '-r',
      join(SHARED, 'corpus', 'sigma', 'rules', 'windows'),
      '-r',
      join(SHARED, 'corpus', 'elastic-detection-rules', 'rules', 'windows'),
    ],
  },
];
const MEGABYTES = 100;
/** Runs of each measurement; the median is reported. */
const RUNS = 3;

interface Measured {
  readonly seconds: number;
  readonly peakRssMb: number;
  readonly hits: string;
  readonly ok: boolean;
}

function run(command: string, args: readonly string[]): void {
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed`);
}

function measureOnce(args: readonly string[]): Measured {
  const timeFile = join(OUT_DIR, '.time-exported');
  const started = process.hrtime.bigint();
  const result = spawnSync('/usr/bin/time', ['-f', '%M', '-o', timeFile, 'node', CLI, ...args, '-f', 'jsonl', '-o', '/dev/null'], {
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rss = Number(readFileSync(timeFile, 'utf8').trim().split('\n').pop()) / 1024;
  return { seconds, peakRssMb: rss, hits: /^(\d+) hit\(s\)/m.exec(result.stderr)?.[1] ?? '?', ok: result.status === 0 };
}

function measure(args: readonly string[]): Measured {
  const all = Array.from({ length: RUNS }, () => measureOnce(args)).sort((a, b) => a.seconds - b.seconds);
  return all[Math.floor(all.length / 2)]!;
}

function main(): void {
  mkdirSync(OUT_DIR, { recursive: true });
  process.env['HUNT_CACHE_DIR'] ??= join(OUT_DIR, 'rule-cache');
  const evtx = join(OUT_DIR, `s${MEGABYTES}.evtx`);
  if (!existsSync(evtx))
    run('python3', [join(SHARED, 'tools', 'stitch_evtx.py'), '--strict', evtx, String(MEGABYTES), join(SHARED, 'corpus')]);
  const inputs = [
    { format: 'evtx', path: evtx },
    { format: 'xml', path: join(OUT_DIR, `s${MEGABYTES}.xml`) },
    { format: 'jsonl', path: join(OUT_DIR, `s${MEGABYTES}.jsonl`) },
  ];
  for (const { format, path } of inputs.slice(1)) {
    if (!existsSync(path)) run('node', [CLI, 'dump', '-f', format, '-o', path, evtx]);
  }
  const evtxMb = statSync(evtx).size / 1e6;
  const records = readFileSync(inputs[2]!.path, 'utf8').split('\n').length - 1;
  const rows: Record<string, unknown>[] = [];
  console.log(`exported inputs: ${evtxMb.toFixed(1)} MB EVTX (${records} records) and its exports, median of ${RUNS} runs`);
  const header = ['input', 'MB', 'rules', 's', 'MB/s', 'EVTX MB/s', 'records/s', 'peak RSS MB', 'x EVTX time', 'hits'];
  const lines: string[][] = [];
  for (const { label, rules } of RULE_SETS) {
    let evtxSeconds = 0;
    for (const { format, path } of inputs) {
      const mb = statSync(path).size / 1e6;
      const m = measure([path, ...rules]);
      if (format === 'evtx') evtxSeconds = m.seconds;
      const row = {
        input: format,
        megabytes: mb,
        rules: label,
        seconds: m.seconds,
        mbPerSecond: mb / m.seconds,
        evtxMbPerSecond: evtxMb / m.seconds,
        recordsPerSecond: records / m.seconds,
        peakRssMb: m.peakRssMb,
        timesEvtx: m.seconds / evtxSeconds,
        hits: m.hits,
        ok: m.ok,
      };
      rows.push(row);
      lines.push([
        format,
        mb.toFixed(0),
        label,
        m.seconds.toFixed(2),
        row.mbPerSecond.toFixed(1),
        row.evtxMbPerSecond.toFixed(1),
        row.recordsPerSecond.toFixed(0),
        m.peakRssMb.toFixed(0),
        row.timesEvtx.toFixed(2),
        m.ok ? m.hits : 'FAILED',
      ]);
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  for (const l of [header, ...lines]) console.log(l.map((c, i) => c.padEnd(widths[i]!)).join('  '));
  const hitsOf = (format: string): string =>
    RULE_SETS.map(({ label }) => rows.find((r) => r['rules'] === label && r['input'] === format)?.['hits']).join(' / ');
  console.log(
    `hits (${RULE_SETS.map(({ label }) => label).join(' / ')}): EVTX ${hitsOf('evtx')}, XML ${hitsOf('xml')}, JSONL ${hitsOf('jsonl')}`,
  );
  writeFileSync(
    join(OUT_DIR, 'exported.json'),
    JSON.stringify({ date: new Date().toISOString(), node: process.version, rows }, null, 2) + '\n',
  );
}

main();
