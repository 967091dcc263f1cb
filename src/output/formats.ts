import Table from 'cli-table3';
import type { Hit, HitSink } from '../hunt/hit.js';
import { hitCommandLine, hitImage, hitJson, hitUser } from './hit.js';
import { csvCell, terminalSafe } from './sanitize.js';

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

class JsonlWriter implements HitWriter {
  constructor(private readonly out: TextSink) {}
  write(hit: Hit): void {
    this.out.write(hitJson(hit) + '\n');
  }
  end(): void {}
}

class JsonWriter implements HitWriter {
  private first = true;
  constructor(private readonly out: TextSink) {}
  write(hit: Hit): void {
    this.out.write((this.first ? '[\n' : ',\n') + hitJson(hit));
    this.first = false;
  }
  end(): void {
    this.out.write(this.first ? '[]\n' : '\n]\n');
  }
}

const CSV_COLUMNS = [
  'timestamp', 'computer', 'rule_title', 'rule_level', 'rule_source', 'rule_id', 'image', 'original_file_name',
  'command_line', 'parent_image', 'user', 'pid', 'event_id', 'channel', 'record_id', 'recovered', 'file',
] as const;

class CsvWriter implements HitWriter {
  constructor(private readonly out: TextSink) {
    out.write(CSV_COLUMNS.join(',') + '\r\n');
  }
  write(hit: Hit): void {
    const cells = [
      hit.timestamp, hit.computer, hit.rule.title, hit.rule.level, hit.rule.source, hit.rule.id, hitImage(hit),
      hit.process?.originalFileName, hitCommandLine(hit), hit.process?.parentImage, hitUser(hit), hit.process?.pid,
      hit.eventId, hit.channel, hit.recordId, String(hit.recovered), hit.file,
    ];
    this.out.write(cells.map(csvCell).join(',') + '\r\n');
  }
  end(): void {}
}

const TABLE_HEAD = ['Time (UTC)', 'Host', 'Rule', 'Level', 'Image', 'Command line', 'User', 'Log #Record'];
/** Compact rows: no rule between rows, so a screen holds more hits. */
const COMPACT_ROWS = { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' };

/** Hits as a timeline table sized to the terminal, printed once all are in. */
class TableWriter implements HitWriter {
  private readonly hits: Hit[] = [];
  constructor(
    private readonly out: TextSink,
    private readonly width: number,
  ) {}

  write(hit: Hit): void {
    this.hits.push(hit);
  }

  end(): void {
    if (this.hits.length === 0) return;
    const rows = this.hits
      .sort((a, b) => (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0))
      .map((hit) =>
        [
          hit.timestamp.replace('T', ' ').replace(/\.\d+Z$|Z$/, ''),
          (hit.computer ?? '').split('.')[0]!,
          hit.rule.title,
          hit.rule.level,
          hitImage(hit),
          hitCommandLine(hit),
          hitUser(hit),
          `${shortChannel(hit.channel)} #${hit.recordId}${hit.recovered ? ' (carved)' : ''}`,
        ].map(terminalSafe),
      );
    // Fixed widths for the short columns; rule, image, command line and user share the rest.
    const time = 19, host = 15, level = 8, record = 16;
    const borders = TABLE_HEAD.length * 3 + 1;
    const flexible = Math.max(48, this.width - time - host - level - record - borders);
    const rule = Math.floor(flexible * 0.2), image = Math.floor(flexible * 0.22), user = Math.floor(flexible * 0.13);
    const command = flexible - rule - image - user;
    const table = new Table({
      head: TABLE_HEAD,
      colWidths: [time, host, rule, level, image, command, user, record].map((w) => w + 2),
      wordWrap: true,
      wrapOnWordBoundary: false,
      chars: COMPACT_ROWS,
      style: { head: [], border: [] },
    });
    table.push(...rows);
    this.out.write(table.toString() + '\n');
  }
}

/** `Microsoft-Windows-Sysmon/Operational` -> `Sysmon`. */
function shortChannel(channel: string): string {
  return channel.replace(/^Microsoft-Windows-/, '').replace(/\/Operational$/, '');
}

export function createHitWriter(format: OutputFormat, out: TextSink, terminalWidth: number): HitWriter {
  switch (format) {
    case 'jsonl':
      return new JsonlWriter(out);
    case 'json':
      return new JsonWriter(out);
    case 'csv':
      return new CsvWriter(out);
    case 'table':
      return new TableWriter(out, terminalWidth);
  }
}
