import type { TextSink } from './formats.js';
import { jsonTerminalSafe, linesTerminalSafe, xmlTerminalSafe } from './sanitize.js';

/** The kinds of text a format writes, for escaping on a terminal. */
export type TextKind = 'json' | 'xml' | 'csv' | 'text';

/**
 * `out` for a terminal: what a log's author wrote cannot reach it as control, bidi or invisible
 * characters. JSON gets `\u` escapes and XML character references (both stay valid and mean the
 * same); CSV and text the visible escapes of terminalSafe. Only for a terminal: files and pipes get
 * every value as it is.
 */
export function terminalSink(kind: TextKind, out: TextSink): TextSink {
  const escape = kind === 'json' ? jsonTerminalSafe : kind === 'xml' ? xmlTerminalSafe : linesTerminalSafe;
  return { write: (text) => out.write(escape(text)) };
}
