/**
 * Alternatives of one test (any may match), sorted by shape so the common patterns run on one
 * string operation each: equality (a Set from a few on), startsWith, endsWith and includes; the
 * rest on the glob matcher. With a needle index, substring and suffix needles are answered by
 * its one scan of the text instead.
 */
import { anyOfSome } from './combinators.js';
import type { NeedleIndex } from './needleIndex.js';
import { classifyGlob, type GlobPart, type TextTest } from './wildcard.js';

/** From this many equality needles on, a Set beats a loop of comparisons. */
const SET_THRESHOLD = 6;

export class TextAlternatives {
  private readonly equal: string[] = [];
  private readonly prefixes: string[] = [];
  private readonly suffixes: string[] = [];
  private readonly substrings: string[] = [];
  private readonly globs: TextTest[] = [];
  private matchesAnyText = false;

  /** `codePoints`: see classifyGlob. */
  constructor(private readonly codePoints = false) {}

  /** A text the whole value may equal. */
  addText(text: string): void {
    this.equal.push(text);
  }

  addPattern(parts: readonly GlobPart[]): void {
    const shape = classifyGlob(parts, this.codePoints);
    switch (shape.kind) {
      case 'everything':
        this.matchesAnyText = true;
        break;
      case 'equal':
        this.equal.push(shape.text);
        break;
      case 'prefix':
        this.prefixes.push(shape.text);
        break;
      case 'suffix':
        this.suffixes.push(shape.text);
        break;
      case 'substring':
        this.substrings.push(shape.text);
        break;
      case 'glob':
        this.globs.push(shape.test);
        break;
      default:
        shape satisfies never;
    }
  }

  /** One test over all alternatives, or undefined when there are none. */
  build(index?: NeedleIndex): TextTest | undefined {
    if (this.matchesAnyText) return () => true;
    const tests: TextTest[] = [];
    if (this.equal.length >= SET_THRESHOLD) {
      const set = new Set(this.equal);
      tests.push((text) => set.has(text));
    } else if (this.equal.length > 0) {
      tests.push(oneOf(this.equal, (text, needle) => text === needle));
    }
    if (index !== undefined) {
      if (this.suffixes.length > 0) {
        const ids = Int32Array.from(this.suffixes, (needle) => index.register(needle));
        tests.push((text) => index.endsWithAny(text, ids));
      }
      if (this.substrings.length > 0) {
        const ids = Int32Array.from(this.substrings, (needle) => index.register(needle));
        tests.push((text) => index.containsAny(text, ids));
      }
    } else {
      if (this.suffixes.length > 0) tests.push(oneOf(this.suffixes, (text, needle) => text.endsWith(needle)));
      if (this.substrings.length > 0) tests.push(oneOf(this.substrings, (text, needle) => text.includes(needle)));
    }
    if (this.prefixes.length > 0) tests.push(oneOf(this.prefixes, (text, needle) => text.startsWith(needle)));
    tests.push(...this.globs);
    return anyOfSome(tests);
  }
}

function oneOf(needles: readonly string[], test: (text: string, needle: string) => boolean): TextTest {
  if (needles.length === 1) {
    const needle = needles[0]!;
    return (text) => test(text, needle);
  }
  return (text) => {
    for (const needle of needles) if (test(text, needle)) return true;
    return false;
  };
}
