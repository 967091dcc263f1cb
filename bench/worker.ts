/**
 * One measured run, in its own process so that peak RSS belongs to it alone:
 *   node dist/bench/worker.js <jsonl|scan|ts-evtx> FILE
 * Prints {"records": N} on stdout.
 */
import { runDump } from '../src/cli/dump.js';
import { openOutput } from '../src/cli/sink.js';
import { readEvtxFile } from '../src/evtx/index.js';

/** The part of @ts-evtx/core's API the benchmark uses (it is installed only to be measured). */
interface TsEvtxModule {
  evtx(path: string): { forEach(visit: (event: unknown) => void): Promise<void> };
}

async function main(): Promise<void> {
  const [mode, file] = process.argv.slice(2);
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
