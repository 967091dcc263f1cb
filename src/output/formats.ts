import Table from 'cli-table3';
import type { Hit, HitSink } from '../hunt/hit.js';
import { hitCommandLine, hitDetailsText, hitImage, hitJson, hitUser } from './hit.js';
import { csvCell, cutCell, terminalSafe } from './sanitize.js';

export type OutputFormat = 'table' | 'jsonl' | 'json' | 'csv';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'jsonl', 'json', 'csv'];

/** Where a format sends its text; the CLI decides (stdout or -o FILE). */
export interface TextSink {
  write(text: string): void;
}

export interface HitWriter extends HitSink {
  /** Called once after the last hit. */
  end(): void;
}

/** A hit that could not be formatted: reported, and the other hits are still written. */
export type HitFormatError = (hit: Hit, error: unknown) => void;

/** The formatted text of one hit, or undefined (reported) when formatting it failed. */
function formatted<T>(hit: Hit, onError: HitFormatError, format: () => T): T | undefined {
  try {
    return format();
  } catch (error) {
    onError(hit, error);
    return undefined;
  }
}

/** Characters of a table cell beyond which it is cut: the table is for reading, JSONL and CSV keep it all. */
export const TABLE_CELL_MAX = 1000;

class JsonlWriter implements HitWriter {
  constructor(
    private readonly out: TextSink,
    private readonly onError: HitFormatError,
  ) {}
  write(hit: Hit): void {
    const text = formatted(hit, this.onError, () => hitJson(hit) + '\n');
    if (text !== undefined) this.out.write(text);
  }
  end(): void {}
}

class JsonWriter implements HitWriter {
  private first = true;
  constructor(
    private readonly out: TextSink,
    private readonly onError: HitFormatError,
  ) {}
  write(hit: Hit): void {
    const json = formatted(hit, this.onError, () => hitJson(hit));
    if (json === undefined) return;
    this.out.write((this.first ? '[\n' : ',\n') + json);
    this.first = false;
  }
  end(): void {
    this.out.write(this.first ? '[]\n' : '\n]\n');
  }
}

const CSV_COLUMNS = [
  'timestamp',
  'computer',
  'rule_title',
  'rule_level',
  'rule_source',
  'rule_id',
  'image',
  'original_file_name',
  'command_line',
  'parent_image',
  'user',
  'details',
  'pid',
  'event_id',
  'channel',
  'record_id',
  'recovered',
  'file',
] as const;

class CsvWriter implements HitWriter {
  constructor(
    private readonly out: TextSink,
    private readonly onError: HitFormatError,
  ) {
    out.write(CSV_COLUMNS.join(',') + '\r\n');
  }
  write(hit: Hit): void {
    const line = formatted(hit, this.onError, () => {
      const cells = [
        hit.timestamp,
        hit.computer,
        hit.rule.title,
        hit.rule.level,
        hit.rule.source,
        hit.rule.id,
        hitImage(hit),
        hit.process?.originalFileName,
        hitCommandLine(hit),
        hit.process?.parentImage,
        hitUser(hit),
        hitDetailsText(hit),
        hit.process?.pid,
        hit.eventId,
        hit.channel,
        hit.recordId,
        String(hit.recovered),
        hit.file,
      ];
      return cells.map(csvCell).join(',') + '\r\n';
    });
    if (line !== undefined) this.out.write(line);
  }
  end(): void {}
}

const TABLE_HEAD: readonly string[] = ['Time (UTC)', 'Host', 'Rule', 'Level', 'Image', 'Command line', 'User', 'Log #Record'];
/** With no process start among the hits, the evidence has the image, command line and user columns to itself. */
const DETAILS_HEAD: readonly string[] = ['Time (UTC)', 'Host', 'Rule', 'Level', 'Details', 'Log #Record'];
/** The columns a hit that is not a process start shows its details across. */
const PROCESS_COLUMNS = 3;
/** Below this width the time takes two lines (date, then time of day) and the host column narrows. */
const NARROW_TABLE = 140;

/** One hit's row: the process start's columns, or its details across them. */
interface TableRow {
  readonly hit: Hit;
  /** Time, host, rule, level (escaped, cut). */
  readonly lead: readonly string[];
  /** Image, command line, user; or, for any other event, its details. */
  readonly evidence: { readonly process: readonly string[] } | { readonly details: string };
  readonly record: string;
}

/**
 * Hits as a timeline table sized to the terminal, printed once all are in. Process starts show
 * their image, command line and user; any other hit its details (src/events/details.ts) in their
 * place. Whatever a log holds, each cell is escaped and cut to TABLE_CELL_MAX characters before
 * cli-table3 sees it, and a row that cannot be formatted is reported and left out: the other rows
 * are printed.
 */
class TableWriter implements HitWriter {
  private readonly hits: Hit[] = [];
  constructor(
    private readonly out: TextSink,
    private readonly width: number,
    private readonly onError: HitFormatError,
  ) {}

