import Table from 'cli-table3';
import type { Hit, HitSink } from '../hunt/hit.js';
import { hitCommandLine, hitImage, hitJson, hitUser } from './hit.js';
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
/** Compact rows: no rule between rows, so a screen holds more hits. */
const COMPACT_ROWS: Readonly<Record<string, string>> = { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' };

/**
 * Hits as a timeline table sized to the terminal, printed once all are in. Whatever a log holds,
 * each cell is escaped and cut to TABLE_CELL_MAX characters before cli-table3 sees it, and a row
 * that cannot be formatted is reported and left out: the other rows are printed.
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
    const rows: Array<{ hit: Hit; cells: string[] }> = [];
    const byTime = this.hits.sort((a, b) => (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0));
    for (const hit of byTime) {
      const cells = formatted(hit, this.onError, () => tableCells(hit));
      if (cells !== undefined) rows.push({ hit, cells });
    }
    if (rows.length === 0) return;
    // Fixed widths for the short columns; rule, image, command line and user share the rest.
    const time = 19,
      host = 15,
      level = 8,
      record = 16;
    const borders = TABLE_HEAD.length * 3 + 1;
    const flexible = Math.max(48, this.width - time - host - level - record - borders);
    const rule = Math.floor(flexible * 0.2),
      image = Math.floor(flexible * 0.22),
      user = Math.floor(flexible * 0.13);
    const command = flexible - rule - image - user;
    const colWidths = [time, host, rule, level, image, command, user, record].map((w) => w + 2);
    const render = (head: readonly string[], cells: readonly string[][]): string => {
      const table = new Table({
        head: [...head],
        colWidths,
        wordWrap: true,
        wrapOnWordBoundary: false,
        chars: COMPACT_ROWS,
        style: { head: [], border: [] },
      });
      table.push(...cells);
      return table.toString() + '\n';
    };
    let text: string;
    try {
      text = render(
        TABLE_HEAD,
        rows.map((row) => row.cells),
      );
    } catch {
      // One row breaks the table: print each row as its own table, leaving out the ones that fail.
      text = '';
      for (const { hit, cells } of rows) {
        const piece = formatted(hit, this.onError, () => render(text === '' ? TABLE_HEAD : [], [cells]));
        if (piece !== undefined) text += piece;
      }
    }
    this.out.write(text);
  }
}

/** The cells of one hit's row: escaped for the terminal, then cut for reading. */
function tableCells(hit: Hit): string[] {
  return [
    hit.timestamp.replace('T', ' ').replace(/\.\d+Z$|Z$/, ''),
    (hit.computer ?? '').split('.')[0]!,
    hit.rule.title,
    hit.rule.level,
    hitImage(hit),
    hitCommandLine(hit),
    hitUser(hit),
    `${shortChannel(hit.channel)} #${hit.recordId}${hit.recovered ? ' (carved)' : ''}`,
  ].map((cell) => cutCell(terminalSafe(cell), TABLE_CELL_MAX));
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
