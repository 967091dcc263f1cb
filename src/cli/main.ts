#!/usr/bin/env node
import { readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import type { EvtxFileError, EvtxInteger, EvtxProblem } from '../evtx/index.js';
import type { Hit } from '../hunt/hit.js';
import { OUTPUT_FORMATS, type OutputFormat, type TextSink } from '../output/formats.js';
import { DUMP_FORMATS, type DumpFormat } from '../output/records.js';
import { terminalSafe } from '../output/sanitize.js';
import { colourWanted, tableWidth, terminalSink, type TextKind } from '../output/terminal.js';
import { RULE_LEVELS, type RuleLevel, type SkippedRule } from '../rules/types.js';
import { CliError } from './errors.js';
import { collectFiles, collectLogs } from './files.js';
import { inputIdentities, MessageWriter, openOutput, OutputClosedError, type Output } from './sink.js';

/** Exit statuses, documented in --help and the README. */
const EXIT_OK = 0;
const EXIT_UNREADABLE_OR_USAGE = 2;

const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const BUNDLED_RULES = join(PACKAGE_ROOT, 'rules');

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
function reportUnprinted(messages: MessageWriter, what: string, file: string, recordId: EvtxInteger, error: unknown): void {
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  messages.line(`hunt: ${file}: record ${recordId}: ${what} not printed: ${reason.slice(0, 200)}`);
}

/** stdout on a terminal gets escaped text; files and pipes every value as it is. */
function forTerminal(kind: TextKind, output: string | undefined, out: Output): TextSink {
  return output === undefined && process.stdout.isTTY ? terminalSink(kind, out.writer) : out.writer;
}

const HIT_TEXT: Readonly<Record<OutputFormat, TextKind>> = { table: 'table', jsonl: 'json', json: 'json', csv: 'csv' };
const DUMP_TEXT: Readonly<Record<DumpFormat, TextKind>> = { jsonl: 'json', json: 'json', xml: 'xml' };

function describeProblem(problem: EvtxProblem): string {
  const chunk = problem.chunkIndex === undefined ? '' : ` chunk ${problem.chunkIndex}`;
  return `hunt: ${problem.file}:${chunk} offset 0x${problem.offset.toString(16)}: ${problem.kind}: ${problem.message}`;
}

function describeUnreadable(error: EvtxFileError): string {
  return `hunt: ${error.message} (file not read)`;
}

/**
 * One line per rule not loaded, with its reason; a reason shared by many rules (a rule folder for
 * Linux, say) is said once with the count, and listed rule by rule with --verbose.
 */
function reportSkipped(messages: MessageWriter, skipped: readonly SkippedRule[], verbose: boolean): void {
  const byReason = new Map<string, SkippedRule[]>();
  for (const skip of skipped) {
    const same = byReason.get(skip.reason);
    if (same === undefined) byReason.set(skip.reason, [skip]);
    else same.push(skip);
  }
  for (const [reason, rules] of byReason) {
    if (verbose || rules.length <= 3) {
      for (const skip of rules) messages.line(`hunt: rule skipped: ${skip.file}${skip.title ? ` (${skip.title})` : ''}: ${reason}`);
    } else {
      messages.line(`hunt: ${rules.length} rules skipped: ${reason} (--verbose lists them)`);
    }
  }
}

/** The terminal's width; $COLUMNS when output is piped; else the fallback. */
function terminalWidth(fallback: number): number {
  return process.stdout.columns ?? (Number(process.env['COLUMNS']) || fallback);
}

/** Progress on stderr for long runs, only where a person watches it. */
function progressReporter(
  messages: MessageWriter,
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
  rules: string[];
  recover: boolean;
  format: OutputFormat;
  output: string | undefined;
  minLevel: RuleLevel;
  verbose: boolean;
  full: boolean;
  /** Whether parsed rule files are read from and kept in the rule cache. */
  ruleCache: boolean;
  /** Names the build in the rule cache (buildIdentity). */
  build: string;
  threads: number;
}

async function hunt(
  messages: MessageWriter,
  paths: string[],
  { rules: rulePaths, recover, format, output, minLevel, verbose, full, ruleCache, build, threads }: HuntArguments,
): Promise<number> {
  const {
    createHitWriter,
    formatSummary,
    loadRuleFiles,
    RULE_FILE_EXTENSIONS,
    RuleCache,
    ruleCacheDirectory,
    RuleSet,
    runHunt,
    selectRules,
  } = await import('./engine.js');
  const { HuntThreads, threadsFor } = await import('../hunt/parallel.js');
  const ruleFiles = collectFiles(rulePaths, RULE_FILE_EXTENSIONS);
  for (const warning of ruleFiles.warnings) messages.line(`hunt: rules: ${warning}`);
  const directory = ruleCache ? ruleCacheDirectory(process.env) : undefined;
  const logs = collectLogs(paths);
  const threadCount = threadsFor(threads, logs.files);
  // Started before this thread loads its rules, so that the workers load theirs meanwhile (from the
  // cache this thread saves, when they can).
  const workers =
    threadCount > 1
      ? new HuntThreads(threadCount, {
          ruleFiles: ruleFiles.files,
          minLevel,
          ...(directory === undefined ? {} : { ruleCache: { directory, huntVersion: build } }),
        })
      : undefined;
  try {
    return await huntWith(workers);
  } finally {
    workers?.close();
  }

  async function huntWith(workers: InstanceType<typeof HuntThreads> | undefined): Promise<number> {
    const cache = directory === undefined ? undefined : new RuleCache({ directory, huntVersion: build, ruleFiles: ruleFiles.files });
    const loaded = loadRuleFiles(ruleFiles.files, cache);
    cache?.save();
    for (const error of loaded.errors) messages.line(`hunt: rule file error: ${error.message}`);
    const selection = selectRules(loaded, minLevel);
    reportSkipped(messages, selection.skipped, verbose);
    if (selection.outcome !== 'selected') {
      messages.line(
        selection.outcome === 'no-rules'
          ? `hunt: no rules loaded from ${rulePaths.join(', ')}`
          : `hunt: ${selection.runnable} rules loaded, none at level ${selection.minLevel} or above`,
      );
      return EXIT_UNREADABLE_OR_USAGE;
    }
    for (const warning of logs.warnings) messages.line(`hunt: ${warning}`);
    if (logs.files.length === 0) {
      messages.line('hunt: no EVTX files to read');
      return EXIT_UNREADABLE_OR_USAGE;
    }
    // Refused before anything is opened for writing: an output that is a log or a rule file read.
    const out = openOutput(output, inputIdentities([...logs.files, ...ruleFiles.files]));
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
      (hit: Hit, error) => reportUnprinted(messages, `hit of "${hit.rule.title}"`, hit.file, hit.recordId, error),
    );
    const callbacks = {
      onProblem: (problem: EvtxProblem) => {
        clearProgress(messages);
        messages.line(describeProblem(problem));
      },
      onUnreadable: (error: EvtxFileError) => {
        clearProgress(messages);
        messages.line(describeUnreadable(error));
      },
      onProgress: progressReporter(messages, logs.files.length),
    };
    const ruleSet = new RuleSet(selection.rules);
    const summary =
      workers === undefined
        ? runHunt(logs.files, ruleSet, writer, { recover }, callbacks)
        : await workers.run(logs.files, ruleSet, writer, { recover }, callbacks);
    clearProgress(messages);
    writer.end();
    summary.rulesSkipped = selection.skipped.length + loaded.errors.length;
    summary.warnings.unshift(...logs.warnings);
    const text = formatSummary(summary);
    if (format === 'table' && output === undefined) out.writer.write((summary.hits > 0 ? '\n' : '') + text);
    out.close();
    if (format !== 'table' || output !== undefined) messages.write(text);
    return summary.files === 0 ? EXIT_UNREADABLE_OR_USAGE : EXIT_OK;
  }
}