  write(hit: Hit): void {
    this.hits.push(hit);
  }

  end(): void {
    if (this.hits.length === 0) return;
    const narrow = this.width < NARROW_TABLE;
    const rows: TableRow[] = [];
    const byTime = this.hits.sort((a, b) => (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0));
    for (const hit of byTime) {
      const row = formatted(hit, this.onError, () => tableRow(hit, narrow));
      if (row !== undefined) rows.push(row);
    }
    if (rows.length === 0) return;
    // Fixed widths for the short columns; rule, image, command line and user share the rest.
    const time = narrow ? 10 : 19,
      host = narrow ? 12 : 15,
      level = 8,
      record = 16;
    const borders = TABLE_HEAD.length * 3 + 1;
    const flexible = Math.max(40, this.width - time - host - level - record - borders);
    const detailsOnly = rows.every((row) => 'details' in row.evidence);
    // Without process columns to share it with, the rule's title gets more of the room.
    const rule = Math.floor(flexible * (detailsOnly ? 0.28 : 0.2)),
      image = Math.floor(flexible * 0.22),
      user = Math.floor(flexible * 0.13);
    const command = flexible - rule - image - user;
    // A details column as wide as the three it replaces, with their padding and the borders between them.
    const details = image + command + user + (PROCESS_COLUMNS - 1) * 3;
    const head = detailsOnly ? DETAILS_HEAD : TABLE_HEAD;
    const colWidths = (
      detailsOnly ? [time, host, rule, level, details, record] : [time, host, rule, level, image, command, user, record]
    ).map((w) => w + 2);
    const cellsOf = ({ lead, evidence, record: log }: TableRow): Table.Cell[] => {
      if ('process' in evidence) return [...lead, ...evidence.process, log];
      return [...lead, detailsOnly ? evidence.details : { content: evidence.details, colSpan: PROCESS_COLUMNS }, log];
    };
    const render = (withHead: boolean, cells: readonly Table.Cell[][]): string => {
      const table = new Table({
        head: withHead ? [...head] : [],
        colWidths,
        wordWrap: true,
        wrapOnWordBoundary: false,
        // No rule between rows, so a screen holds more hits; one under the head.
        style: { head: [], border: [], compact: true },
      });
      table.push(...cells);
      return table.toString() + '\n';
    };
    let text: string;
    try {
      text = render(true, rows.map(cellsOf));
    } catch {
      // One row breaks the table: print each row as its own table, leaving out the ones that fail.
      text = '';
      for (const row of rows) {
        const piece = formatted(row.hit, this.onError, () => render(text === '', [cellsOf(row)]));
        if (piece !== undefined) text += piece;
      }
    }
    this.out.write(text);
  }
}

/** For the terminal: escaped, then cut for reading. */
const tableCell = (text: string): string => cutCell(terminalSafe(text), TABLE_CELL_MAX);

/** The cells of one hit's row; a details cell has one `Label: value` a line. */
function tableRow(hit: Hit, narrow: boolean): TableRow {
  const time = hit.timestamp.replace(/\.\d+Z$|Z$/, '');
  return {
    hit,
    lead: [
      narrow ? time.split('T').map(tableCell).join('\n') : tableCell(time.replace('T', ' ')),
      ...[(hit.computer ?? '').split('.')[0]!, hit.rule.title, hit.rule.level].map(tableCell),
    ],
    evidence:
      hit.process !== undefined
        ? { process: [hitImage(hit), hitCommandLine(hit), hitUser(hit)].map(tableCell) }
        : {
            details: cutCell(
              hit.details.map(([label, value]) => `${terminalSafe(label)}: ${terminalSafe(value)}`).join('\n'),
              TABLE_CELL_MAX,
            ),
          },
    record: tableCell(`${shortChannel(hit.channel)} #${hit.recordId}${hit.recovered ? ' (carved)' : ''}`),
  };
}

/** `Microsoft-Windows-Sysmon/Operational` -> `Sysmon`. */
function shortChannel(channel: string): string {
  return channel.replace(/^Microsoft-Windows-/, '').replace(/\/Operational$/, '');
}

/**
 * The writer of `format`. A hit that cannot be formatted goes to `onError` (the default rethrows)
 * and the writer goes on with the next; errors of `out` itself are never caught here.
 */
export function createHitWriter(
  format: OutputFormat,
  out: TextSink,
  terminalWidth: number,
  onError: HitFormatError = (_hit, error) => {
    throw error;
  },
): HitWriter {
  switch (format) {
    case 'jsonl':
      return new JsonlWriter(out, onError);
    case 'json':
      return new JsonWriter(out, onError);
    case 'csv':
      return new CsvWriter(out, onError);
    case 'table':
      return new TableWriter(out, terminalWidth, onError);
  }
}
