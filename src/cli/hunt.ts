import { EvtxFileError, readEvtxFile, type EvtxProblem } from '../evtx/index.js';
import { LogSourceTable, processEventSource } from '../events/logsource.js';
import { normalizeRecord, recordFacts } from '../events/normalize.js';
import type { RuleSet } from '../rules/ruleSet.js';
import type { HitWriter } from '../output/formats.js';
import { emptySummary, type HuntSummary } from '../output/summary.js';

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

interface ProcessCounts {
  process: number;
  security4688: number;
  security4688WithCommandLine: number;
}

/**
 * One pass over the files: every record's channel and event id decide which rules see it, only those
 * records are decoded, and every hit goes to the writer as it is found.
 */
export function runHunt(
  files: readonly string[],
  ruleSet: RuleSet,
  writer: HitWriter,
  options: HuntOptions,
  callbacks: HuntCallbacks,
): HuntSummary {
  const summary = emptySummary();
  // Owned by the run: what it interns is bounded and goes with it.
  const logSources = new LogSourceTable();
  const started = process.hrtime.bigint();
  let total4688 = 0;
  let total4688WithCommandLine = 0;
  files.forEach((file, fileIndex) => {
    const counts: ProcessCounts = { process: 0, security4688: 0, security4688WithCommandLine: 0 };
    try {
      summary.bytes += huntFile(file, fileIndex, ruleSet, logSources, writer, options, callbacks, summary, counts);
      summary.files++;
    } catch (error) {
      if (!(error instanceof EvtxFileError)) throw error;
      summary.unreadableFiles.push(file);
      callbacks.onUnreadable(error);
      return;
    }
    if (counts.process === 0) summary.warnings.push(`${file}: no process-creation events (Sysmon 1 or Security 4688)`);
    total4688 += counts.security4688;
    total4688WithCommandLine += counts.security4688WithCommandLine;
  });
  if (total4688 > 0 && total4688WithCommandLine === 0) {
    summary.warnings.push(
      `all ${total4688} Security 4688 events have an empty command line: the audit policy "Include command line in process creation events" was off, so command-line rules cannot fire on them`,
    );
  }
  summary.seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return summary;
}

/** Hunts one file; returns its size in bytes, as the reader saw it. */
function huntFile(
  file: string,
  fileIndex: number,
  ruleSet: RuleSet,
  logSources: LogSourceTable,
  writer: HitWriter,
  options: HuntOptions,
  callbacks: HuntCallbacks,
  summary: HuntSummary,
  counts: ProcessCounts,
): number {
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
    recover: options.recover,
  });
  for (const record of records) {
    summary.records++;
    const facts = recordFacts(record, logSources);
    if (facts === undefined) continue;
    const candidates = ruleSet.rulesFor(facts.selector);
    const isProcess = processEventSource(facts.channel, facts.eventId) !== undefined;
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
    for (const rule of ruleSet.matching(candidates, event)) {
      summary.hits++;
      const key = `${rule.meta.source}:${rule.meta.id}`;
      const tally = summary.hitsByRule.get(key);
      if (tally) tally.count++;
      else summary.hitsByRule.set(key, { rule: rule.meta, count: 1 });
      writer.write({
        rule: rule.meta,
        file,
        recordId: record.eventRecordId() ?? record.recordId,
        recovered: record.recovered,
        timestamp: record.timeCreated() ?? record.written,
        eventId: facts.eventId,
        channel: facts.channel,
        computer: record.computer(),
        process: event.process,
        eventData: event.eventData,
      });
    }
  }
  return fileBytes;
}
