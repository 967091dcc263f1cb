/**
 * Wildcard patterns as both engines use them: literal text, `*` (any run of characters), `?`
 * (exactly one character) and character choices (Sigma's windash positions). A pattern is sorted
 * into a shape the engines test with one string operation (===, startsWith, endsWith, includes);
 * what remains is matched by a glob matcher that never backtracks over `*`: the `*`-separated
 * segments have a fixed length in characters, so the first and last are tested at the ends and
 * each middle one is found leftmost after the previous one, which is exact for globs.
 *
 * `?` and choices stand for one code point, as the `u`-flag regular expressions the engines
 * used before; literal text compares by code units, and in code-point mode a match may not
 * begin or end inside a surrogate pair.
 */

/** `*`: any run of characters, possibly empty. */
export const ANY_CHARS = Symbol('*');
/** `?`: exactly one character. */
export const ONE_CHAR = Symbol('?');

/** One of these characters (each one UTF-16 code unit, no surrogate). */
export interface CharChoice {
  readonly oneOf: string;
}

export type GlobPart = string | typeof ANY_CHARS | typeof ONE_CHAR | CharChoice;

/** A part of a segment: a literal text run, `?`, or a character choice. */
type SegmentPart = string | typeof ONE_CHAR | CharChoice;
type Segment = readonly SegmentPart[];

export type TextTest = (text: string) => boolean;

/** How a pattern is best tested; `glob` for everything that needs more than one string operation. */
export type GlobShape =
  | { readonly kind: 'everything' }
  | { readonly kind: 'equal' | 'prefix' | 'suffix' | 'substring'; readonly text: string }
  | { readonly kind: 'glob'; readonly test: TextTest };

/**
 * EQL's wildcard syntax: `*` and `?` are wildcards, every other character (the backslash
 * included) stands for itself.
 */
export function parseWildcard(pattern: string): GlobPart[] {
  const parts: GlobPart[] = [];
  let start = 0;
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index];
    if (char !== '*' && char !== '?') continue;
    if (index > start) parts.push(pattern.slice(start, index));
    parts.push(char === '*' ? ANY_CHARS : ONE_CHAR);
    start = index + 1;
  }
  if (start < pattern.length) parts.push(pattern.slice(start));
  return parts;
}

/**
 * The shape of a pattern. `codePoints`: literal matches of a glob may not split a surrogate
 * pair even without `?` (EQL); globs with `?` or choices always work on code points.
 */
export function classifyGlob(pattern: readonly GlobPart[], codePoints = false): GlobShape {
  const parts = normalize(pattern);
  const first = parts[0];
  const last = parts[parts.length - 1];
  if (parts.length === 0) return { kind: 'equal', text: '' };
  if (parts.every((part) => typeof part === 'string' || part === ANY_CHARS)) {
    if (parts.length === 1) return first === ANY_CHARS ? { kind: 'everything' } : { kind: 'equal', text: first as string };
    if (parts.length === 2) {
      return first === ANY_CHARS ? { kind: 'suffix', text: last as string } : { kind: 'prefix', text: first as string };
    }
    if (parts.length === 3 && first === ANY_CHARS && last === ANY_CHARS) return { kind: 'substring', text: parts[1] as string };
  }
  return { kind: 'glob', test: globTest(parts, codePoints) };
}

/** One test for any shape. */
export function globMatcher(pattern: readonly GlobPart[], codePoints = false): TextTest {
  const shape = classifyGlob(pattern, codePoints);
  switch (shape.kind) {
    case 'everything':
      return () => true;
    case 'equal': {
      const { text: needle } = shape;
      return (text) => text === needle;
    }
    case 'prefix': {
      const { text: needle } = shape;
      return (text) => text.startsWith(needle);
    }
    case 'suffix': {
      const { text: needle } = shape;
      return (text) => text.endsWith(needle);
    }
    case 'substring': {
      const { text: needle } = shape;
      return (text) => text.includes(needle);
    }
    case 'glob':
      return shape.test;
    default:
      return shape satisfies never;
  }
}

