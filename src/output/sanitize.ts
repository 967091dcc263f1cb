/**
 * Log content is attacker-controlled: before it reaches a terminal, every character that is not
 * drawn as itself is shown as a visible escape instead of being interpreted or hidden: controls
 * (C0, DEL, C1, incl. ESC), line and paragraph separators, format characters (bidi overrides and
 * marks, zero-width characters, tag characters), the rest of Unicode's Bidi_Control and
 * Default_Ignorable_Code_Point sets (e.g. U+3164 HANGUL FILLER), and lone surrogates.
 */
const UNSAFE_FOR_TERMINAL = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Bidi_Control}\p{Default_Ignorable_Code_Point}]/gu;
const NAMED_ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

export function terminalSafe(text: string): string {
  return text.replace(UNSAFE_FOR_TERMINAL, (ch) => NAMED_ESCAPES[ch] ?? `\\u{${ch.codePointAt(0)!.toString(16)}}`);
}

/**
 * Cells a spreadsheet would evaluate as a formula (CSV injection, OWASP's list): those that start
 * with `= + - @` (or their full-width forms) once the spreadsheet has dropped what it ignores in
 * front (white space of any kind, controls, invisible format characters, a quote), and those
 * starting with a tab or carriage return.
 */
const FORMULA_START = /^(?:[\t\r]|[\p{White_Space}\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}"]*[=+\-@\uff1d\uff0b\uff0d\uff20])/u;

export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}
