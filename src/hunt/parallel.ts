import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { CHUNK_SIZE, EvtxFileError, FILE_HEADER_BLOCK_SIZE, type EvtxLayout, type EvtxProblem } from '../evtx/index.js';
import { readLogLayout } from '../exported/index.js';
import type { RuleSet } from '../rules/ruleSet.js';
import type { RuleMeta } from '../rules/types.js';
import type { Hit, HitSink } from './hit.js';
import { Hunt, noFileCounts, type ChunkRangeOutcome, type FileCounts, type HuntCallbacks, type HuntOptions } from './hunt.js';
import type { HuntSummary } from './summary.js';
import type { StepObservation } from './temporalRun.js';
import { arrivedHit, arrivedObservation } from './clone.js';
import { ruleSetKeys, type ChunkRangeTask, type HuntWorkerData, type RangeEvent, type WorkerMessage } from './threadMessages.js';

/**
 * Chunks in one range a thread hunts (2 MiB): small enough that one big file is shared evenly and
 * little waits to be written in order, large enough that messages cost nothing next to the hunt.
 */
export const RANGE_CHUNKS = 32;
/**
 * Below this many bytes of logs one thread hunts alone. A worker costs about 0.15 s to start plus its
 * own rule loading (0.1 s of CPU for a few rules, 1.5-3 s for thousands); 48 MiB take one thread
 * about 0.15 s with a few rules (a worker would not even be ready) and 1.6-2 s with thousands, of
 * which a second thread saves at most half: below, a worker costs more CPU than it saves time.
 */
export const MIN_BYTES_FOR_THREADS = 48 * 1024 * 1024;
/** Ranges handed to a worker ahead, so it need not wait while this thread hunts a range of its own. */
const RANGES_QUEUED_PER_WORKER = 3;
/** Ranges hunted but not yet written, per thread: bounds what waits in memory to be written in order. */
const RANGES_AHEAD_PER_THREAD = 8;

const WORKER_SCRIPT = fileURLToPath(new URL('./huntWorker.js', import.meta.url));

export interface HuntThreadsOptions {
  /** Chunks per range (default RANGE_CHUNKS); tests divide small files finely. */
  readonly rangeChunks?: number;
  /** The worker's module (default huntWorker.js); tests start one that fails. */
  readonly script?: string | URL;
}

/** A worker thread died, or could not run: names the ranges it was hunting. */
export class HuntThreadError extends Error {
  override readonly name = 'HuntThreadError';
}

/** How many threads hunting `files` is worth: none beyond the one for small inputs or one range per thread. */
export function threadsFor(requested: number, files: readonly string[]): number {
  let bytes = 0;
  for (const file of files) {
    try {
      bytes += statSync(file).size;
    } catch {
      // reported when the file is hunted
    }
  }
  if (bytes < MIN_BYTES_FOR_THREADS) return 1;
  return Math.max(1, Math.min(requested, Math.ceil(bytes / (RANGE_CHUNKS * CHUNK_SIZE))));
}

interface Range {
  readonly task: ChunkRangeTask;
  readonly log: LogState;
  /** Found so far and not yet written. */
  events: Finding[];
  outcome?: ChunkRangeOutcome;
}

interface LogState {
  readonly file: string;
  readonly index: number;
  readonly layout: EvtxLayout | undefined;
  readonly unreadable: EvtxFileError | undefined;
  readonly headerProblems: readonly EvtxProblem[];
  /** Ranges handed out so far, in chunk order. */
  readonly ranges: Range[];
  /** Ranges written so far. */
  written: number;
  /** Reading stopped early (a read failed, the file shrank): no later range is hunted or written. */
  stopped: boolean;
  opened: boolean;
  progressed: boolean;
  readonly counts: FileCounts;
}

/**
 * The ranges of a run's files in the order one thread hunts them, handed out one at a time: logs
 * are opened (their layout read) as they are reached.
 */
class RangeSchedule {
  readonly logs: LogState[] = [];
  /** Ranges handed out and not yet written, by task id. */
  readonly pending = new Map<number, Range>();
  private nextId = 0;

  constructor(
    readonly files: readonly string[],
    private readonly rangeChunks: number,
    readonly recover: boolean,
  ) {}

