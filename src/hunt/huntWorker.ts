/**
 * A hunt worker thread (started by parallel.ts): loads the rules the main thread loads, then hunts
 * the chunk ranges it is sent with the same Hunt pipeline, and posts what each range found back in
 * batches, in the order it was found.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { EvtxFileError, EvtxProblem } from '../evtx/index.js';
import { RuleCache } from '../rules/cache/index.js';
import { loadRuleFiles } from '../rules/load.js';
import { RuleSet } from '../rules/ruleSet.js';
import type { RuleMeta } from '../rules/types.js';
import type { Hit } from './hit.js';
import { Hunt, type FindingSink } from './hunt.js';
import { excludeRules, selectRules } from './ruleSelection.js';
import type { StepObservation } from './temporalRun.js';
import { cloneHit, cloneObservation } from './clone.js';
import { ruleSetKeys, type ChunkRangeTask, type HuntWorkerData, type RangeEvent, type WorkerMessage } from './threadMessages.js';

/** Events posted at once while a range is hunted: bounds a batch however many hits a range has. */
const EVENTS_PER_BATCH = 512;

function serve(port: NonNullable<typeof parentPort>, data: HuntWorkerData): void {
  const cache = data.ruleCache === undefined ? undefined : new RuleCache({ ...data.ruleCache, ruleFiles: data.ruleFiles });
  const selection = selectRules(excludeRules(loadRuleFiles(data.ruleFiles, cache), data.exclusions).loaded, data.minLevel);
  const rules = selection.outcome === 'selected' ? selection.rules : [];
  const temporal = selection.outcome === 'selected' ? selection.temporal : [];
  const ruleIndex = new Map<RuleMeta, number>(rules.map((rule, index) => [rule.meta, index]));
  const post = (message: WorkerMessage): void => port.postMessage(message);
  let current = -1;
  let events: RangeEvent[] = [];
  const add = (event: RangeEvent): void => {
    events.push(event);
    if (events.length >= EVENTS_PER_BATCH) {
      post({ type: 'events', id: current, events });
      events = [];
    }
  };
  const ruleSet = new RuleSet(rules, temporal);
  const findings: FindingSink = {
    hit: (hit: Hit) => add(cloneHit(hit, ruleIndex)),
    observation: (observation: StepObservation) => add(cloneObservation(observation)),
  };
  const callbacks = {
    onProblem: (problem: EvtxProblem) => add({ problem }),
    onUnreadable: (error: EvtxFileError) => {
      // Ranges are read from files whose header the main thread read; reading them reports problems only.
      throw error;
    },
  };
  /** One per --recover setting, each for the worker's life: what a Hunt learns about log sources stays. */
  const hunts = new Map<boolean, Hunt>();
  const huntFor = (recover: boolean): Hunt => {
    let hunt = hunts.get(recover);
    if (hunt === undefined) hunts.set(recover, (hunt = new Hunt(ruleSet, findings, { recover, eventFilter: data.eventFilter }, callbacks)));
    return hunt;
  };
  port.on('message', (task: ChunkRangeTask) => {
    current = task.id;
    const outcome = huntFor(task.recover).huntChunks(task.file, task.layout, task.first, task.end);
    post({ type: 'done', id: task.id, events, outcome });
    events = [];
  });
  post({ type: 'ready', rules: ruleSetKeys(ruleSet) });
}

if (parentPort !== null) serve(parentPort, workerData as HuntWorkerData);
