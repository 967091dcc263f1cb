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
  /** The tag's name ('' for other markup). */
  readonly name: string;
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
    return at < 0 ? undefined : { kind: 'other', end: at + close.length, name: '' };
  }
  if (next === 0x3f /* ? */) {
    const at = text.indexOf('?>', lt + 2);
    return at < 0 ? undefined : { kind: 'other', end: at + 2, name: '' };
  }
  const closing = next === 0x2f; /* / */
  const nameStart = closing ? lt + 2 : lt + 1;
  let i = nameStart;
  while (i < text.length && !isNameEnd(text.charCodeAt(i))) i++;
  if (i >= text.length) return undefined;
  const name = text.slice(nameStart, i);
  for (; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x22 || code === 0x27) {
      const quote = text.indexOf(code === 0x22 ? '"' : "'", i + 1);
      if (quote < 0) return undefined;
      i = quote;
    } else if (code === 0x3e /* > */) {
      const kind: Construct = closing ? 'close' : text.charCodeAt(i - 1) === 0x2f ? 'empty' : 'open';
      return { kind, end: i + 1, name };
    } else if (code === 0x3c /* < */) {
      // A '<' inside a tag: not well-formed. Treated as the end of this tag, so the scan goes on.
      return { kind: 'other', end: i, name: '' };
    }
  }
  return undefined;
}

export class EventElementScanner {
  /** Where scanning resumes in the window's text. */
  private pos = 0;
  /** Names of the elements open in the current <Event> element: empty outside one. */
  private readonly open: string[] = [];
  /** Index of the current element's '<' in the window's text. */
  private start = 0;
  /** The current element is too long: read to its end, but not kept. */
  private skipping = false;
  /** Why the current element is not well-formed, once it is known. */
  private malformed: string | undefined;
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
    const open = this.open;
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
        else if (open.length === 0) out.push({ offset: window.byteAt(lt), kind: 'truncated', message: 'the file ends inside markup' });
        pos = final ? text.length : lt;
        break;
      }
      pos = markup.end;
      if (markup.kind === 'other') continue;
      if (open.length === 0) {
        // Outside an event only its start tag matters (and a stray end tag is said).
        if (!isEventName(markup.name)) continue;
        if (markup.kind === 'close') {
          out.push({ offset: window.byteAt(lt), kind: 'bad-record', message: 'an </Event> end tag without its start tag: ignored' });
          continue;
        }
        this.start = lt;
        this.found = true;
        this.malformed = undefined;
        if (markup.kind === 'open') {
          open.push(markup.name);
          continue;
        }
      } else if (markup.kind === 'open') {
        open.push(markup.name);
        continue;
      } else if (markup.kind === 'empty') continue;
      else {
        // An end tag: it must close the innermost element. When it does not, the element is
        // reported, and the end tag closes the element it names, if one is open.
        const top = open[open.length - 1];
        if (top !== markup.name) {
          this.malformed ??= `end tag </${markup.name}> where </${top}> was expected`;
          const at = open.lastIndexOf(markup.name);
          if (at < 0) continue;
          open.length = at + 1;
        }
        open.pop();
        if (open.length > 0) continue;
      }
      // An element ended.
      if (!this.skipping) {
        const offset = window.byteAt(this.start);
        out.push(
          this.malformed === undefined
            ? { text: text.slice(this.start, pos), offset }
            : { offset, kind: 'bad-record', message: `<Event> element not well-formed: ${this.malformed}` },
        );
      }
      this.skipping = false;
    }
    if (open.length > 0 && !this.skipping && text.length - this.start > this.maxChars) {
      out.push({
        offset: window.byteAt(this.start),
        kind: 'bad-record',
        message: `an <Event> element longer than ${this.maxChars} characters: skipped`,
      });
      this.skipping = true;
    }
    if (final && open.length > 0) {
      if (!this.skipping)
        out.push({ offset: window.byteAt(this.start), kind: 'truncated', message: 'the file ends inside an <Event> element: skipped' });
      open.length = 0;
      this.skipping = false;
    }
    // Markup that never ends (a comment, say) outside an element kept is given up on, not held in memory.
    if ((open.length === 0 || this.skipping) && waitingAt >= 0 && text.length - waitingAt > this.maxChars) {
      if (open.length === 0)
        out.push({
          offset: window.byteAt(waitingAt),
          kind: 'bad-record',
          message: `markup longer than ${this.maxChars} characters: skipped`,
        });
      pos = waitingAt + 1;
    }
    const keepFrom = open.length > 0 && !this.skipping ? this.start : pos;
    window.drop(keepFrom);
    this.start -= keepFrom;
    this.pos = pos - keepFrom;
  }
}
