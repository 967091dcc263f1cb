import { EvtxFileError, ReaderCaches, type EvtxLayout, type EvtxProblem, type EvtxRecord, type ReadOptions } from '../evtx/index.js';
import { eventDetails, type EventDetails } from '../events/details.js';
import { LogSourceTable, processStartSources, type PairFacts } from '../events/logsource.js';
import { normalizeRecord, recordFacts, type NormalizedEvent } from '../events/normalize.js';
import type { DetectableEvent } from '../events/types.js';
import { ruleIdentity } from '../rules/types.js';
import { readLogChunks, readLogFile } from '../exported/index.js';
import type { RuleSet, StepRef } from '../rules/ruleSet.js';
import { EventFilter, type EventFilterSpec } from './eventFilter.js';
import type { FoundEvent, Hit, HitSink } from './hit.js';
import { emptySummary, type HuntSummary } from './summary.js';
import { TemporalRun, type ObservedEvent, type ObservedStep, type StepObservation } from './temporalRun.js';
import { Timeline, type TimelineOptions } from './timeline.js';

export interface HuntOptions {
  /** Also carve records from chunk slack (deleted or overwritten space); hits on them say so. */
  readonly recover: boolean;
  /** How hits are held while they are put in time order (tests make it spill early). */
  readonly timeline?: TimelineOptions;
  /** Records left out before any rule sees them (--from, --to, --event-id, --computer). */
  readonly eventFilter?: EventFilterSpec | undefined;
}

/**
 * What a hunt that does not report sends on as it finds it (a worker thread's hunt, or this thread's
 * share of a divided file): hits, and events that matched a step of a temporal rule.
 */
export interface FindingSink {
  hit(hit: Hit): void;
  observation(observation: StepObservation): void;
}

export interface HuntCallbacks {
  onProblem(problem: EvtxProblem): void;
  /** A file that is not EVTX or cannot be read at all; the run goes on with the others. */
  onUnreadable(error: EvtxFileError): void;
  onProgress?(file: string, fileIndex: number, bytesDone: number, bytesTotal: number): void;
  /**
   * Asked between ranges of chunks (HuntThreads): true ends the run there, as if the files hunted so
   * far were all, with their hits written in time order and the summary of what was hunted.
   */
  stopRequested?(): boolean;
}

/** An event id no table maps: what a rule sees of a channel's events other than the process starts. */
const OTHER_EVENT_ID = -1;

/** How many of the rules see process starts and no other event of those channels (process_creation rules). */
function processStartRuleCount(ruleSet: RuleSet, logSources: LogSourceTable): number {
  const seeing = (eventId?: number) =>
    new Set(processStartSources().flatMap(([channel, id]) => ruleSet.rulesFor(logSources.facts(channel, eventId ?? id).selector)));
  const seeingOthers = seeing(OTHER_EVENT_ID);
  return [...seeing()].filter((rule) => !seeingOthers.has(rule)).length;
}

/** What hunting a file, or a range of its chunks, counted. */
export interface FileCounts {
  records: number;
  /** Records that at least one rule looked at. */
  eventsChecked: number;
  /** Sysmon 1 and Security 4688 records. */
  process: number;
  security4688: number;
  security4688WithCommandLine: number;
  hits: number;
  /** Records the event filter left out. */
  filteredOut: number;
}

/** What hunting a range of a file's chunks (huntChunks) gives besides its hits and problems. */
export interface ChunkRangeOutcome {
  readonly counts: FileCounts;
  /** False when reading stopped early (a read failed, the file shrank): the file's later chunks are not hunted. */
  readonly complete: boolean;
  /** The reader reported progress: the file's size counts towards the bytes read, as huntFile counts it. */
  readonly progressed: boolean;
}

export function noFileCounts(): FileCounts {
  return { records: 0, eventsChecked: 0, process: 0, security4688: 0, security4688WithCommandLine: 0, hits: 0, filteredOut: 0 };
}

/**
 * One hunt run, file by file: every record's channel and event id decide which rules see it, only
 * those records are decoded. A reporting hunt (given a HitSink) keeps the hits and the events its
 * temporal rules' steps match; `finish` joins those, and writes every hit to the sink in time order
 * without duplicates, then closes the summary. A forwarding hunt (given a FindingSink) sends both on
 * as it finds them, for the reporting hunt of another thread.
 */
export class Hunt {
  private readonly summary = emptySummary();
  /** Owned by the run: what it interns is bounded and goes with it. */
  private readonly logSources = new LogSourceTable();
  private readonly started = process.hrtime.bigint();
  private filesStarted = 0;
  private security4688 = 0;
  private security4688WithCommandLine = 0;
  /** For chunk ranges, which come file after file: one reader's caches for all of them. */
  private readonly rangeCaches = new ReaderCaches();
  /** Rules that only process starts feed: a file without any leaves them nothing to look at. */
  private readonly processStartRules: number;
  private readonly findings: FindingSink;
  private readonly sink: HitSink | undefined;
  private readonly timeline: Timeline;
  private readonly temporal: TemporalRun;
  private readonly eventFilter: EventFilter | undefined;

