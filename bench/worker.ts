/**
 * One measured run, in its own process so that peak RSS belongs to it alone:
 *   node dist/bench/worker.js <jsonl|scan|ts-evtx> FILE
 * Prints {"records": N} on stdout.
 *   node dist/bench/worker.js rules <CACHE_DIR|none> RULE_PATH...
 * Loads the rules as `hunt -r` does (through the rule cache in CACHE_DIR, or parsing every file) and
 * prints {"seconds": S, "cpuSeconds": C, "rules": N, "hits": H, "misses": M}: wall and CPU time from
 * the file list to the loaded rules (CPU time is the steadier figure on a shared machine).
 */
import { collectFiles } from '../src/cli/files.js';
import { runDump } from '../src/cli/dump.js';
import { openOutput } from '../src/cli/sink.js';
import { readEvtxFile } from '../src/evtx/index.js';
import { RuleCache } from '../src/rules/cache/index.js';
import { loadRuleFiles, RULE_FILE_EXTENSIONS } from '../src/rules/load.js';

/** The part of @ts-evtx/core's API the benchmark uses (it is installed only to be measured). */
interface TsEvtxModule {
  evtx(path: string): { forEach(visit: (event: unknown) => void): Promise<void> };
}

/** Rule loading, timed from the collected file list to the saved cache (what a run waits for). */
function loadRules(cacheDirectory: string, rulePaths: readonly string[]): void {
  const files = collectFiles(rulePaths, RULE_FILE_EXTENSIONS).files;
  const started = process.hrtime.bigint();
  const cpuStarted = process.cpuUsage();
  const cache =
    cacheDirectory === 'none' ? undefined : new RuleCache({ directory: cacheDirectory, huntVersion: 'bench', ruleFiles: files });
  const loaded = loadRuleFiles(files, cache);
  cache?.save();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuStarted);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  process.stdout.write(
    JSON.stringify({ seconds, cpuSeconds, rules: loaded.rules.length, ...(cache?.counts() ?? { hits: 0, misses: files.length }) }) + '\n',
  );
}

async function main(): Promise<void> {
  const [mode, file, ...rest] = process.argv.slice(2);
  if (mode === 'rules' && file !== undefined) return loadRules(file, rest);
  if (file === undefined) throw new Error('usage: worker.js <jsonl|scan|ts-evtx> FILE');
  let records = 0;
  if (mode === 'jsonl') {
    const out = openOutput('/dev/null');
    records = runDump([file], 'jsonl', out.writer, () => {}).records;
    out.close();
  } else if (mode === 'scan') {
    // EventID + Channel only: counts per channel and id, as a triage query would.
    const counts = new Map<string, Map<number | undefined, number>>();
    for (const record of readEvtxFile(file)) {
      const channel = record.channel() ?? '';
      let byId = counts.get(channel);
      if (byId === undefined) counts.set(channel, (byId = new Map()));
      const id = record.eventId();
      byId.set(id, (byId.get(id) ?? 0) + 1);
      records++;
    }
  } else if (mode === 'ts-evtx') {
    const moduleName = '@ts-evtx/core';
    const tsEvtx = (await import(moduleName)) as TsEvtxModule;
    await tsEvtx.evtx(file).forEach(() => {
      records++;
    });
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
  process.stdout.write(JSON.stringify({ records }) + '\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
