import type { EvtxLayout, EvtxProblem } from '../evtx/index.js';
import type { RuleLevel } from '../rules/types.js';
import type { EventFilterSpec } from './eventFilter.js';
import type { Hit } from './hit.js';
import type { ChunkRangeOutcome } from './hunt.js';
import type { RuleExclusions } from './ruleSelection.js';

/**
 * What passes between the hunt's main thread and its worker threads (structured clone). Hits are
 * plain data but for their rule, which goes as its index in the rules both threads loaded.
 */

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

/** A hit with its rule as an index into the loaded rules; every other field as the hunt made it. */
export type HitMessage = Omit<Hit, 'rule'> & { readonly rule: number };

/** What hunting a range found, in the order the hunt found it. */
export type RangeEvent =
  | {
      readonly hit: HitMessage;
      /** Fields whose objects have no prototype (a record's EventData): given none again on arrival. */
      readonly nullPrototype?: readonly string[];
    }
  | { readonly problem: EvtxProblem };

export type WorkerMessage =
  /** Rules loaded: `rules` names them (`source:id file`), so the main thread can check they are its own. */
  | { readonly type: 'ready'; readonly rules: readonly string[] }
  /** Part of a range's events, sent while the range is hunted so that no batch grows without bound. */
  | { readonly type: 'events'; readonly id: number; readonly events: readonly RangeEvent[] }
  | { readonly type: 'done'; readonly id: number; readonly events: readonly RangeEvent[]; readonly outcome: ChunkRangeOutcome };

/** How a thread's rules are named to compare them. */
export function ruleKey(rule: { readonly meta: { readonly source: string; readonly id: string; readonly file: string } }): string {
  return `${rule.meta.source}:${rule.meta.id} ${rule.meta.file}`;
}