  constructor(
    private readonly ruleSet: RuleSet,
    output: HitSink | FindingSink,
    private readonly options: HuntOptions,
    private readonly callbacks: HuntCallbacks,
  ) {
    this.summary.rulesLoaded = ruleSet.rules.length + ruleSet.temporal.length;
    this.processStartRules = processStartRuleCount(ruleSet, this.logSources);
    if ('observation' in output) this.findings = output;
    else {
      this.sink = output;
      this.findings = { hit: (hit) => this.hitFound(hit), observation: (observation) => this.observationFound(observation) };
    }
    this.timeline = new Timeline(options.timeline);
    this.temporal = new TemporalRun(ruleSet.temporal);
    this.eventFilter = options.eventFilter === undefined ? undefined : new EventFilter(options.eventFilter);
  }

  /** Hunts one file; one that cannot be read is reported to `onUnreadable` and counted. */
  huntFile(file: string): void {
    const fileIndex = this.filesStarted++;
    const counts = noFileCounts();
    let bytes = 0;
    const options = this.readOptions((done, total) => {
      bytes = total;
      this.callbacks.onProgress?.(file, fileIndex, done, total);
    });
    try {
      this.huntRecords(file, readLogFile(file, options), counts);
    } catch (error) {
      if (!(error instanceof EvtxFileError)) throw error;
      this.fileUnreadable(file, error);
      return;
    }
    this.fileHunted(file, bytes, counts);
  }

  /**
   * Hunts chunks [first, end) of a file whose layout readEvtxLayout read: one share of a file divided
   * between threads. Hits go to the sink and problems to `onProblem`, as huntFile sends them; the
   * counts are returned, for the hunt that sums the file's ranges (fileHunted).
   */
  huntChunks(file: string, layout: EvtxLayout, first: number, end: number): ChunkRangeOutcome {
    const counts = noFileCounts();
    let progressed = false;
    const records = readLogChunks(file, layout, first, end, { ...this.readOptions(() => (progressed = true)), caches: this.rangeCaches });
    let complete = true;
    this.huntRecords(
      file,
      keepingResult(records, (read) => (complete = read)),
      counts,
    );
    return { counts, complete, progressed };
  }

  /** A problem reading a file, counted and reported as huntFile does (for files divided between threads). */
  problemFound(problem: EvtxProblem): void {
    this.summary.problems++;
    this.callbacks.onProblem(problem);
  }

  /** A hit, kept to be reported in time order (for files divided between threads). */
  hitFound(hit: Hit): void {
    this.timeline.add(hit);
  }

  /** An event a temporal rule's step matched, kept to be joined at the end (for files divided between threads). */
  observationFound(observation: StepObservation): void {
    this.temporal.add(observation);
  }

  /** A file that could not be read at all, counted and reported as huntFile does. */
  fileUnreadable(file: string, error: EvtxFileError): void {
    this.summary.unreadableFiles.push(file);
    this.callbacks.onUnreadable(error);
  }

  /** A file read to its end (or as far as it could be read): `bytes` is its size, as the reader saw it. */
  fileHunted(file: string, bytes: number, counts: FileCounts): void {
    const { summary } = this;
    // Multi-event hits come at the end: their files' places in the timeline's ties are set now.
    this.timeline.fileOrder(file);
    summary.files++;
    summary.bytes += bytes;
    summary.records += counts.records;
    summary.eventsChecked += counts.eventsChecked;
    summary.processEvents += counts.process;
    summary.eventsFilteredOut += counts.filteredOut;
    // Said only where it explains an empty result: no hit, and rules that had nothing to look at.
    if (counts.process === 0 && counts.hits === 0 && this.processStartRules > 0) {
      summary.warnings.push(
        `${file}: no hits, and no process-creation events (Sysmon 1 or Security 4688) for the ${this.processStartRules} process-creation rule(s) to look at`,
      );
    }
    this.security4688 += counts.security4688;
    this.security4688WithCommandLine += counts.security4688WithCommandLine;
  }

