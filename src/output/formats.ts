import type { Hit, HitSink } from '../hunt/hit.js';
import { hitCommandLine, hitDetailsText, hitImage, hitJson, hitUser } from './hit.js';
import { csvCell } from './sanitize.js';
import { StreamingTable, type TableOptions } from './table.js';

export { TABLE_CELL_MAX, type TableOptions } from './table.js';

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

/** Hits as a table (src/output/table.ts), each row written as its hit arrives; a row that cannot be formatted is reported and left out. */
class TableWriter implements HitWriter {
  private readonly table: StreamingTable;
  constructor(
    private readonly out: TextSink,
    options: TableOptions,
    private readonly onError: HitFormatError,
  ) {
    this.table = new StreamingTable(options);
  }
  write(hit: Hit): void {
    const row = formatted(hit, this.onError, () => this.table.row(hit));
    if (row !== undefined) this.out.write(row);
  }
  end(): void {
    const bottom = this.table.end();
    if (bottom !== '') this.out.write(bottom);
  }
}

/**
 * The writer of `format` (`table` says how the table is drawn; the other formats ignore it). A hit
 * that cannot be formatted goes to `onError` (the default rethrows) and the writer goes on with the
 * next; errors of `out` itself are never caught here.
 */
export function createHitWriter(
  format: OutputFormat,
  out: TextSink,
  table: TableOptions,
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
      return new TableWriter(out, table, onError);
  }
}
