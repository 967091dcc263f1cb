import { LogSourceTable } from '../events/logsource.js';
import type { Hit, HitSink } from '../hunt/hit.js';
import { BULK_ACTION, EcsDocuments } from './ecs.js';
import { alsoInText, hitCommandLine, hitDetailsText, hitEventsText, hitImage, hitJson, hitUser } from './hit.js';
import { HtmlReport, type HtmlReportSummary } from './html.js';
import { csvCell } from './sanitize.js';
import { StreamingTable, type TableOptions } from './table.js';
import { TIMESKETCH_COLUMNS, timesketchRow } from './timesketch.js';

export { TABLE_CELL_MAX, type TableOptions } from './table.js';

import type { OutputFormat, TextSink } from './formatNames.js';

export { OUTPUT_FORMATS, type OutputFormat, type TextSink } from './formatNames.js';

/** What the run found besides the hits, for the formats that show it at their end (html). */
export type RunReport = HtmlReportSummary;

export interface HitWriter extends HitSink {
  /** Called once after the last hit, with the run's summary when there is one (the HTML report shows it). */
  end(report?: RunReport): void;
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
  'also_in',
  'events',
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
        alsoInText(hit),
        hitEventsText(hit),
      ];
      return cells.map(csvCell).join(',') + '\r\n';
    });
    if (line !== undefined) this.out.write(line);
  }
  end(): void {}
}

/** Timesketch's CSV: its required message, datetime and timestamp_desc, then Hayabusa's timesketch-verbose fields. */
class TimesketchCsvWriter implements HitWriter {
  constructor(
    private readonly out: TextSink,
    private readonly onError: HitFormatError,
  ) {
    out.write(TIMESKETCH_COLUMNS.join(',') + '\r\n');
  }
  write(hit: Hit): void {
    const line = formatted(hit, this.onError, () => {
      const row = timesketchRow(hit);
      return TIMESKETCH_COLUMNS.map((column) => {
        const value = row[column];
        return csvCell(Array.isArray(value) ? value.join(', ') : typeof value === 'boolean' ? String(value) : value);
      }).join(',');
    });
    if (line !== undefined) this.out.write(line + '\r\n');
  }
  end(): void {}
}

/** Timesketch's JSON lines: the same fields, lists as arrays. */
class TimesketchJsonlWriter implements HitWriter {
  constructor(
    private readonly out: TextSink,
    private readonly onError: HitFormatError,
  ) {}
  write(hit: Hit): void {
    const line = formatted(hit, this.onError, () => JSON.stringify(timesketchRow(hit)) + '\n');
    if (line !== undefined) this.out.write(line);
  }
  end(): void {}
}

/** Each hit as an ECS document (src/output/ecs.ts), one a line; with `bulk`, each after the bulk API's action line. */
class EcsWriter implements HitWriter {
  /** Owned by the writer: bounded, and gone with it. */
  private readonly documents = new EcsDocuments(new LogSourceTable());
  constructor(
    private readonly out: TextSink,
    private readonly bulk: boolean,
    private readonly onError: HitFormatError,
  ) {}
  write(hit: Hit): void {
    const line = formatted(hit, this.onError, () => JSON.stringify(this.documents.hit(hit)) + '\n');
    if (line !== undefined) this.out.write(this.bulk ? BULK_ACTION + line : line);
  }
  end(): void {}
}

/** The HTML report (src/output/html.ts), written as the hits come and closed by end(). */
class HtmlWriter implements HitWriter {
  private readonly report = new HtmlReport();
  constructor(
    private readonly out: TextSink,
    private readonly onError: HitFormatError,
  ) {
    out.write(this.report.start());
  }
  write(hit: Hit): void {
    const row = formatted(hit, this.onError, () => this.report.row(hit));
    if (row !== undefined) this.out.write(row);
  }
  end(report?: RunReport): void {
    this.out.write(this.report.end(report));
  }
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
    case 'timesketch':
      return new TimesketchCsvWriter(out, onError);
    case 'timesketch-jsonl':
      return new TimesketchJsonlWriter(out, onError);
    case 'ecs':
    case 'ecs-bulk':
      return new EcsWriter(out, format === 'ecs-bulk', onError);
    case 'html':
      return new HtmlWriter(out, onError);
  }
}
