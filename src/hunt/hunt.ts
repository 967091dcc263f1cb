import { EvtxFileError, readEvtxFile, type EvtxProblem } from '../evtx/index.js';
import { eventDetails, type EventDetails } from '../events/details.js';
import { LogSourceTable, processStartSources } from '../events/logsource.js';
import { normalizeRecord, recordFacts } from '../events/normalize.js';
import type { RuleSet } from '../rules/ruleSet.js';
import type { HitSink } from './hit.js';
import { emptySummary, type HuntSummary } from './summary.js';

export interface HuntOptions {
  /** Also carve records from chunk slack (deleted or overwritten space); hits on them say so. */
  readonly recover: boolean;
}

export interface HuntCallbacks {
  onProblem(problem: EvtxProblem): void;
  /** A file that is not EVTX or cannot be read at all; the run goes on with the others. */
  onUnreadable(error: EvtxFileError): void;
  onProgress?(file: string, fileIndex: number, bytesDone: number, bytesTotal: number): void;
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

interface ProcessCounts {
  process: number;
  security4688: number;
  security4688WithCommandLine: number;
}

/**
 * One hunt run, file by file: every record's channel and event id decide which rules see it, only
 * those records are decoded, and every hit goes to the sink as it is found. `finish` closes the
 * summary once the last file is hunted.
 */
export class Hunt {
  private readonly summary = emptySummary();
  /** Owned by the run: what it interns is bounded and goes with it. */
  private readonly logSources = new LogSourceTable();
  private readonly started = process.hrtime.bigint();
  private filesStarted = 0;
  private security4688 = 0;
  private security4688WithCommandLine = 0;
  /** Rules that only process starts feed: a file without any leaves them nothing to look at. */
  private readonly processStartRules: number;

  constructor(
    private readonly ruleSet: RuleSet,
    private readonly sink: HitSink,
    private readonly options: HuntOptions,
    private readonly callbacks: HuntCallbacks,
  ) {
    this.summary.rulesLoaded = ruleSet.rules.length;
    this.processStartRules = processStartRuleCount(ruleSet, this.logSources);
  }

  /** Hunts one file; one that cannot be read is reported to `onUnreadable` and counted. */
  huntFile(file: string): void {
    const fileIndex = this.filesStarted++;
    const counts: ProcessCounts = { process: 0, security4688: 0, security4688WithCommandLine: 0 };
    const hitsBefore = this.summary.hits;
    try {
      this.summary.bytes += this.huntRecords(file, fileIndex, counts);
      this.summary.files++;
    } catch (error) {
      if (!(error instanceof EvtxFileError)) throw error;
      this.summary.unreadableFiles.push(file);
      this.callbacks.onUnreadable(error);
      return;
    }
    // Said only where it explains an empty result: no hit, and rules that had nothing to look at.
    if (counts.process === 0 && this.summary.hits === hitsBefore && this.processStartRules > 0) {
      this.summary.warnings.push(
        `${file}: no hits, and no process-creation events (Sysmon 1 or Security 4688) for the ${this.processStartRules} process-creation rule(s) to look at`,
      );
    }
    this.security4688 += counts.security4688;
    this.security4688WithCommandLine += counts.security4688WithCommandLine;
  }

  /** The summary of the files hunted so far, with the run's closing warnings; call once, at the end. */
  finish(): HuntSummary {
    if (this.security4688 > 0 && this.security4688WithCommandLine === 0) {
      this.summary.warnings.push(
        `all ${this.security4688} Security 4688 events have an empty command line: the audit policy "Include command line in process creation events" was off, so command-line rules cannot fire on them`,
      );
    }
    this.summary.seconds = Number(process.hrtime.bigint() - this.started) / 1e9;
    return this.summary;
  }

  /** Returns the file's size in bytes, as the reader saw it. */
  private huntRecords(file: string, fileIndex: number, counts: ProcessCounts): number {
    const { ruleSet, sink, summary, logSources, callbacks } = this;
    let fileBytes = 0;
    const records = readEvtxFile(file, {
      onProblem: (problem) => {
        summary.problems++;
        callbacks.onProblem(problem);
      },
      onProgress: (done, total) => {
        fileBytes = total;
        callbacks.onProgress?.(file, fileIndex, done, total);
      },
      recover: this.options.recover,
    });
    for (const record of records) {
      summary.records++;
      const facts = recordFacts(record, logSources);
      if (facts === undefined) continue;
      const candidates = ruleSet.rulesFor(facts.selector, facts.eventId);
      const isProcess = facts.schema?.processSource !== undefined;
      if (candidates.length === 0 && !isProcess) continue;
      const event = normalizeRecord(record, facts);
      if (event.process !== undefined) {
        counts.process++;
        summary.processEvents++;
        if (event.process.source === 'security') {
          counts.security4688++;
          if (event.process.commandLine) counts.security4688WithCommandLine++;
        }
      }
      if (candidates.length === 0) continue;
      summary.eventsChecked++;
      let details: EventDetails | undefined;
      for (const rule of ruleSet.matching(candidates, event)) {
        summary.hits++;
        const key = `${rule.meta.source}:${rule.meta.id}`;
        const tally = summary.hitsByRule.get(key);
        if (tally) tally.count++;
        else summary.hitsByRule.set(key, { rule: rule.meta, count: 1 });
        sink.write({
          rule: rule.meta,
          file,
          recordId: record.eventRecordId() ?? record.recordId,
          recovered: record.recovered,
          timestamp: record.timeCreated() ?? record.written,
          eventId: facts.eventId,
          channel: facts.channel,
          computer: record.computer(),
          process: event.process,
          details: (details ??= eventDetails(facts.channel, facts.eventId, event.eventData)),
          eventData: event.eventData,
        });
      }
    }
    return fileBytes;
  }
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