  handedOut(log: LogState): number {
    return log.ranges.length * this.rangeChunks;
  }

  allHandedOut(log: LogState): boolean {
    return log.stopped || log.layout === undefined || this.handedOut(log) >= log.layout.chunkCount;
  }

  /** The next range to hunt, opening logs as they are reached. */
  next(): Range | undefined {
    const { logs, files } = this;
    for (;;) {
      let log = logs[logs.length - 1];
      if (log === undefined || this.allHandedOut(log)) {
        if (logs.length === files.length) return undefined;
        log = openLog(files[logs.length]!, logs.length);
        logs.push(log);
        continue;
      }
      const first = this.handedOut(log);
      const task = {
        id: this.nextId++,
        file: log.file,
        layout: log.layout!,
        first,
        end: Math.min(first + this.rangeChunks, log.layout!.chunkCount),
        recover: this.recover,
      };
      const range: Range = { task, log, events: [] };
      log.ranges.push(range);
      this.pending.set(task.id, range);
      return range;
    }
  }
}

function openLog(file: string, index: number): LogState {
  const headerProblems: EvtxProblem[] = [];
  let layout: EvtxLayout | undefined;
  let unreadable: EvtxFileError | undefined;
  try {
    layout = readLogLayout(file, (problem) => headerProblems.push(problem));
  } catch (error) {
    if (!(error instanceof EvtxFileError)) throw error;
    unreadable = error;
  }
  return {
    file,
    index,
    layout,
    unreadable,
    headerProblems,
    ranges: [],
    written: 0,
    stopped: false,
    opened: false,
    progressed: false,
    counts: noFileCounts(),
  };
}

interface WorkerLane {
  readonly worker: Worker;
  /** The rules it loaded (ruleKey, a line each), once it has. */
  rules: string | undefined;
  readonly queued: Range[];
}

/** What hunting a range found, as this thread's hunt takes it. */
type Finding = { readonly hit: Hit } | { readonly observation: StepObservation } | { readonly problem: EvtxProblem };

/** A worker's answer for a range: part of its events, or the end of it. */
type RangeMessage = Exclude<WorkerMessage, { type: 'ready' }>;

function describeRanges(ranges: readonly Range[]): string {
  return ranges.map(({ task }) => `${task.file} chunks ${task.first}-${task.end - 1}`).join(', ');
}

function arrived(event: RangeEvent, rules: readonly RuleMeta[]): Finding {
  if ('hit' in event) return { hit: arrivedHit(event, rules) };
  if ('observation' in event) return { observation: arrivedObservation(event) };
  return event;
}

/**
 * Worker threads for one hunt, started before this thread loads its rules so that theirs load
 * meanwhile. `run` divides the files into ranges of chunks and hunts them on the workers and on this
 * thread; every hit, problem and count reaches this thread's Hunt in the order one thread would have
 * found them, so output does not depend on the number of threads.
 */
export class HuntThreads {
  private readonly lanes: WorkerLane[];
  private closing = false;
  /** What workers answered before `run` (for ranges `start` handed them), taken up by it. */
  private readonly early: { lane: WorkerLane; message: RangeMessage }[] = [];
  private onMessage: (lane: WorkerLane, message: RangeMessage) => void = (lane, message) => void this.early.push({ lane, message });
  /** Called when a worker has loaded its rules (those before `run` are taken up by it). */
  private onReady: (lane: WorkerLane) => void = () => {};
  private readonly readyWaiters: (() => void)[] = [];
  private onFailure: (error: HuntThreadError) => void = () => {};
  /** A failure before `run` is waited on, kept for it. */
  private earlyFailure: HuntThreadError | undefined;
  private readonly rangeChunks: number;
  /** The ranges `start` handed out, until `run` takes them over. */
  private schedule: RangeSchedule | undefined;

