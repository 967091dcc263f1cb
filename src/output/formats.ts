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

/**
 * A writer that prints `start` first, then each hit's text (`row`) as it comes, then `end`'s text:
 * every format but JSON's array is one. A hit whose text cannot be made is reported and left out.
 */
class RowWriter implements HitWriter {
  constructor(
    private readonly out: TextSink,
    private readonly onError: HitFormatError,
    private readonly row: (hit: Hit) => string,
    start = '',
    private readonly finish: (report?: RunReport) => string = () => '',
  ) {
    if (start !== '') out.write(start);
  }
  write(hit: Hit): void {
    const text = formatted(hit, this.onError, () => this.row(hit));
    if (text !== undefined) this.out.write(text);
  }
  end(report?: RunReport): void {
    const text = this.finish(report);
    if (text !== '') this.out.write(text);
  }
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

/** One CSV row of a hit, in CSV_COLUMNS' order. */
function csvRow(hit: Hit): string {
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
}

/** Timesketch's CSV row: its required message, datetime and timestamp_desc, then Hayabusa's timesketch-verbose fields. */
function timesketchCsvRow(hit: Hit): string {
  const row = timesketchRow(hit);
  return (
    TIMESKETCH_COLUMNS.map((column) => {
      const value = row[column];
      return csvCell(Array.isArray(value) ? value.join(', ') : typeof value === 'boolean' ? String(value) : value);
    }).join(',') + '\r\n'
  );
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
  const csvHeader = (columns: readonly string[]): string => columns.join(',') + '\r\n';
  switch (format) {
    case 'jsonl':
      return new RowWriter(out, onError, (hit) => hitJson(hit) + '\n');
    case 'json':
      return new JsonWriter(out, onError);
    case 'csv':
      return new RowWriter(out, onError, csvRow, csvHeader(CSV_COLUMNS));
    case 'table': {
      const drawn = new StreamingTable(table);
      return new RowWriter(
        out,
        onError,
        (hit) => drawn.row(hit),
        '',
        () => drawn.end(),
      );
    }
    case 'timesketch':
      return new RowWriter(out, onError, timesketchCsvRow, csvHeader(TIMESKETCH_COLUMNS));
    case 'timesketch-jsonl':
      // Timesketch's JSON lines: the same fields, lists as arrays.
      return new RowWriter(out, onError, (hit) => JSON.stringify(timesketchRow(hit)) + '\n');
    case 'ecs':
    case 'ecs-bulk': {
      // Owned by the writer: bounded, and gone with it.
      const documents = new EcsDocuments(new LogSourceTable());
      const action = format === 'ecs-bulk' ? BULK_ACTION : '';
      return new RowWriter(out, onError, (hit) => action + JSON.stringify(documents.hit(hit)) + '\n');
    }
    case 'html': {
      const report = new HtmlReport();
      return new RowWriter(
        out,
        onError,
        (hit) => report.row(hit),
        report.start(),
        (summary) => report.end(summary),
      );
    }
  }
}