  /**
   * Joins the temporal rules' events, writes every hit to the sink in time order, and returns the
   * summary of the files hunted so far with the run's closing warnings; call once, at the end.
   */
  finish(): HuntSummary {
    const { summary, sink } = this;
    const temporal = this.temporal.finish();
    for (const hit of temporal.hits) this.timeline.add(hit);
    const timeline = this.timeline.drain((hit) => {
      summary.hits++;
      const key = ruleIdentity(hit.rule);
      const tally = summary.hitsByRule.get(key);
      if (tally) tally.count++;
      else summary.hitsByRule.set(key, { rule: hit.rule, count: 1 });
      sink?.write(hit);
    });
    summary.duplicates = timeline.duplicates;
    summary.warnings.push(...temporal.warnings);
    if (this.security4688 > 0 && this.security4688WithCommandLine === 0) {
      this.summary.warnings.push(
        `all ${this.security4688} Security 4688 events have an empty command line: the audit policy "Include command line in process creation events" was off, so command-line rules cannot fire on them`,
      );
    }
    this.summary.seconds = Number(process.hrtime.bigint() - this.started) / 1e9;
    return this.summary;
  }

  private readOptions(onProgress: ReadOptions['onProgress']): ReadOptions {
    return { onProblem: (problem) => this.problemFound(problem), onProgress, recover: this.options.recover };
  }

  private huntRecords(file: string, records: Iterable<EvtxRecord>, counts: FileCounts): void {
    const { ruleSet, logSources, eventFilter } = this;
    for (const record of records) {
      counts.records++;
      const facts = recordFacts(record, logSources);
      if (facts === undefined) continue;
      if (eventFilter !== undefined && !eventFilter.admits(record, facts.eventId)) {
        counts.filteredOut++;
        continue;
      }
      const candidates = ruleSet.rulesFor(facts.selector, facts.eventId);
      const isProcess = facts.schema?.processSource !== undefined;
      if (candidates.length === 0 && !isProcess) continue;
      const event = normalizeRecord(record, facts);
      if (event.process !== undefined) {
        counts.process++;
        if (event.process.source === 'security') {
          counts.security4688++;
          if (event.process.commandLine) counts.security4688WithCommandLine++;
        }
      }
      if (candidates.length === 0) continue;
      counts.eventsChecked++;
      let found: FoundEvent | undefined;
      let details: EventDetails | undefined;
      let observed: ObservedStep[] | undefined;
      for (const rule of ruleSet.matching(candidates, event)) {
        const steps = ruleSet.stepsOf(rule);
        if (steps !== undefined) observed = observedSteps(ruleSet, steps, event, observed);
        if (!ruleSet.reports(rule)) continue;
        counts.hits++;
        found ??= foundEvent(file, record, facts, event);
        details ??= eventDetails(facts.channel, facts.eventId, event.eventData);
        this.findings.hit({ ...found, rule: rule.meta, details });
      }
      if (observed !== undefined) {
        found ??= foundEvent(file, record, facts, event);
        details ??= eventDetails(facts.channel, facts.eventId, event.eventData);
        this.findings.observation({ event: observedEvent(found, details), steps: observed });
      }
    }
  }
}

function foundEvent(file: string, record: EvtxRecord, facts: PairFacts, event: NormalizedEvent): FoundEvent {
  return {
    file,
    recordId: record.eventRecordId() ?? record.recordId,
    recovered: record.recovered,
    timestamp: record.timeCreated() ?? record.written,
    eventId: facts.eventId,
    channel: facts.channel,
    computer: record.computer(),
    process: event.process,
    eventData: event.eventData,
  };
}

/** What a run keeps of a found event for its temporal rules: all but its EventData. */
function observedEvent(
  { file, recordId, recovered, timestamp, eventId, channel, computer, process }: FoundEvent,
  details: EventDetails,
): ObservedEvent {
  return { file, recordId, recovered, timestamp, eventId, channel, computer, process, details };
}

/** `observed` with the steps of `refs` the event can join (those whose key it has). */
function observedSteps(
  ruleSet: RuleSet,
  refs: readonly StepRef[],
  event: DetectableEvent,
  observed: ObservedStep[] | undefined,
): ObservedStep[] | undefined {
  for (const { rule, step } of refs) {
    const definition = ruleSet.temporal[rule]!.steps[step]!;
    const key = definition.key(event);
    if (key === undefined) continue;
    (observed ??= []).push({ rule, step, key, ...(definition.value === undefined ? {} : { value: definition.value(event) }) });
  }
  return observed;
}

/** Iterates `records` and hands their generator's result to `onEnd`. */
function* keepingResult<R>(records: Generator<EvtxRecord, R>, onEnd: (result: R) => void): Generator<EvtxRecord> {
  onEnd(yield* records);
}

/** Hunts `files` in order and returns the run's summary. */
export function runHunt(
  files: readonly string[],
  ruleSet: RuleSet,
  sink: HitSink,
  options: HuntOptions,
  callbacks: HuntCallbacks,
): HuntSummary {
  const hunt = new Hunt(ruleSet, sink, options, callbacks);
  for (const file of files) hunt.huntFile(file);
  return hunt.finish();
}
