import type { TextWindow } from './textWindow.js';

/**
 * Splits XML text into its <Event> elements as it streams in, whatever wraps them (an <Events> root,
 * none, an XML declaration, comments, text between them), so that a file of any size is parsed one
 * element at a time. Markup is recognised as XML defines it: '<' starts markup everywhere but in
 * comments, CDATA sections and processing instructions, and a '>' inside a quoted attribute value
 * does not end its tag. An <Event> nested inside another (in UserData, say) belongs to it.
 */

/** Longest <Event> element read (characters): the longest record an EVTX file holds renders to far less. */
export const MAX_EVENT_CHARS = 16 * 1024 * 1024;

export interface ScannedElement {
  readonly text: string;
  /** File offset of its '<'. */
  readonly offset: number;
}

export interface ScanProblem {
  readonly offset: number;
  /** `truncated`: the file ends inside it; `bad-record`: anything else. */
  readonly kind: 'bad-record' | 'truncated';
  readonly message: string;
}

export type ScanItem = ScannedElement | ScanProblem;

export const isElement = (item: ScanItem): item is ScannedElement => 'text' in item;

type Construct = 'open' | 'close' | 'empty' | 'other';

interface Markup {
  readonly kind: Construct;
  /** Index just after it. */
  readonly end: number;
  readonly isEvent: boolean;
}

function isNameEnd(code: number): boolean {
  // whitespace, '/', '>'
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d || code === 0x2f || code === 0x3e;
}

function isEventName(name: string): boolean {
  return name === 'Event' || name.endsWith(':Event');
}

/** The markup starting at text[lt] ('<'), or undefined when the text ends inside it. */
function markupAt(text: string, lt: number): Markup | undefined {
  const next = text.charCodeAt(lt + 1);
  if (Number.isNaN(next)) return undefined;
  if (next === 0x21 /* ! */) {
    if (text.length < lt + 9 && (text.startsWith('<!-', lt) || text.startsWith('<![', lt))) return undefined;
    let close: string;
    if (text.startsWith('<!--', lt)) close = '-->';
    else if (text.startsWith('<![CDATA[', lt)) close = ']]>';
    else {
      // A DOCTYPE's internal subset holds '>' characters: it ends at ']>'.
      const gt = text.indexOf('>', lt);
      const bracket = text.indexOf('[', lt);
      close = bracket >= 0 && (gt < 0 || bracket < gt) ? ']>' : '>';
    }
    const at = text.indexOf(close, lt + 2);
    return at < 0 ? undefined : { kind: 'other', end: at + close.length, isEvent: false };
  }
  if (next === 0x3f /* ? */) {
    const at = text.indexOf('?>', lt + 2);
    return at < 0 ? undefined : { kind: 'other', end: at + 2, isEvent: false };
  }
  const closing = next === 0x2f; /* / */
  const nameStart = closing ? lt + 2 : lt + 1;
  let i = nameStart;
  while (i < text.length && !isNameEnd(text.charCodeAt(i))) i++;
  if (i >= text.length) return undefined;
  const isEvent = isEventName(text.slice(nameStart, i));
  for (; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x22 || code === 0x27) {
      const quote = text.indexOf(code === 0x22 ? '"' : "'", i + 1);
      if (quote < 0) return undefined;
      i = quote;
    } else if (code === 0x3e /* > */) {
      const kind: Construct = closing ? 'close' : text.charCodeAt(i - 1) === 0x2f ? 'empty' : 'open';
      return { kind, end: i + 1, isEvent };
    } else if (code === 0x3c /* < */) {
      // A '<' inside a tag: not well-formed. Treated as the end of this tag, so the scan goes on.
      return { kind: 'other', end: i, isEvent: false };
    }
  }
  return undefined;
}

export class EventElementScanner {
  /** Where scanning resumes in the window's text. */
  private pos = 0;
  /** Open <Event> elements: 0 outside any. */
  private depth = 0;
  /** Index of the current element's '<' in the window's text. */
  private start = 0;
  /** The current element is too long: read to its end, but not kept. */
  private skipping = false;
  /** Whether any <Event> element was seen. */
  found = false;

  constructor(
    private readonly window: TextWindow,
    private readonly maxChars = MAX_EVENT_CHARS,
  ) {}

  /** Scans what was appended to the window since the last call; `final` once the file has ended. */
  scan(final: boolean, out: ScanItem[]): void {
    const window = this.window;
    const text = window.text;
    let pos = this.pos;
    let waitingAt = -1;
    for (;;) {
      const lt = text.indexOf('<', pos);
      if (lt < 0) {
        pos = text.length;
        break;
      }
      const markup = markupAt(text, lt);
      if (markup === undefined) {
        if (!final) waitingAt = lt;
        else if (this.depth === 0) out.push({ offset: window.byteAt(lt), kind: 'truncated', message: 'the file ends inside markup' });
        pos = final ? text.length : lt;
        break;
      }
      pos = markup.end;
      if (!markup.isEvent || markup.kind === 'other') continue;
      if (markup.kind === 'open' || markup.kind === 'empty') {
        if (this.depth === 0) {
          this.start = lt;
          this.found = true;
        }
        if (markup.kind === 'open') {
          this.depth++;
          continue;
        }
        if (this.depth > 0) continue;
      } else if (this.depth === 0) {
        out.push({ offset: window.byteAt(lt), kind: 'bad-record', message: 'an </Event> end tag without its start tag: ignored' });
        continue;
      } else if (--this.depth > 0) continue;
      // An element ended.
      if (!this.skipping) out.push({ text: text.slice(this.start, pos), offset: window.byteAt(this.start) });
      this.skipping = false;
    }
    if (this.depth > 0 && !this.skipping && text.length - this.start > this.maxChars) {
      out.push({
        offset: window.byteAt(this.start),
        kind: 'bad-record',
        message: `an <Event> element longer than ${this.maxChars} characters: skipped`,
      });
      this.skipping = true;
    }
    if (final && this.depth > 0) {
      if (!this.skipping)
        out.push({ offset: window.byteAt(this.start), kind: 'truncated', message: 'the file ends inside an <Event> element: skipped' });
      this.depth = 0;
      this.skipping = false;
    }
    // Markup that never ends (a comment, say) outside an element kept is given up on, not held in memory.
    if ((this.depth === 0 || this.skipping) && waitingAt >= 0 && text.length - waitingAt > this.maxChars) {
      if (this.depth === 0)
        out.push({
          offset: window.byteAt(waitingAt),
          kind: 'bad-record',
          message: `markup longer than ${this.maxChars} characters: skipped`,
        });
      pos = waitingAt + 1;
    }
    const keepFrom = this.depth > 0 && !this.skipping ? this.start : pos;
    window.drop(keepFrom);
    this.start -= keepFrom;
    this.pos = pos - keepFrom;
  }
}