async function dump(messages: MessageWriter, paths: string[], format: DumpFormat, output: string | undefined): Promise<number> {
  const { runDump } = await import('./engine.js');
  const logs = collectLogs(paths);
  for (const warning of logs.warnings) messages.line(`hunt: ${warning}`);
  const out = openOutput(output, inputIdentities(logs.files));
  const result = runDump(
    logs.files,
    format,
    forTerminal(DUMP_TEXT[format], output, out),
    (problem) => messages.line(describeProblem(problem)),
    (record, file, error) => reportUnprinted(messages, 'record', file, record.recordId, error),
  );
  out.close();
  for (const error of result.unreadable) messages.line(describeUnreadable(error));
  return logs.files.length === 0 || result.unreadable.length > 0 ? EXIT_UNREADABLE_OR_USAGE : EXIT_OK;
}

const EPILOG = `Exit status:
  0  the run completed (with or without hits)
  2  usage error, no rules could be loaded, no log could be read at all
     (hunt dump: any log that could not be read at all), the output is one
     of the inputs (refused: hunt never writes to its inputs), or the output
     cannot be written (one line: hunt: cannot write FILE: REASON)

Problems inside a log (corrupt chunks, bad checksums, truncated records) are reported on
stderr with file, chunk and offset; every readable record is still used.`;

