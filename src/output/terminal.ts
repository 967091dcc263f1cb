import type { TextSink } from './formatNames.js';
import { jsonTerminalSafe, linesTerminalSafe, xmlTerminalSafe } from './sanitize.js';

/** The kinds of text a format writes, for escaping on a terminal. */
export type TextKind = 'json' | 'xml' | 'csv' | 'text' | 'table';

/** The colour sequences (SGR) the table writes around a level. */
const SGR = /(\u001b\[[0-9;]*m)/;

/**
 * The table's text as linesTerminalSafe escapes it, but keeping the table's own colour sequences:
 * every string from a log was escaped before it got into the table, so an SGR sequence here is
 * the table's, and the worst one that slipped through could do is colour the text.
 */
function tableTerminalSafe(text: string): string {
  if (!text.includes('\u001b')) return linesTerminalSafe(text);
  return text
    .split(SGR)
    .map((piece, i) => (i % 2 === 1 ? piece : linesTerminalSafe(piece)))
    .join('');
}

const ESCAPES: Readonly<Record<TextKind, (text: string) => string>> = {
  json: jsonTerminalSafe,
  xml: xmlTerminalSafe,
  csv: linesTerminalSafe,
  text: linesTerminalSafe,
  table: tableTerminalSafe,
};

/**
 * `out` for a terminal: what a log's author wrote cannot reach it as control, bidi or invisible
 * characters. JSON gets `\u` escapes and XML character references (both stay valid and mean the
 * same); CSV and text the visible escapes of terminalSafe; the table those too, its colours kept.
 * Only for a terminal: files and pipes get every value as it is.
 */
export function terminalSink(kind: TextKind, out: TextSink): TextSink {
  const escape = ESCAPES[kind];
  return { write: (text) => out.write(escape(text)) };
}

/** The environment variables read here. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** The width the table fills: the terminal's when it writes to one, else $COLUMNS, else `fallback`. */
export function tableWidth(terminalColumns: number | undefined, env: Environment, fallback: number): number {
  if (terminalColumns !== undefined && terminalColumns > 0) return terminalColumns;
  const columns = Number(env['COLUMNS']);
  return Number.isInteger(columns) && columns > 0 ? columns : fallback;
}

/**
 * Whether the table colours its levels: never with NO_COLOR set (https://no-color.org), as
 * FORCE_COLOR says when it is set (`0` or `false`: no), else on a terminal other than TERM=dumb.
 */
export function colourWanted(toTerminal: boolean, env: Environment): boolean {
  if ((env['NO_COLOR'] ?? '') !== '') return false;
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force !== 'false';
  return toTerminal && env['TERM'] !== 'dumb';
}
