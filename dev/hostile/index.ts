/**
 * Seeded, deterministic crafted EVTX files for the issue "Hostile logs must not blind the hunt",
 * one per defect class (cases.ts), each with:
 *   <case>.evtx          the crafted file: ordinary activity, planted hits and the crafted records
 *   <case>.control.evtx  the same records without the crafted ones (same record ids): its hits are
 *                        the hits the crafted file must still report
 *   <case>.normal.evtx   an ordinary log of the same size (chunk count), for the throughput comparison
 *   <rule>.yml           the case's own rule files (the hostile-rule case)
 * Dev-only, like dev/evtxWriter: bench/hostile.ts measures the hunt on them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeEvtx } from '../evtxWriter/index.js';
import { HOSTILE_CASES, type HostileCase, type HostileCaseName } from './cases.js';
import { chunkCount, normalLog } from './log.js';

export { AMPLIFICATION, EQL_FRAGMENTS, HOSTILE_CASES, HOSTILE_RULE, HOSTILE_RULE_FILE, QUADRATIC, SIGMA_REGEX_TARGETS } from './cases.js';
export type { HostileCase, HostileCaseName } from './cases.js';
export { chunkCount, FIRST_RECORD_ID, type LogEntry } from './log.js';

export const DEFAULT_SEED = 20261202;
export const HOSTILE_CASE_NAMES = Object.keys(HOSTILE_CASES) as HostileCaseName[];

export interface HostileFiles {
  readonly case: HostileCase;
  readonly crafted: Buffer;
  readonly control: Buffer;
  readonly normal: Buffer;
  /** Record ids of the crafted records. */
  readonly hostileRecordIds: readonly number[];
}

/** A case's seed: the run's seed and the case, so that each case has its own stream. */
function caseSeed(seed: number, name: HostileCaseName): number {
  let h = seed >>> 0;
  for (const c of name) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  return h;
}

/** The crafted file alone (cheap: no normal log). */
export function buildCrafted(name: HostileCaseName, seed = DEFAULT_SEED): { case: HostileCase; crafted: Buffer } {
  const hostileCase = HOSTILE_CASES[name](caseSeed(seed, name));
  return { case: hostileCase, crafted: writeEvtx(hostileCase.entries.map((entry) => entry.spec)) };
}

export function buildHostileFiles(name: HostileCaseName, seed = DEFAULT_SEED): HostileFiles {
  const { case: hostileCase, crafted } = buildCrafted(name, seed);
  const entries = hostileCase.entries;
  return {
    case: hostileCase,
    crafted,
    control: writeEvtx(entries.filter((entry) => entry.role !== 'hostile').map((entry) => entry.spec)),
    normal: normalLog(caseSeed(seed, name) ^ 0x5eed, chunkCount(crafted)),
    hostileRecordIds: entries.filter((entry) => entry.role === 'hostile').map((entry) => entry.spec.recordId as number),
  };
}

/** Writes every case's files into `dir`; returns them by case. */
export function writeHostileFiles(
  dir: string,
  seed = DEFAULT_SEED,
  names: readonly HostileCaseName[] = HOSTILE_CASE_NAMES,
): Map<HostileCaseName, HostileFiles> {
  mkdirSync(dir, { recursive: true });
  const out = new Map<HostileCaseName, HostileFiles>();
  for (const name of names) {
    const files = buildHostileFiles(name, seed);
    writeFileSync(join(dir, `${name}.evtx`), files.crafted);
    writeFileSync(join(dir, `${name}.control.evtx`), files.control);
    writeFileSync(join(dir, `${name}.normal.evtx`), files.normal);
    for (const [file, text] of files.case.rules) writeFileSync(join(dir, file), text);
    out.set(name, files);
  }
  return out;
}