  /** `threads` counts this one: threads - 1 workers are started. */
  constructor(threads: number, data: HuntWorkerData, { rangeChunks = RANGE_CHUNKS, script = WORKER_SCRIPT }: HuntThreadsOptions = {}) {
    this.rangeChunks = rangeChunks;
    this.lanes = Array.from({ length: threads - 1 }, () => {
      const lane: WorkerLane = { worker: new Worker(script, { workerData: data }), rules: undefined, queued: [] };
      // Until `run`: a run that ends early (no rules, an output refused) must not wait for them.
      lane.worker.unref();
      lane.worker.on('message', (message: WorkerMessage) => {
        if (message.type !== 'ready') {
          this.onMessage(lane, message);
          return;
        }
        lane.rules = message.rules.join('\n');
        if (this.lanes.every((other) => other.rules !== undefined)) for (const resolve of this.readyWaiters.splice(0)) resolve();
        this.onReady(lane);
      });
      lane.worker.on('error', (error: Error) => this.failed(lane, error.message));
      lane.worker.on('messageerror', (error: Error) => this.failed(lane, `a message could not be read: ${error.message}`));
      lane.worker.on('exit', (code) => this.failed(lane, `it exited with status ${code}`));
      return lane;
    });
  }

  /**
   * Hands each worker its first ranges of `files`, before this thread loads its rules: a worker that
   * has loaded its own sooner starts hunting at once. `run` must then be given the same files.
   */
  start(files: readonly string[], recover: boolean): void {
    if (this.schedule !== undefined || this.lanes.length === 0) return;
    const schedule = (this.schedule = new RangeSchedule(files, this.rangeChunks, recover));
    for (const lane of this.lanes) {
      while (lane.queued.length < RANGES_QUEUED_PER_WORKER) {
        const range = schedule.next();
        if (range === undefined) return;
        lane.queued.push(range);
        lane.worker.postMessage(range.task);
      }
    }
  }

