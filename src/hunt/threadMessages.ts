import type { EvtxLayout, EvtxProblem } from '../evtx/index.js';
import { ruleIdentity, type RuleLevel, type RuleMeta } from '../rules/types.js';
import type { HitClone, ObservationClone } from './clone.js';
import type { EventFilterSpec } from './eventFilter.js';
import type { ChunkRangeOutcome } from './hunt.js';
import type { RuleExclusions } from './ruleSelection.js';

/** What passes between the hunt's main thread and its worker threads (structured clone, see clone.ts). */

/** A worker's workerData: the rules to load, as the main thread loads them. */
export interface HuntWorkerData {
  readonly ruleFiles: readonly string[];
  readonly minLevel: RuleLevel;
  /** Rules left out as the main thread leaves them out. */
  readonly exclusions?: RuleExclusions | undefined;
  /** The records hunted, as the main thread filters them. */
  readonly eventFilter?: EventFilterSpec | undefined;
  /** The rule cache the main thread reads and saves; workers only read it. */
  readonly ruleCache?: { readonly directory: string; readonly huntVersion: string };
}

/** A range of a file's chunks to hunt. */
export interface ChunkRangeTask {
  readonly id: number;
  readonly file: string;
  readonly layout: EvtxLayout;
  readonly first: number;
  readonly end: number;
  readonly recover: boolean;
}

/** What hunting a range found, in the order the hunt found it. */
export type RangeEvent = HitClone | ObservationClone | { readonly problem: EvtxProblem };

export type WorkerMessage =
  /** Rules loaded: `rules` names them (`source:id file`), so the main thread can check they are its own. */
  | { readonly type: 'ready'; readonly rules: readonly string[] }
  /** Part of a range's events, sent while the range is hunted so that no batch grows without bound. */
  | { readonly type: 'events'; readonly id: number; readonly events: readonly RangeEvent[] }
  | { readonly type: 'done'; readonly id: number; readonly events: readonly RangeEvent[]; readonly outcome: ChunkRangeOutcome };

/** How a thread's rules are named to compare them. */
export function ruleKey(rule: { readonly meta: Pick<RuleMeta, 'source' | 'id' | 'file'> }): string {
  return `${ruleIdentity(rule.meta)} ${rule.meta.file}`;
}

/** What a thread's loaded rules are, to compare them: the single-event rules, then the temporal ones. */
export function ruleSetKeys(ruleSet: {
  readonly rules: readonly { readonly meta: RuleMeta }[];
  readonly temporal: readonly { readonly meta: RuleMeta }[];
}): string[] {
  return [...ruleSet.rules.map(ruleKey), ...ruleSet.temporal.map((rule) => `temporal ${ruleKey(rule)}`)];
}
