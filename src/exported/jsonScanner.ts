import type { TextWindow } from './textWindow.js';
import { MAX_EVENT_CHARS, type ScanItem } from './xmlScanner.js';

/**
 * Splits JSON text into its top-level objects as it streams in: JSON lines (one object a line),
 * a JSON array of objects (hunt dump -f json, Elasticsearch exports), objects printed over several
 * lines (evtx_dump -o json, with its `Record N` lines between them). Strings are skipped as JSON
 * defines them; a raw line break cannot be inside one, so a broken line ends where it breaks and the
 * next line is read on its own. When the first object fits on its line the input is JSON lines, and
 * every object must: one that does not is reported and reading goes on at the next line.
 */

const RECORD_LINE = /^Record \d+\s*$/;

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

export class JsonObjectScanner {
  private pos = 0;
  /** Decided by the first object: one per line, or over several. */
  private lines: boolean | undefined;
  /** Whether any object was seen. */
  found = false;

  constructor(
    private readonly window: TextWindow,
    private readonly maxChars = MAX_EVENT_CHARS,
  ) {}

  scan(final: boolean, out: ScanItem[]): void {
    const window = this.window;
    const text = window.text;
    let pos = this.pos;
    while (pos < text.length) {
      const code = text.charCodeAt(pos);
      if (isSpace(code) || code === 0x2c /* , */ || code === 0x5b /* [ */ || code === 0x5d /* ] */) {
        pos++;
        continue;
      }
      if (code !== 0x7b /* { */) {
        const newline = text.indexOf('\n', pos);
        if (newline < 0 && !final) break;
        const end = newline < 0 ? text.length : newline;
        if (!RECORD_LINE.test(text.slice(pos, end)))
          out.push({ offset: window.byteAt(pos), kind: 'bad-record', message: 'not a JSON object: line skipped' });
        pos = end;
        continue;
      }
      const end = this.objectEnd(text, pos);
      if (end === undefined) {
        if (final) {
          out.push({ offset: window.byteAt(pos), kind: 'truncated', message: 'the file ends inside a JSON object: skipped' });
          pos = text.length;
        } else if (text.length - pos > this.maxChars) {
          out.push({
            offset: window.byteAt(pos),
            kind: 'bad-record',
            message: `a JSON object longer than ${this.maxChars} characters: skipped`,
          });
          pos = this.resumeAfterLine(text, pos);
        }
        break;
      }
      if (end < 0) {
        // Broken where -end is: reported, and read on from the line after it.
        out.push({
          offset: window.byteAt(pos),
          kind: 'bad-record',
          message: 'a JSON object that is not whole (a line broken inside it): skipped',
        });
        pos = -end;
        continue;
      }
      if (end - pos > this.maxChars) {
        out.push({
          offset: window.byteAt(pos),
          kind: 'bad-record',
          message: `a JSON object longer than ${this.maxChars} characters: skipped`,
        });
      } else {
        this.found = true;
        out.push({ text: text.slice(pos, end), offset: window.byteAt(pos) });
      }
      pos = end;
    }
    window.drop(pos);
    this.pos = 0;
  }

  /** Skips to after the next line break, or to the end of what is there. */
  private resumeAfterLine(text: string, from: number): number {
    const newline = text.indexOf('\n', from);
    return newline < 0 ? text.length : newline + 1;
  }

  /**
   * Index after the object starting at `start`; undefined when the text ends first; minus the index
   * to go on from when it is broken (a line break in a string, or in JSON lines, inside the object).
   */
  private objectEnd(text: string, start: number): number | undefined {
    let depth = 0;
    let newlineSeen = false;
    for (let i = start; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code === 0x22 /* " */) {
        let quote = i;
        for (;;) {
          quote = text.indexOf('"', quote + 1);
          if (quote < 0) return undefined;
          let backslashes = 0;
          while (text.charCodeAt(quote - 1 - backslashes) === 0x5c) backslashes++;
          if (backslashes % 2 === 0) break;
        }
        const newline = text.indexOf('\n', i);
        if (newline >= 0 && newline < quote) return -(newline + 1);
        i = quote;
      } else if (code === 0x7b || code === 0x5b) depth++;
      else if (code === 0x7d || code === 0x5d) {
        if (--depth === 0) {
          this.lines ??= !newlineSeen;
          return i + 1;
        }
      } else if (code === 0x0a) {
        if (this.lines === true) return -(i + 1);
        newlineSeen = true;
      }
    }
    return undefined;
  }
}