  /** Resolves once every worker has loaded its rules. */
  whenReady(): Promise<void> {
    return this.lanes.every((lane) => lane.rules !== undefined)
      ? Promise.resolve()
      : new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  /** Stops the workers; a run still going fails. */
  close(): void {
    this.closing = true;
    for (const { worker } of this.lanes) void worker.terminate();
  }

  private failed(lane: WorkerLane, reason: string): void {
    if (this.closing) return;
    const doing = lane.queued.length > 0 ? `while hunting ${describeRanges(lane.queued)}` : 'while loading its rules';
    const error = new HuntThreadError(`a worker thread failed ${doing}: ${reason}`);
    this.close();
    this.earlyFailure ??= error;
    this.onFailure(error);
  }

  /** Hunts `files` in order, as runHunt does, with this thread's `ruleSet` (the rules the workers load). */
  run(files: readonly string[], ruleSet: RuleSet, sink: HitSink, options: HuntOptions, callbacks: HuntCallbacks): Promise<HuntSummary> {
    return new Promise((resolve, reject) => {
      if (this.earlyFailure !== undefined) {
        reject(this.earlyFailure);
        return;
      }
      for (const { worker } of this.lanes) worker.ref();
      const metas = ruleSet.rules.map((rule) => rule.meta);
      const keys = ruleSetKeys(ruleSet).join('\n');
      const hunt = new Hunt(ruleSet, sink, options, callbacks);
      const window = (this.lanes.length + 1) * RANGES_AHEAD_PER_THREAD;
      if (this.schedule !== undefined && (this.schedule.files !== files || this.schedule.recover !== options.recover)) {
        // The workers hunt what start gave them: the pool cannot serve this run, nor another.
        this.close();
        reject(new HuntThreadError('run was given other files (or --recover) than start'));
        return;
      }
      // A pool hunts run after run (tests do): what `start` handed out belongs to this run alone.
      const schedule = this.schedule ?? new RangeSchedule(files, this.rangeChunks, options.recover);
      this.schedule = undefined;
      const { logs, pending } = schedule;
      const local: Range[] = [];
      let written = 0;
      let settled = false;
      let localScheduled = false;

      const fail = (error: unknown): void => {
        if (settled) return;
        settled = true;
        this.close();
        reject(error);
      };
      this.onFailure = fail;

      // This thread's share: hunted into a range's events like a worker's, between handling their messages.
      let localRange: Range | undefined;
      const localHunt = new Hunt(
        ruleSet,
        { hit: (hit) => localRange?.events.push({ hit }), observation: (observation) => localRange?.events.push({ observation }) },
        options,
        {
          onProblem: (problem) => localRange?.events.push({ problem }),
          onUnreadable: (error) => {
            throw error;
          },
        },
      );

      const handOut = (): void => {
        for (const lane of this.lanes) {
          while (lane.rules === keys && lane.queued.length < RANGES_QUEUED_PER_WORKER && pending.size < window) {
            const range = schedule.next();
            if (range === undefined) return;
            lane.queued.push(range);
            lane.worker.postMessage(range.task);
          }
        }
        while (local.length === 0 && pending.size < window) {
          const range = schedule.next();
          if (range === undefined) return;
          local.push(range);
        }
        if (local.length > 0 && !localScheduled) {
          localScheduled = true;
          setImmediate(huntLocally);
        }
      };

      const huntLocally = (): void => {
        localScheduled = false;
        if (settled) return;
        try {
          const range = local.shift();
          if (range !== undefined) {
            localRange = range;
            range.outcome = localHunt.huntChunks(range.task.file, range.task.layout, range.task.first, range.task.end);
            localRange = undefined;
          }
          progress();
        } catch (error) {
          fail(error);
        }
      };

      /** Writes what is ready, in order, hands out more ranges, and finishes when all is written. */
      const progress = (): void => {
        for (;;) {
          writeReady();
          if (settled) return;
          if (written === files.length || callbacks.stopRequested?.() === true) {
            settled = true;
            for (const { worker } of this.lanes) worker.unref();
            resolve(hunt.finish());
            return;
          }
          const opened = logs.length;
          handOut();
          // A log opened while handing out may have nothing to hunt (unreadable, no chunks): nothing
          // else would come to write it, so write it now.
          if (logs.length === opened) return;
        }
      };

      const writeReady = (): void => {
        while (written < logs.length) {
          const log = logs[written];
          if (!log.opened) {
            log.opened = true;
            if (log.unreadable !== undefined) {
              hunt.fileUnreadable(log.file, log.unreadable);
              written++;
              continue;
            }
            for (const problem of log.headerProblems) hunt.problemFound(problem);
          }
          while (!log.stopped && log.written < log.ranges.length) {
            const range = log.ranges[log.written];
            for (const event of range.events) {
              if ('hit' in event) hunt.hitFound(event.hit);
              else if ('observation' in event) hunt.observationFound(event.observation);
              else hunt.problemFound(event.problem);
            }
            range.events = [];
            const { outcome } = range;
            if (outcome === undefined) return;
            for (const key of Object.keys(log.counts) as (keyof FileCounts)[]) log.counts[key] += outcome.counts[key];
            log.progressed ||= outcome.progressed;
            log.stopped = !outcome.complete;
            log.written++;
            pending.delete(range.task.id);
            const { size, chunkCount } = range.task.layout;
            const done = range.task.end >= chunkCount ? size : Math.min(size, FILE_HEADER_BLOCK_SIZE + range.task.end * CHUNK_SIZE);
            callbacks.onProgress?.(log.file, log.index, done, size);
          }
          if (log.stopped) for (const range of log.ranges.slice(log.written)) pending.delete(range.task.id);
          else if (!schedule.allHandedOut(log)) return;
          hunt.fileHunted(log.file, log.progressed ? log.layout!.size : 0, log.counts);
          written++;
        }
      };

      this.onReady = (lane) => {
        if (settled) return;
        try {
          if (lane.rules !== keys)
            throw new HuntThreadError('a worker thread loaded other rules than this one: did the rule files change meanwhile?');
          handOut();
        } catch (error) {
          fail(error);
        }
      };
      this.onMessage = (lane, message) => {
        if (settled) return;
        try {
          const range = lane.queued[0];
          if (range?.task.id !== message.id)
            throw new HuntThreadError(`a worker thread answered for range ${message.id}, not the one it was sent`);
          // A range after the point where its file stopped being readable is dropped, with what it found.
          const kept = pending.has(range.task.id);
          for (const event of message.events) {
            if (kept) range.events.push(arrived(event, metas));
          }
          if (message.type === 'done') {
            lane.queued.shift();
            range.outcome = message.outcome;
          }
          progress();
        } catch (error) {
          fail(error);
        }
      };
      try {
        for (const lane of this.lanes) if (lane.rules !== undefined) this.onReady(lane);
        for (const { lane, message } of this.early.splice(0)) this.onMessage(lane, message);
        progress();
      } catch (error) {
        fail(error);
      }
    });
  }
}
