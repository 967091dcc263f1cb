import type { Hit } from '../hunt/hit.js';
import type { RuleLevel } from '../rules/types.js';
import { hitCommandLine, hitImage, hitUser } from './hit.js';
import { cutCell, terminalSafe } from './sanitize.js';
import { wrapPadded } from './tableText.js';

export interface TableOptions {
  /** Terminal columns the table fills (below MIN_TABLE_WIDTH it is drawn that wide). */
  readonly width: number;
  /** Whole values, wrapped: no cell is cut at TABLE_CELL_MAX. */
  readonly full: boolean;
  /** The level in colour (SGR sequences): only for a terminal that wants it. */
  readonly colour: boolean;
}

/** Characters of a table cell beyond which it is cut (unless --full): the table is for reading, JSONL and CSV keep it all. */
export const TABLE_CELL_MAX = 1000;
/** Narrower than this, the table is drawn this wide. */
const MIN_TABLE_WIDTH = 60;
/** Below this width, time and host share a column, so do rule and level, and every hit shows its details. */
const STACKED_BELOW = 120;
/** Below this width the time takes two lines (date, then time of day) and the host column narrows. */
const NARROW_TABLE = 140;

/**
 * `process`: image, command line and user columns, which a hit of any other event spans with its
 * details; `details`: one details column (no process start seen yet); `stacked`: four columns for
 * a narrow terminal.
 */
type LayoutKind = 'process' | 'details' | 'stacked';

interface Column {
  /** Lines of the head cell. */
  readonly head: readonly string[];
  /** Columns of text, without the padding and the border. */
  readonly width: number;
}

interface TableLayout {
  readonly kind: LayoutKind;
  readonly columns: readonly Column[];
}

/** A paragraph of a cell: wrapped to the cell's width, in colour when `sgr` is set. */
interface Paragraph {
  readonly text: string;
  readonly sgr?: string | undefined;
}

interface Cell {
  readonly paragraphs: readonly Paragraph[];
  /** Columns of the layout the cell covers (details span image, command line and user). */
  readonly span: number;
}

const LEVEL_SGR: Readonly<Record<RuleLevel, string | undefined>> = {
  critical: '\u001b[1;31m',
  high: '\u001b[31m',
  medium: '\u001b[33m',
  low: '\u001b[36m',
  informational: undefined,
};
const SGR_RESET = '\u001b[0m';

/** The columns from the head's, for a table `width` wide. */
function tableLayout(kind: LayoutKind, width: number): TableLayout {
  const column = (head: string, w: number): Column => ({ head: head.split('\n'), width: w });
  if (kind === 'stacked') {
    const total = Math.max(width, MIN_TABLE_WIDTH);
    const time = 10,
      record = total < 100 ? 11 : 16;
    // Four columns: five borders and their padding.
    const rest = total - 13 - time - record;
    const rule = Math.floor(rest / 3);
    return {
      kind,
      columns: [
        column('Time (UTC)\nHost', time),
        column('Rule\nLevel', rule),
        column('Details', rest - rule),
        column('Log #Record', record),
      ],
    };
  }
  const narrow = width < NARROW_TABLE;
  // Fixed widths for the short columns; rule, image, command line and user share the rest.
  const time = narrow ? 10 : 19,
    host = narrow ? 12 : 15,
    level = 8,
    record = 16;
  const flexible = width - time - host - level - record - 25;
  // Without process columns to share it with, the rule's title gets more of the room.
  const rule = Math.floor(flexible * (kind === 'details' ? 0.28 : 0.2)),
    image = Math.floor(flexible * 0.22),
    user = Math.floor(flexible * 0.13);
  const command = flexible - rule - image - user;
  const lead = [column('Time (UTC)', time), column('Host', host), column('Rule', rule), column('Level', level)];
  const evidence =
    kind === 'details'
      ? // As wide as the three columns it replaces, with their padding and the borders between them.
        [column('Details', image + command + user + 6)]
      : [column('Image', image), column('Command line', command), column('User', user)];
  return { kind, columns: [...lead, ...evidence, column('Log #Record', record)] };
}

/** A border line: `left`, each column's width of `─` joined by `join`, `right`. */
function border(layout: TableLayout, left: string, join: string, right: string): string {
  return left + layout.columns.map((c) => '─'.repeat(c.width + 2)).join(join) + right + '\n';
}

/** The lines of one row: every cell wrapped to its width, the row as tall as its tallest cell. */
function drawRow(layout: TableLayout, cells: readonly Cell[]): string {
  const blocks: { lines: string[]; width: number }[] = [];
  let column = 0;
  for (const cell of cells) {
    let width = 3 * (cell.span - 1);
    for (let i = 0; i < cell.span; i++) width += layout.columns[column + i]!.width;
    column += cell.span;
    const lines: string[] = [];
    for (const { text, sgr } of cell.paragraphs) {
      for (const line of wrapPadded(text, width)) lines.push(sgr === undefined ? line : sgr + line + SGR_RESET);
    }
    blocks.push({ lines, width });
  }
  const height = Math.max(...blocks.map((b) => b.lines.length));
  let text = '';
  for (let i = 0; i < height; i++) {
    text += '│';
    for (const { lines, width } of blocks) text += ' ' + (lines[i] ?? ' '.repeat(width)) + ' │';
    text += '\n';
  }
  return text;
}

