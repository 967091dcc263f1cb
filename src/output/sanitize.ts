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

export function csvCell(value: string | number | bigint | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

const hex4 = (unit: number): string => unit.toString(16).padStart(4, '0');

/**
 * JSON text for a terminal: every character terminalSafe would escape, as a JSON `\uXXXX` escape
 * (one per UTF-16 unit), so the JSON stays valid and means the same values. Such characters occur
 * only inside strings of JSON.stringify's output; the line breaks between records are kept.
 */
export function jsonTerminalSafe(json: string): string {
  return json.replace(UNSAFE_FOR_TERMINAL, (ch) => {
    if (ch === '\n') return ch;
    let escaped = '';
    for (let i = 0; i < ch.length; i++) escaped += `\\u${hex4(ch.charCodeAt(i))}`;
    return escaped;
  });
}

/**
 * XML text for a terminal: every character terminalSafe would escape, a carriage return too, as a
 * character reference (`&#x1b;`); line feeds and tabs are kept. Valid XML stays valid (and equal)
 * where XML allows the character; for the C0 controls XML forbids, the reference is as far from
 * well-formed as the raw character was, but harmless to the terminal.
 */
export function xmlTerminalSafe(xml: string): string {
  return xml.replace(UNSAFE_FOR_TERMINAL, (ch) => (ch === '\n' || ch === '\t' ? ch : `&#x${ch.codePointAt(0)!.toString(16)};`));
}

/**
 * Any text for a terminal, as terminalSafe escapes it, but keeping its line feeds, tabs and the
 * carriage returns of CRLF line ends (CSV rows and quoted cells).
 */
export function linesTerminalSafe(text: string): string {
  return text.replace(UNSAFE_FOR_TERMINAL, (ch: string, offset: number) =>
    ch === '\n' || ch === '\t' || (ch === '\r' && text[offset + 1] === '\n') ? ch : terminalSafe(ch),
  );
}

/**
 * A table cell cut to `max` characters for reading (`…(N more characters)`), never splitting a
 * surrogate pair; the machine formats keep the whole value.
 */
export function cutCell(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}…(${text.length - end} more characters)`;
}
