#!/usr/bin/env node
import { readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import type { EvtxFileError, EvtxInteger, EvtxProblem } from '../evtx/index.js';
import type { Hit } from '../hunt/hit.js';
import { DUMP_FORMATS, OUTPUT_FORMATS, type DumpFormat, type OutputFormat, type TextSink } from '../output/formatNames.js';
import { terminalSafe } from '../output/sanitize.js';
import { colourWanted, tableWidth, terminalSink, type TextKind } from '../output/terminal.js';
import { RULE_LEVELS, type RuleLevel, type SkippedRule } from '../rules/types.js';
import type { EventFilterSpec } from '../hunt/eventFilter.js';
import type { RuleExclusions } from '../hunt/ruleSelection.js';
import type { HuntSummary } from '../hunt/summary.js';
import { CliError } from './errors.js';
import { collectFiles, collectLogs } from './files.js';
import { eventFilterSpec, ruleExclusions, type EventFilterOptions } from './filters.js';
import { HeapGrowthLimit } from './heapGrowth.js';
import { InterruptedError, Interruption } from './interrupt.js';
import { PACK_NAMES, packFolders, packNames } from './packs.js';
import { inputIdentities, MessageWriter, openOutput, OutputClosedError, QUIET, type Messages, type Output } from './sink.js';
import { groupWarnings } from './warnings.js';

/** Exit statuses, documented in --help and the README. */
const EXIT_OK = 0;
const EXIT_UNREADABLE_OR_USAGE = 2;

const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const BUNDLED_RULES = join(PACKAGE_ROOT, 'rules');
const PACKS_ROOT = join(PACKAGE_ROOT, 'packs');

/** hunt's version, from its package.json (read here, not by yargs, which cannot find it from the bundle). */
function readHuntVersion(): string {
  try {
    const { version } = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version?: unknown };
    return typeof version === 'string' ? version : 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * This build, for the rule cache's key: hunt's version and when this file was built, so that a
 * rebuild (which may parse rule files differently) does not read what an earlier build cached.
 */
function buildIdentity(version: string): string {
  try {
    return `${version}@${statSync(fileURLToPath(import.meta.url)).mtimeMs}`;
  } catch {
    return version;
  }
}

/** A hit or record that could not be formatted, in one line naming its file and record. */
function reportUnprinted(messages: Messages, what: string, file: string, recordId: EvtxInteger, error: unknown): void {
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  messages.line(`hunt: ${file}: record ${recordId}: ${what} not printed: ${reason.slice(0, 200)}`);
}

/** stdout on a terminal gets escaped text; files and pipes every value as it is. */
function forTerminal(kind: TextKind, output: string | undefined, out: Output): TextSink {
  return output === undefined && process.stdout.isTTY ? terminalSink(kind, out.writer) : out.writer;
}

const HIT_TEXT: Readonly<Record<OutputFormat, TextKind>> = {
  table: 'table',
  jsonl: 'json',
  json: 'json',
  csv: 'csv',
  timesketch: 'csv',
  'timesketch-jsonl': 'json',
  ecs: 'json',
  'ecs-bulk': 'json',
  html: 'xml',
};
const DUMP_TEXT: Readonly<Record<DumpFormat, TextKind>> = { jsonl: 'json', json: 'json', xml: 'xml', ecs: 'json', 'ecs-bulk': 'json' };

function describeProblem(problem: EvtxProblem): string {
  const chunk = problem.chunkIndex === undefined ? '' : ` chunk ${problem.chunkIndex}`;
  return `hunt: ${problem.file}:${chunk} offset 0x${problem.offset.toString(16)}: ${problem.kind}: ${problem.message}`;
}

function describeUnreadable(error: EvtxFileError): string {
  return `hunt: ${error.message} (file not read)`;
}

/** A dotted field name in a skip reason (`needs file.Ext.header_bytes, which ...`): what varies within one kind of reason. */
const FIELD_NAME = /\b[A-Za-z_][\w@]*(?:\.[\w@]+)+\b/g;

/**
 * One line per kind of reason rules were not loaded for, with the count (reasons that differ only
 * in a field name are one kind, the fields listed); a kind of at most 3 rules and one reason lists
 * them. --verbose lists every rule with its reason.
 */
function reportSkipped(messages: Messages, skipped: readonly SkippedRule[], verbose: boolean): void {
  const byKind = new Map<string, SkippedRule[]>();
  for (const skip of skipped) {
    const kind = verbose ? skip.reason : skip.reason.replace(FIELD_NAME, 'FIELD');
    const same = byKind.get(kind);
    if (same === undefined) byKind.set(kind, [skip]);
    else same.push(skip);
  }
  for (const [kind, rules] of byKind) {
    const fields = [...new Set(rules.flatMap((skip) => skip.reason.match(FIELD_NAME) ?? []))];
    if (verbose || (rules.length <= 3 && fields.length <= 1)) {
      for (const skip of rules) messages.line(`hunt: rule skipped: ${skip.file}${skip.title ? ` (${skip.title})` : ''}: ${skip.reason}`);
    } else {
      const named = fields.length > 0 ? ` (FIELD: ${fields.slice(0, 8).join(', ')}${fields.length > 8 ? ', ...' : ''})` : '';
      messages.line(`hunt: ${rules.length} rules skipped: ${kind}${named} (--verbose lists them)`);
    }
  }
}

/** The terminal's width; $COLUMNS when output is piped; else the fallback. */
function terminalWidth(fallback: number): number {
  return process.stdout.columns ?? (Number(process.env['COLUMNS']) || fallback);
}

/** Progress on stderr for long runs, only where a person watches it. */
function progressReporter(
  messages: Messages,
  total: number,
): ((file: string, index: number, done: number, size: number) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  let last = 0;
  return (file, index, done, size) => {
    const now = Date.now();
    if (now - last < 200 && done < size) return;
    last = now;
    const percent = size > 0 ? Math.floor((done / size) * 100) : 100;
    const name = terminalSafe(relative(process.cwd(), file) || file).slice(-60);
    messages.write(`\r\u001b[K[${index + 1}/${total}] ${name} ${percent}%`);
  };
}

function clearProgress(messages: MessageWriter): void {
  if (process.stderr.isTTY) messages.write('\r\u001b[K');
}

/** On a terminal, each row of the table shows as soon as it is written, on a line of its own, not after the progress. */
function rowByRow(messages: MessageWriter, sink: TextSink, out: Output): TextSink {
  return {
    write: (text) => {
      clearProgress(messages);
      sink.write(text);
      out.writer.flush();
    },
  };
}

interface HuntArguments {
  /** -r paths; undefined when none was given. */
  rules: string[] | undefined;
  /** --pack names, `all` expanded. */
  packs: string[];
  recover: boolean;
  format: OutputFormat;
  output: string | undefined;
  force: boolean;
  minLevel: RuleLevel;
  verbose: boolean;
  quiet: boolean;
  full: boolean;
  /** Whether parsed rule files are read from and kept in the rule cache. */
  ruleCache: boolean;
  /** Names the build in the rule cache (buildIdentity). */
  build: string;
  threads: number;
  eventFilter: EventFilterSpec | undefined;
  /** The filter options as given, for the summary's line about them. */
  eventFilterText: string;
  exclusions: RuleExclusions | undefined;
}

/** The filter options as given: `--from 7d --event-id 4688`. */
function describeFilterOptions(options: EventFilterOptions): string {
  const parts: string[] = [];
  if (options.from !== undefined) parts.push(`--from ${options.from}`);
  if (options.to !== undefined) parts.push(`--to ${options.to}`);
  if (options.eventIds !== undefined) parts.push(`--event-id ${options.eventIds.join(',')}`);
  if (options.excludedEventIds !== undefined) parts.push(`--exclude-event-id ${options.excludedEventIds.join(',')}`);
  if (options.computers !== undefined) parts.push(`--computer ${options.computers.join(',')}`);
  return parts.join(' ');
}

/** The line that says what the event filter left out, and when it left nothing for the rules. */
function filterLine(summary: HuntSummary, filterText: string): string {
  const { records, eventsFilteredOut, eventsChecked } = summary;
  if (records > 0 && eventsFilteredOut >= records) {
    return `Filters (${filterText}) left out every one of the ${records} records: no event was checked`;
  }
  return (
    `Filters (${filterText}) left out ${eventsFilteredOut} of ${records} records` +
    (eventsChecked === 0 && records > 0 ? ': no rule looked at the others' : '')
  );
}

async function hunt(
  messages: MessageWriter,
  paths: string[],
  {
    rules: rulePathsGiven,
    packs,
    recover,
    format,
    output,
    force,
    minLevel,
    verbose,
    quiet,
    full,
    ruleCache,
    build,
    threads,
    eventFilter,
    eventFilterText,
    exclusions,
  }: HuntArguments,
): Promise<number> {
  const {
    createHitWriter,
    DetectionTally,
    excludeRules,
    formatSummary,
    hitCountLine,
    ruleCountLines,
    loadRuleFiles,
    RULE_FILE_EXTENSIONS,
    RuleCache,
    ruleCacheDirectory,
    RuleSet,
    selectRules,
  } = await import('./engine.js');
  const { HuntThreads, threadsFor } = await import('../hunt/parallel.js');
  // What is worth saying but not an error: --quiet drops it.
  const notes: Messages = quiet ? QUIET : messages;
  // The bundled seed rules unless rules or packs are named.
  const rulePaths = [...packFolders(PACKS_ROOT, packs), ...(rulePathsGiven ?? (packs.length === 0 ? [BUNDLED_RULES] : []))];
  const ruleFiles = collectFiles(rulePaths, RULE_FILE_EXTENSIONS);
  for (const warning of groupWarnings(ruleFiles.warnings, verbose)) notes.line(`hunt: rules: ${warning}`);
  const directory = ruleCache ? ruleCacheDirectory(process.env) : undefined;
  const logs = collectLogs(paths);
  // One thread hunts too through HuntThreads: it hunts range by range, so a signal is heard between ranges.
  const workers = new HuntThreads(threadsFor(threads, logs.files), {
    ruleFiles: ruleFiles.files,
    minLevel,
    exclusions,
    eventFilter,
    ...(directory === undefined ? {} : { ruleCache: { directory, huntVersion: build } }),
  });
  workers.start(logs.files, recover);
  try {
    return await huntWith(workers);
  } finally {
    workers.close();
  }

  async function huntWith(workers: InstanceType<typeof HuntThreads>): Promise<number> {
    const cache = directory === undefined ? undefined : new RuleCache({ directory, huntVersion: build, ruleFiles: ruleFiles.files });
    const loaded = loadRuleFiles(ruleFiles.files, cache);
    cache?.save();
    for (const error of loaded.errors) notes.line(`hunt: rule file error: ${error.message}`);
    const kept = excludeRules(loaded, exclusions);
    for (const entry of kept.unmatched) notes.line(`hunt: excluded rule ${entry}: no loaded rule has this id or is in this file or folder`);
    if (kept.excluded > 0) notes.line(`hunt: ${kept.excluded} rule(s) excluded (--exclude-status, --exclude-rule, --exclude-rules-file)`);
    const selection = selectRules(kept.loaded, minLevel);
    reportSkipped(notes, selection.skipped, verbose);
    if (selection.outcome !== 'selected') {
      messages.line(
        selection.outcome === 'none-at-level'
          ? `hunt: ${selection.runnable} rules loaded, none at level ${selection.minLevel} or above`
          : kept.excluded > 0
            ? `hunt: no rules left from ${rulePaths.join(', ')}: ${kept.excluded} excluded`
            : `hunt: no rules loaded from ${rulePaths.join(', ')}`,
      );
      return EXIT_UNREADABLE_OR_USAGE;
    }
    for (const warning of groupWarnings(logs.warnings, verbose)) notes.line(`hunt: ${warning}`);
    if (logs.files.length === 0) {
      messages.line('hunt: no logs to read (EVTX, or XML or JSON exports)');
      return EXIT_UNREADABLE_OR_USAGE;
    }
    // Refused before anything is opened for writing: an output that is a log or a rule file read.
    const out = openOutput(output, inputIdentities([...logs.files, ...ruleFiles.files]), { overwrite: force });
    const toTerminal = output === undefined && process.stdout.isTTY === true;
    const table = {
      width: tableWidth(toTerminal ? process.stdout.columns : undefined, process.env, 160),
      full,
      colour: colourWanted(toTerminal, process.env),
    };
    const sink = forTerminal(HIT_TEXT[format], output, out);
    const writer = createHitWriter(
      format,
      format === 'table' && toTerminal ? rowByRow(messages, sink, out) : sink,
      table,
      (hit: Hit, error) => reportUnprinted(notes, `hit of "${hit.rule.title}"`, hit.file, hit.recordId, error),
    );
    const interruption = new Interruption();
    const heapGrowth = new HeapGrowthLimit();
    const shown = progressReporter(quiet ? QUIET : messages, logs.files.length);
    let filesDone = 0;
    const callbacks = {
      onProblem: (problem: EvtxProblem) => {
        clearProgress(messages);
        notes.line(describeProblem(problem));
      },
      onUnreadable: (error: EvtxFileError) => {
        clearProgress(messages);
        notes.line(describeUnreadable(error));
      },
      onProgress: (file: string, index: number, done: number, size: number) => {
        if (done >= size) filesDone = Math.max(filesDone, index + 1);
        shown?.(file, index, done, size);
        heapGrowth.check();
      },
      // Asked each time a range of a log is written whole: where a signal ends the run.
      stopRequested: () => interruption.signal !== undefined,
    };
    const ruleSet = new RuleSet(selection.rules, selection.temporal);
    if (ruleSet.temporal.length > 0) heapGrowth.limit();
    // Counts what the writer gets, for the summary's detection facts.
    const detectionTally = new DetectionTally(writer);
    let summary: HuntSummary;
    interruption.listen();
    try {
      summary = await workers.run(logs.files, ruleSet, detectionTally, { recover, eventFilter }, callbacks);
    } finally {
      interruption.stop();
    }
    const signal = interruption.signal;
    if (signal !== undefined) {
      clearProgress(messages);
      writer.end({ summary, detections: detectionTally.summary() });
      out.close();
      const stopped = new InterruptedError(signal);
      messages.line(
        `hunt: ${stopped.message}: ${filesDone} of ${logs.files.length} file(s) hunted whole, ${hitCountLine(summary)} so far` +
          (output === undefined ? '' : `, written to ${output}`),
      );
      if (!quiet) for (const line of ruleCountLines(summary)) messages.line(line);
      return stopped.exitStatus;
    }
    clearProgress(messages);
    summary.rulesSkipped = selection.skipped.length + loaded.errors.length;
    summary.warnings = groupWarnings([...logs.warnings, ...summary.warnings], verbose);
    const detections = detectionTally.summary();
    writer.end({ summary, detections });
    const text = quiet
      ? ''
      : formatSummary(summary, detections, verbose) +
        (eventFilter === undefined ? '' : terminalSafe(filterLine(summary, eventFilterText)) + '\n');
    if (format === 'table' && output === undefined && text !== '') out.writer.write((summary.hits > 0 ? '\n' : '') + text);
    out.close();
    if (format !== 'table' || output !== undefined) messages.write(text);
    return summary.files === 0 ? EXIT_UNREADABLE_OR_USAGE : EXIT_OK;
  }
}

async function dump(
  messages: MessageWriter,
  paths: string[],
  format: DumpFormat,
  output: string | undefined,
  force: boolean,
): Promise<number> {
  const { dumpInterruptibly } = await import('./engine.js');
  const logs = collectLogs(paths);
  for (const warning of logs.warnings) messages.line(`hunt: ${warning}`);
  const out = openOutput(output, inputIdentities(logs.files), { overwrite: force });
  const interruption = new Interruption();
  interruption.listen();
  let result;
  try {
    result = await dumpInterruptibly(
      logs.files,
      format,
      forTerminal(DUMP_TEXT[format], output, out),
      (problem) => messages.line(describeProblem(problem)),
      (record, file, error) => reportUnprinted(messages, 'record', file, record.recordId, error),
      interruption,
    );
  } finally {
    interruption.stop();
  }
  out.close();
  for (const error of result.unreadable) messages.line(describeUnreadable(error));
  if (result.interrupted !== undefined) {
    messages.line(
      `hunt: ${result.interrupted.message}: ${result.records} record(s) written` + (output === undefined ? '' : ` to ${output}`),
    );
    return result.interrupted.exitStatus;
  }
  return logs.files.length === 0 || result.unreadable.length > 0 ? EXIT_UNREADABLE_OR_USAGE : EXIT_OK;
}

const EPILOG = `Exit status:
  0    the run completed (with or without hits)
  2    usage error, no rules could be loaded, no log could be read at all
       (hunt dump: any log that could not be read at all), the output is one
       of the inputs (refused: hunt never writes to its inputs), the output
       exists (without --force) or cannot be written (one line: hunt: cannot
       write FILE: REASON)
  130  interrupted (Ctrl-C or SIGTERM): the output written so far is
       complete and valid, stderr says what was found so far

Problems inside a log (corrupt chunks, bad checksums, truncated records) are reported on
stderr with file, chunk and offset; every readable record is still used.`;

/** Thrown from yargs' fail handler so that no command runs after a usage error. */
class UsageError extends Error {}

/** Edits (insert, delete, replace) between two words: how far a misspelt option is from a real one. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** The options of hunt and hunt dump, for "did you mean". */
const OPTION_NAMES: readonly string[] = [
  'rules',
  'pack',
  'format',
  'output',
  'force',
  'recover',
  'full',
  'verbose',
  'quiet',
  'cache',
  'no-cache',
  'min-level',
  'threads',
  'from',
  'to',
  'event-id',
  'exclude-event-id',
  'computer',
  'exclude-status',
  'exclude-rule',
  'exclude-rules-file',
  'help',
  'version',
];

/** "Unknown argument: formt" with the nearest option named, when one is near. */
function withSuggestions(message: string): string {
  const unknown = /^Unknown arguments?: (.+)$/.exec(message);
  if (unknown === null) return message;
  const hints = unknown[1]!.split(', ').flatMap((word) => {
    const name = word.replace(/^-+/, '');
    let best: string | undefined;
    let distance = Math.max(2, Math.floor(name.length / 3)) + 1;
    for (const option of OPTION_NAMES) {
      const d = editDistance(name.toLowerCase(), option);
      if (d < distance) [best, distance] = [option, d];
    }
    return best === undefined ? [] : [`Did you mean --${best} (for ${word})?`];
  });
  return [message, ...hints].join('\n');
}

/** A repeatable option's values as a list (yargs gives one value alone as a string). */
const asList = (value: string | string[]): string[] => (Array.isArray(value) ? value : [value]);

export async function main(argv: string[]): Promise<number> {
  // Writes to stdout, stderr and files are synchronous, so messages and hits keep their order. A
  // closed stderr drops the messages; the run goes on.
  const messages = new MessageWriter();
  const version = readHuntVersion();
  let status = EXIT_OK;
  const parser = yargs(argv)
    .scriptName('hunt')
    .usage(
      "$0 [PATH..]\n\nFinds suspicious activity in Windows event logs (Sysmon, Security, System,\nPowerShell, Defender and the other channels Sigma reads) with Sigma and Elastic\nEQL rules, offline, and shows each hit's evidence: the process started, or\nwhat else the event says (the logon, the registry change, the cleared log, ...).",
    )
    .command(
      '$0 [paths..]',
      'Hunt: run the rules over EVTX files, XML or JSON exports, or folders (recursive)',
      (y) =>
        y
          .positional('paths', { type: 'string', array: true, describe: 'EVTX files, XML or JSON exports, or folders', default: undefined })
          // Not `array: true`: that would swallow the log paths after `-r DIR`; repeating -r gives the list.
          .option('rules', {
            alias: 'r',
            type: 'string',
            describe: 'Rule files or folders: Sigma .yml, Elastic .toml (repeat -r for more)',
            defaultDescription: 'the bundled rules/, unless --pack',
            coerce: asList,
          })
          .option('pack', {
            type: 'string',
            describe: `Rule packs shipped with hunt: ${PACK_NAMES.join(' | ')} (repeat or combine with -r)`,
            coerce: (value: string | string[]): string[] => packNames(asList(value)),
          })
          .option('format', {
            alias: 'f',
            choices: OUTPUT_FORMATS,
            default: 'table' as OutputFormat,
            describe:
              'table: a timeline to read; jsonl: a JSON object a line; json: one array; csv: for a spreadsheet; timesketch, timesketch-jsonl: for Timesketch; ecs, ecs-bulk: ECS documents for Elasticsearch; html: a report',
          })
          .option('output', { alias: 'o', type: 'string', describe: 'Write hits to FILE instead of stdout (the summary goes to stderr)' })
          .option('force', { type: 'boolean', default: false, describe: 'Overwrite the -o file if it exists' })
          .option('from', {
            type: 'string',
            describe: 'Only events at or after: 2024-03-11, 2024-03-11T10:00:00Z (no zone: UTC), or 7d, 12h, 30m ago',
          })
          .option('to', { type: 'string', describe: 'Only events at or before (a date alone: its end), as --from' })
          .option('event-id', { type: 'string', describe: 'Only these event ids: --event-id 4688,1 (repeatable)', coerce: asList })
          .option('exclude-event-id', { type: 'string', describe: 'Never these event ids: --exclude-event-id 4624,4634', coerce: asList })
          .option('computer', {
            type: 'string',
            describe: 'Only events of these hosts (ignoring case and domain): --computer WKS-07,DC01',
            coerce: asList,
          })
          .option('min-level', {
            choices: RULE_LEVELS,
            default: 'informational' as RuleLevel,
            describe: 'Only run rules of this level or above: --min-level high',
          })
          .option('exclude-status', {
            alias: 'status',
            type: 'string',
            describe: 'Leave out Sigma rules of these statuses: --exclude-status deprecated,unsupported,experimental',
            coerce: asList,
          })
          .option('exclude-rule', { type: 'string', describe: 'Leave out a rule by id, file or folder (repeatable)', coerce: asList })
          .option('exclude-rules-file', {
            type: 'string',
            describe: 'Leave out the rules a file lists: an id or path a line, # comments',
            coerce: asList,
          })
          .option('recover', {
            type: 'boolean',
            default: false,
            describe: 'Also carve deleted or overwritten records from chunk slack (marked "carved")',
          })
          .option('full', {
            type: 'boolean',
            default: false,
            describe: 'Table: whole values, wrapped (a cell is cut after 1,000 characters otherwise)',
          })
          .option('verbose', {
            alias: 'v',
            type: 'boolean',
            default: false,
            describe: 'List every rule not loaded, every warning, and every rule that fired',
          })
          .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'Print only the hits: no summary, no warnings' })
          .option('cache', {
            type: 'boolean',
            default: true,
            describe: 'Keep parsed rule files for the next run ($HUNT_CACHE_DIR, else ~/.cache/hunt); --no-cache parses every rule file',
          })
          .option('threads', {
            type: 'number',
            default: availableParallelism(),
            defaultDescription: 'the number of cores',
            describe: 'Threads hunting at once (a big log is shared between them); output is the same for any number',
            coerce: (value: number): number => {
              if (!Number.isInteger(value) || value < 1) throw new Error(`--threads must be a whole number of at least 1, not ${value}`);
              return value;
            },
          })
          .group(['rules', 'pack', 'min-level', 'exclude-status', 'exclude-rule', 'exclude-rules-file', 'cache'], 'Rules:')
          .group(['from', 'to', 'event-id', 'exclude-event-id', 'computer', 'recover'], 'Events:')
          .group(['format', 'output', 'force', 'full', 'verbose', 'quiet', 'threads'], 'Output:')
          .example('$0 Security.evtx', 'a table, then a summary')
          .example('$0 samples/ --pack all', 'every shipped Windows rule')
          .example('$0 logs/ -f jsonl -o hits.jsonl', 'hits as JSON lines')
          .example('$0 logs/ -f json -o hits.json', 'hits as one JSON array')
          .example('$0 logs/ -f csv -o hits.csv', 'hits for a spreadsheet')
          .example('$0 logs/ -f html -o report.html', 'a report to open in a browser')
          .example('$0 logs/ -f timesketch -o timeline.csv', 'a timeline to import in Timesketch')
          .example('$0 logs/ -f ecs-bulk -o hits.ndjson', 'hits for the Elasticsearch bulk API')
          .example('$0 Sysmon.evtx -r my-rules/', 'your own Sigma or EQL rules')
          .example('$0 logs/ --pack sigma -r extra.yml', 'a pack and a rule of yours')
          .example('$0 logs/ --from 7d --min-level high', 'last 7 days, high or critical')
          .example('$0 logs/ --to 2024-03-11', 'up to the end of 11 March (UTC)')
          .example('$0 logs/ --event-id 4688,1', 'process starts only')
          .example('$0 logs/ --computer WKS-07 -q', 'one host, hits only'),
      async (args) => {
        const paths = args.paths ?? [];
        if (paths.length === 0) {
          messages.line('hunt: name at least one log file or folder (see hunt --help)');
          status = EXIT_UNREADABLE_OR_USAGE;
          return;
        }
        const filterOptions = {
          from: args.from,
          to: args.to,
          eventIds: args['event-id'],
          excludedEventIds: args['exclude-event-id'],
          computers: args.computer,
        };
        const eventFilter = eventFilterSpec(filterOptions, Date.now());
        status = await hunt(messages, paths, {
          rules: args.rules,
          packs: args.pack ?? [],
          recover: args.recover,
          format: args.format,
          output: args.output,
          force: args.force,
          minLevel: args['min-level'],
          verbose: args.verbose,
          quiet: args.quiet,
          full: args.full,
          ruleCache: args.cache,
          build: buildIdentity(version),
          threads: args.threads,
          eventFilter,
          eventFilterText: describeFilterOptions(filterOptions),
          exclusions: ruleExclusions({ statuses: args['exclude-status'], rules: args['exclude-rule'], files: args['exclude-rules-file'] }),
        });
      },
    )
    .command(
      'dump <paths..>',
      'Print every record of EVTX files as JSON lines, JSON, XML or ECS documents',
      (y) =>
        y
          .positional('paths', {
            type: 'string',
            array: true,
            describe: 'EVTX files, XML or JSON exports, or folders (one or more)',
            default: undefined,
          })
          .option('format', {
            alias: 'f',
            choices: DUMP_FORMATS,
            default: 'jsonl' as DumpFormat,
            describe:
              'jsonl: a JSON object a record; json: one array; xml: <Events> as Event Viewer writes them; ecs, ecs-bulk: ECS documents',
          })
          .option('output', { alias: 'o', type: 'string', describe: 'Write to FILE instead of stdout' })
          .option('force', { type: 'boolean', default: false, describe: 'Overwrite the -o file if it exists' })
          .example('$0 dump Security.evtx | head', 'one JSON object per record')
          .example('$0 dump Security.evtx -f xml -o Security.xml', 'the records as XML')
          .example('$0 dump logs/ -f ecs-bulk -o bulk.ndjson', 'ECS documents for the bulk API'),
      async (args) => {
        status = await dump(messages, args.paths ?? [], args.format, args.output, args.force);
      },
    )
    .epilog(EPILOG)
    .strict()
    .fail((message, error) => {
      throw new UsageError(error?.message ?? message);
    })
    .help()
    .alias('h', 'help')
    .version(version)
    // At least 80 columns: narrower, yargs would split examples between an option and its value.
    .wrap(Math.min(100, Math.max(80, terminalWidth(100))));
  try {
    await parser.parseAsync();
  } catch (error) {
    if (error instanceof OutputClosedError) return EXIT_OK;
    if (error instanceof CliError) {
      clearProgress(messages);
      messages.line(`hunt: ${error.message}`);
      return EXIT_UNREADABLE_OR_USAGE;
    }
    if (!(error instanceof UsageError)) throw error;
    // yargs' messages can span lines ("Invalid values:\n  Argument: ..."): each is escaped on its own.
    for (const line of `hunt: ${withSuggestions(error.message)}`.split('\n')) messages.line(line);
    messages.line('See hunt --help.');
    return EXIT_UNREADABLE_OR_USAGE;
  }
  return status;
}

process.exitCode = await main(hideBin(process.argv));
