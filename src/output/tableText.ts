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
 * its last space (dropped) unless the word after it is longer than a line and the line would be
 * less than half full, or after its last path separator when that leaves it at least half full;
 * else inside the word. A wide character that does not fit starts the next line, a combining mark
 * stays with its base character.
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
  const limit = start + width;
  for (let i = limit; i > start; i--) {
    const ch = text[i];
    if (ch === ' ') {
      if (i - start >= width / 2 || asciiWordFits(text, i + 1, width)) return [i, i + 1];
      break;
    }
    if (i < limit && i >= start + width / 2 && breaksAfter(ch, text[i - 1], text[i + 1], text[i + 2])) return [i + 1, i + 1];
  }
  return [limit, limit];
}

/** Whether the word at text[from..] is at most `width` long (looking no further than that). */
function asciiWordFits(text: string, from: number, width: number): boolean {
  for (let j = from; j <= from + width; j++) if (j >= text.length || text[j] === ' ') return true;
  return false;
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
  /** Whether the word at chars[from..] takes at most `width` columns. */
  const wordFits = (from: number): boolean => {
    let used = 0;
    for (let j = from; j < chars.length && chars[j] !== ' '; j++) if ((used += widths[j]!) > width) return false;
    return true;
  };
  let start = 0;
  while (start < chars.length) {
    // The longest run from `start` that fits, its last space and its last path separator (the index after it).
    let end = start,
      used = 0,
      space = -1,
      usedAtSpace = 0,
      separator = -1,
      usedAtSeparator = 0;
    while (end < chars.length && used + widths[end]! <= width) {
      const ch = chars[end]!;
      if (ch === ' ') [space, usedAtSpace] = [end, used];
      used += widths[end]!;
      end++;
      if (breaksAfter(ch, chars[end - 2], chars[end], chars[end + 1])) [separator, usedAtSeparator] = [end, used];
    }
    // A character wider than the whole column (width 1, a wide character) goes on a line of its own.
    if (end === start) used = widths[end++]!;
    while (end < chars.length && widths[end] === 0) end++;
    if (end === chars.length) {
      lines.push(pad(chars.slice(start).join(''), used, width));
      break;
    }
    if (chars[end] === ' ') [space, usedAtSpace] = [end, used];
    const atSpace = space > start && (usedAtSpace >= width / 2 || wordFits(space + 1));
    const atSeparator = separator >= 0 && usedAtSeparator >= width / 2;
    if (atSeparator && (!atSpace || separator > space)) {
      lines.push(pad(chars.slice(start, separator).join(''), usedAtSeparator, width));
      start = separator;
    } else if (atSpace) {
      lines.push(pad(chars.slice(start, space).join(''), usedAtSpace, width));
      start = space + 1;
    } else {
      lines.push(pad(chars.slice(start, end).join(''), used, width));
      start = end;
    }
  }
  return lines.length > 0 ? lines : [' '.repeat(width)];
}

const pad = (text: string, used: number, width: number): string => (used < width ? text + ' '.repeat(width - used) : text);