function drawHead(layout: TableLayout): string {
  const head = layout.columns.map((c) => ({ paragraphs: c.head.map((text) => ({ text })), span: 1 }));
  return border(layout, '┌', '┬', '┐') + drawRow(layout, head) + border(layout, '├', '┼', '┤');
}

/** `Microsoft-Windows-Sysmon/Operational` -> `Sysmon`. */
function shortChannel(channel: string): string {
  return channel.replace(/^Microsoft-Windows-/, '').replace(/\/Operational$/, '');
}

/**
 * Hits as a timeline table, drawn row by row as they arrive: the head before the first row, the
 * bottom border at the end, nothing held in between. The layout comes from the width: a narrow
 * terminal gets four columns; a wider one the process start's image, command line and user
 * columns, which any other hit spans with its details (src/events/details.ts), one `Label: value`
 * a line; as long as no process start has come, one details column, and with the first process
 * start the table is closed and a new one opened with the process columns. Every log string is
 * escaped (terminalSafe) and, unless `full`, cut to TABLE_CELL_MAX characters before it is wrapped.
 */
export class StreamingTable {
  private layout: TableLayout | undefined;

  constructor(private readonly options: TableOptions) {}

  /** The text of `hit`'s row, after the head when it is the first row of a layout. Throws for a hit that cannot be formatted. */
  row(hit: Hit): string {
    const kind: LayoutKind =
      this.options.width < STACKED_BELOW ? 'stacked' : this.layout?.kind === 'process' || hit.process !== undefined ? 'process' : 'details';
    const current = this.layout;
    const layout = current?.kind === kind ? current : tableLayout(kind, this.options.width);
    const row = drawRow(layout, this.cells(hit, kind));
    this.layout = layout;
    if (layout === current) return row;
    return (current === undefined ? '' : border(current, '└', '┴', '┘')) + drawHead(layout) + row;
  }

  /** The bottom border, when a row was drawn. */
  end(): string {
    return this.layout === undefined ? '' : border(this.layout, '└', '┴', '┘');
  }

  private cell(text: string): string {
    const safe = terminalSafe(text);
    return this.options.full ? safe : cutCell(safe, TABLE_CELL_MAX);
  }

  private cells(hit: Hit, kind: LayoutKind): Cell[] {
    const one = (...texts: string[]): Cell => ({ paragraphs: texts.map((text) => ({ text })), span: 1 });
    const sgr = this.options.colour ? LEVEL_SGR[hit.rule.level] : undefined;
    const time = hit.timestamp.replace(/\.\d+Z$|Z$/, '');
    const [date = '', timeOfDay = ''] = time.split('T').map((t) => this.cell(t));
    const host = this.cell((hit.computer ?? '').split('.')[0]!);
    const title = this.cell(hit.rule.title);
    const level: Paragraph = { text: this.cell(hit.rule.level), sgr };
    const record = one(
      this.cell(`${shortChannel(hit.channel)} #${hit.recordId}${hit.recovered ? ' (carved)' : ''}`),
      ...(hit.alsoIn ?? []).map((file) => `also in ${this.cell(file)}`),
    );
    const detailLines = (event: Pick<Hit, 'details'>, indent: string): Paragraph[] =>
      // Each value cut on its own: a huge command line leaves the image and user after it in sight.
      event.details.map(([label, value]) => ({ text: `${indent}${this.cell(label)}: ${this.cell(value)}` }));
    // A multi-event hit lists every event it joined, each with where it is and its details.
    const events = hit.events;
    const details = (span: number): Cell => ({
      paragraphs:
        events === undefined
          ? detailLines(hit, '')
          : events.flatMap((event, i) => [
              {
                text: `${i + 1}/${events.length} ${this.cell(event.timestamp.replace(/\.\d+Z$|Z$/, '').replace('T', ' '))} ${this.cell(
                  `${shortChannel(event.channel)} #${event.recordId}${event.recovered ? ' (carved)' : ''}`,
                )} ${this.cell(event.file)}`,
              },
              ...detailLines(event, '  '),
            ]),
      span,
    });
    if (kind === 'stacked') {
      return [one(date, timeOfDay, host), { paragraphs: [{ text: title }, level], span: 1 }, details(1), record];
    }
    const lead: Cell[] = [
      this.options.width < NARROW_TABLE ? one(date, timeOfDay) : one(`${date} ${timeOfDay}`),
      one(host),
      one(title),
      { paragraphs: [level], span: 1 },
    ];
    if (kind === 'details') return [...lead, details(1), record];
    if (hit.process === undefined || events !== undefined) return [...lead, details(3), record];
    return [...lead, one(this.cell(hitImage(hit))), one(this.cell(hitCommandLine(hit))), one(this.cell(hitUser(hit))), record];
  }
}