/** Thrown from yargs' fail handler so that no command runs after a usage error. */
class UsageError extends Error {}

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
      'Hunt: run the rules over EVTX files or folders (recursive)',
      (y) =>
        y
          .positional('paths', { type: 'string', array: true, describe: 'EVTX files or folders', default: [] as string[] })
          // Not `array: true`: that would swallow the log paths after `-r DIR`; repeating -r gives the list.
          .option('rules', {
            alias: 'r',
            type: 'string',
            describe: 'Rule files or folders: Sigma .yml, Elastic .toml (repeat -r for more)',
            default: BUNDLED_RULES,
            defaultDescription: 'the bundled rules/',
            coerce: (value: string | string[]): string[] => (Array.isArray(value) ? value : [value]),
          })
          .option('format', { alias: 'f', choices: OUTPUT_FORMATS, default: 'table' as OutputFormat, describe: 'How hits are printed' })
          .option('output', { alias: 'o', type: 'string', describe: 'Write hits to FILE instead of stdout' })
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
          .option('verbose', { alias: 'v', type: 'boolean', default: false, describe: 'List every rule not loaded, with its reason' })
          .option('cache', {
            type: 'boolean',
            default: true,
            describe: 'Keep parsed rule files for the next run ($HUNT_CACHE_DIR, else ~/.cache/hunt); --no-cache parses every rule file',
          })
          .option('min-level', {
            choices: RULE_LEVELS,
            default: 'informational' as RuleLevel,
            describe: 'Only run rules of this level or above',
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
          .example('$0 Security.evtx', 'hits as a table, then a summary')
          .example('$0 logs/ --format jsonl -o hits.jsonl', 'every EVTX under logs/, hits as JSON lines')
          .example('$0 Sysmon.evtx -r sigma/rules/windows/process_creation -r my.toml', 'your own Sigma and Elastic rules'),
      async (args) => {
        if (args.paths.length === 0) {
          messages.line('hunt: name at least one EVTX file or folder (see hunt --help)');
          status = EXIT_UNREADABLE_OR_USAGE;
          return;
        }
        status = await hunt(messages, args.paths, {
          rules: args.rules,
          recover: args.recover,
          format: args.format,
          output: args.output,
          minLevel: args['min-level'],
          verbose: args.verbose,
          full: args.full,
          ruleCache: args.cache,
          build: buildIdentity(version),
          threads: args.threads,
        });
      },
    )
    .command(
      'dump <paths..>',
      'Print every record of EVTX files as JSON lines, JSON or XML',
      (y) =>
        y
          .positional('paths', { type: 'string', array: true, demandOption: true })
          .option('format', { alias: 'f', choices: DUMP_FORMATS, default: 'jsonl' as DumpFormat })
          .option('output', { alias: 'o', type: 'string', describe: 'Write to FILE instead of stdout' })
          .example('$0 dump Security.evtx | head', 'one JSON object per record'),
      async (args) => {
        status = await dump(messages, args.paths, args.format, args.output);
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
    .wrap(Math.min(100, terminalWidth(100)));
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
    for (const line of `hunt: ${error.message}`.split('\n')) messages.line(line);
    messages.line('See hunt --help.');
    return EXIT_UNREADABLE_OR_USAGE;
  }
  return status;
}

process.exitCode = await main(hideBin(process.argv));