/** Merges adjacent text runs and runs of `*`, drops empty text. */
function normalize(parts: readonly GlobPart[]): GlobPart[] {
  const out: GlobPart[] = [];
  for (const part of parts) {
    if (part === '') continue;
    const last = out[out.length - 1];
    if (typeof part === 'string' && typeof last === 'string') out[out.length - 1] = last + part;
    else if (part !== ANY_CHARS || last !== ANY_CHARS) out.push(part);
  }
  return out;
}

function globTest(parts: readonly GlobPart[], codePointsWanted: boolean): TextTest {
  const codePoints = codePointsWanted || parts.some((part) => typeof part === 'object' || part === ONE_CHAR);
  const segments: SegmentPart[][] = [[]];
  for (const part of parts) {
    if (part === ANY_CHARS) segments.push([]);
    else segments[segments.length - 1]!.push(part);
  }
  if (segments.length === 1) {
    const only = segments[0]!;
    return (text) => matchForward(only, text, 0, codePoints) === text.length;
  }
  const head = segments[0]!;
  const tail = segments[segments.length - 1]!;
  const middle = segments.slice(1, -1);
  const hasHead = head.length > 0;
  const hasTail = tail.length > 0;
  return (text) => {
    let position = 0;
    let end = text.length;
    if (hasHead) {
      position = matchForward(head, text, 0, codePoints);
      if (position < 0) return false;
    }
    if (hasTail) {
      end = matchBackward(tail, text, text.length, codePoints);
      if (end < position) return false;
    }
    for (const segment of middle) {
      position = findForward(segment, text, position, end, codePoints);
      if (position < 0) return false;
    }
    return true;
  };
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** True when `index` splits a surrogate pair of the text. */
function insidePair(text: string, index: number): boolean {
  return index > 0 && index < text.length && isLowSurrogate(text.charCodeAt(index)) && isHighSurrogate(text.charCodeAt(index - 1));
}

/** The end of the segment matched at `start`, or -1. */
function matchForward(segment: Segment, text: string, start: number, codePoints: boolean): number {
  if (codePoints && insidePair(text, start)) return -1;
  let position = start;
  for (const part of segment) {
    if (typeof part === 'string') {
      if (!text.startsWith(part, position)) return -1;
      position += part.length;
      if (codePoints && insidePair(text, position)) return -1;
    } else if (position >= text.length) {
      return -1;
    } else if (part === ONE_CHAR) {
      const pair = isHighSurrogate(text.charCodeAt(position)) && isLowSurrogate(text.charCodeAt(position + 1));
      position += pair ? 2 : 1;
    } else {
      if (!part.oneOf.includes(text[position]!)) return -1;
      position++;
    }
  }
  return position;
}

/** The start of the segment matched so that it ends at `end`, or -1. */
function matchBackward(segment: Segment, text: string, end: number, codePoints: boolean): number {
  let position = end;
  for (let index = segment.length - 1; index >= 0; index--) {
    const part = segment[index]!;
    if (typeof part === 'string') {
      position -= part.length;
      if (position < 0 || !text.startsWith(part, position)) return -1;
      if (codePoints && insidePair(text, position)) return -1;
    } else if (position <= 0) {
      return -1;
    } else if (part === ONE_CHAR) {
      const pair = position >= 2 && isLowSurrogate(text.charCodeAt(position - 1)) && isHighSurrogate(text.charCodeAt(position - 2));
      position -= pair ? 2 : 1;
    } else {
      if (!part.oneOf.includes(text[position - 1]!)) return -1;
      position--;
    }
  }
  return position;
}

/**
 * The end of the leftmost match of the segment starting at or after `from` and ending by `end`,
 * or -1. A segment has a fixed length in code points, so the leftmost match also ends first.
 */
function findForward(segment: Segment, text: string, from: number, end: number, codePoints: boolean): number {
  const lead = segment[0];
  for (let start = from; start <= end; start++) {
    if (typeof lead === 'string') {
      start = text.indexOf(lead, start);
      if (start < 0 || start + lead.length > end) return -1;
    }
    const matchEnd = matchForward(segment, text, start, codePoints);
    // Later starts end later still.
    if (matchEnd >= 0) return matchEnd <= end ? matchEnd : -1;
  }
  return -1;
}
