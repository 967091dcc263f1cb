/**
 * Display width and wrapping of table text. The text has been through terminalSafe: no controls,
 * no bidi or invisible characters are left, so a character is one terminal column, two (East Asian
 * wide and full-width forms, emoji shown as emoji) or none (a combining mark, drawn on the one
 * before it).
 */

/** Characters a terminal draws two columns wide: East_Asian_Width W and F, and emoji presentation. */
const WIDE =
  /[\p{Emoji_Presentation}\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\ua960-\ua97f\uac00-\ud7a3\uf900-\ufaff\ufe10-\ufe19\ufe30-\ufe6f\uff00-\uff60\uffe0-\uffe6\u{16fe0}-\u{16fe4}\u{17000}-\u{18cff}\u{1b000}-\u{1b2ff}\u{1f200}-\u{1f2ff}\u{20000}-\u{3fffd}]/u;
/** Characters drawn on the one before them: combining marks, Hangul medial vowels and final consonants. */
const ZERO_WIDTH = /[\p{Mn}\p{Me}\u1160-\u11ff\ud7b0-\ud7ff]/u;
/** Text every character of which is one column: printable ASCII. */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** Columns one character (a code point) takes. */
export function charWidth(ch: string): number {
  if (ch.charCodeAt(0) < 0x300) return 1;
  if (ZERO_WIDTH.test(ch)) return 0;
  return WIDE.test(ch) ? 2 : 1;
}

/** Columns `text` (one line) takes on a terminal. */
export function displayWidth(text: string): number {
  if (PRINTABLE_ASCII.test(text)) return text.length;
  let width = 0;
  for (const ch of text) width += charWidth(ch);
  return width;
}

/**
 * One line of text as lines of at most `width` columns, each padded to `width`. A line breaks at
 * the last space (dropped) or path separator (kept) that leaves it at least half full, else inside
 * the word; a wide character that does not fit starts the next line, a combining mark stays with
 * its base character.
 */
export function wrapPadded(text: string, width: number): string[] {
  return PRINTABLE_ASCII.test(text) ? wrapAscii(text, width) : wrapChars(Array.from(text), width);
}

/**
 * Whether a line may end after `ch`: a path separator, but not a `/` or `\` a word starts with
 * (a command-line switch, a UNC path) nor the one of a visible escape (`\u{1b}`).
 */
function breaksAfter(ch: string | undefined, before: string | undefined, next: string | undefined, afterNext: string | undefined): boolean {
  if (ch !== '\\' && ch !== '/') return false;
  return before !== ' ' && before !== ch && next !== ch && !(next === 'u' && afterNext === '{');
}

/** Where a line of text[start..] at most `width` long ends, and where the next begins. */
function asciiBreak(text: string, start: number, width: number): [end: number, next: number] {
  for (let i = start + width; i >= start + width / 2; i--) {
    const ch = text[i];
    if (ch === ' ') return [i, i + 1];
    if (i < start + width && breaksAfter(ch, text[i - 1], text[i + 1], text[i + 2])) return [i + 1, i + 1];
  }
  return [start + width, start + width];
}

function wrapAscii(text: string, width: number): string[] {
  if (text.length <= width) return [text.padEnd(width)];
  const lines: string[] = [];
  let start = 0;
  while (text.length - start > width) {
    const [end, next] = asciiBreak(text, start, width);
    lines.push(text.slice(start, end).padEnd(width));
    start = next;
  }
  lines.push(text.slice(start).padEnd(width));
  return lines;
}

function wrapChars(chars: readonly string[], width: number): string[] {
  const lines: string[] = [];
  const widths = chars.map(charWidth);
  let start = 0;
  while (start < chars.length) {
    // The longest run from `start` that fits, and the last place inside it (or just after it) to break.
    let end = start,
      used = 0,
      breakEnd = -1,
      breakNext = -1,
      usedAtBreak = 0;
    while (end < chars.length && used + widths[end]! <= width) {
      const ch = chars[end]!;
      if (ch === ' ') [breakEnd, breakNext, usedAtBreak] = [end, end + 1, used];
      used += widths[end]!;
      end++;
      if (breaksAfter(ch, chars[end - 2], chars[end], chars[end + 1])) [breakEnd, breakNext, usedAtBreak] = [end, end, used];
    }
    // A character wider than the whole column (width 1, a wide character) goes on a line of its own.
    if (end === start) used = widths[end++]!;
    while (end < chars.length && widths[end] === 0) end++;
    if (end === chars.length) {
      lines.push(pad(chars.slice(start).join(''), used, width));
      break;
    }
    if (chars[end] === ' ') [breakEnd, breakNext, usedAtBreak] = [end, end + 1, used];
    if (breakEnd >= 0 && usedAtBreak >= width / 2) {
      lines.push(pad(chars.slice(start, breakEnd).join(''), usedAtBreak, width));
      start = breakNext;
    } else {
      lines.push(pad(chars.slice(start, end).join(''), used, width));
      start = end;
    }
  }
  return lines.length > 0 ? lines : [' '.repeat(width)];
}

const pad = (text: string, used: number, width: number): string => (used < width ? text + ' '.repeat(width - used) : text);
