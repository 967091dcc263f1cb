/**
 * Compiles Sigma strings into one text test per case mode. Needles are grouped by shape
 * (equal, prefix, suffix, substring) so the common rules run on ===, startsWith, endsWith and
 * includes; the other patterns (`*` inside, `?`, windash positions beyond a few) run on the
 * shared glob matcher.
 */
import { anyOfSome } from '../../match/combinators.js';
import type { NeedleIndex } from '../../match/needleIndex.js';
import { classifyGlob, type GlobPart, type TextTest } from '../../match/wildcard.js';
import { invalid } from '../../problem.js';
import { DASH, DASH_CHARACTERS, Placeholder, SigmaString, type StringPart } from '../model/sigmaString.js';

export type TextPredicate = TextTest;

/** Windash positions are expanded into plain variants up to this many; beyond, they are character choices. */
const MAX_WINDASH_VARIANTS = 25;
/** From this many equality needles on, a Set beats a loop of comparisons. */
const SET_THRESHOLD = 6;
/** A windash position for the glob matcher. */
const WINDASH_CHOICE = { oneOf: DASH_CHARACTERS.join('') };

/** Collects the alternatives of one item (any may match) for one case mode. */
export class StringAlternatives {
  private readonly equal: string[] = [];
  private readonly prefixes: string[] = [];
  private readonly suffixes: string[] = [];
  private readonly substrings: string[] = [];
  private readonly globs: TextPredicate[] = [];
  private matchesAnyText = false;

  /**
   * `lowerCase`: needles are lower-cased, to be tested against lower-cased event text.
   * `index`: the field's shared needle index, which then answers substring and suffix tests.
   */
  constructor(
    private readonly lowerCase: boolean,
    private readonly index?: NeedleIndex,
  ) {}

  get isEmpty(): boolean {
    return (
      !this.matchesAnyText &&
      this.equal.length + this.prefixes.length + this.suffixes.length + this.substrings.length === 0 &&
      this.globs.length === 0
    );
  }

  addText(text: string): void {
    this.equal.push(this.lowerCase ? text.toLowerCase() : text);
  }

  add(value: SigmaString): void {
    const parts = value.parts.map((part) => (typeof part === 'string' && this.lowerCase ? part.toLowerCase() : part));
    const placeholder = parts.find((part) => part instanceof Placeholder);
    if (placeholder instanceof Placeholder) throw invalid(`placeholder %${placeholder.name}% left unexpanded`);
    const dashes = parts.filter((part) => part === DASH).length;
    if (dashes === 0) {
      this.addShape(parts);
    } else if (DASH_CHARACTERS.length ** dashes <= MAX_WINDASH_VARIANTS) {
      for (const variant of dashVariants(parts)) this.addShape(variant);
    } else {
      this.addShape(parts.map((part) => (part === DASH ? WINDASH_CHOICE : part)));
    }
  }

  private addShape(parts: readonly (StringPart | GlobPart)[]): void {
    const shape = classifyGlob(parts as readonly GlobPart[]);
    switch (shape.kind) {
      case 'everything': this.matchesAnyText = true; break;
      case 'equal': this.equal.push(shape.text); break;
      case 'prefix': this.prefixes.push(shape.text); break;
      case 'suffix': this.suffixes.push(shape.text); break;
      case 'substring': this.substrings.push(shape.text); break;
      case 'glob': this.globs.push(shape.test); break;
      default: shape satisfies never;
    }
  }

  /** One predicate over all alternatives, or undefined when there are none. */
  build(): TextPredicate | undefined {
    if (this.matchesAnyText) return () => true;
    const tests: TextPredicate[] = [];
    if (this.equal.length >= SET_THRESHOLD) {
      const set = new Set(this.equal);
      tests.push((text) => set.has(text));
    } else if (this.equal.length > 0) {
      tests.push(oneOf(this.equal, (text, needle) => text === needle));
    }
    const index = this.index;
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

function oneOf(needles: readonly string[], test: (text: string, needle: string) => boolean): TextPredicate {
  if (needles.length === 1) {
    const needle = needles[0];
    return (text) => test(text, needle);
  }
  return (text) => {
    for (const needle of needles) if (test(text, needle)) return true;
    return false;
  };
}

/**
 * Each combination of dash characters at the windash positions, as normalized parts: the chosen
 * dash joins the text around it, so `-enc` is the one literal `-enc`, not `-` then `enc` anywhere.
 */
function* dashVariants(parts: readonly StringPart[], from = 0): Generator<StringPart[]> {
  const index = parts.indexOf(DASH, from);
  if (index < 0) {
    yield [...new SigmaString(parts).parts];
    return;
  }
  for (const dash of DASH_CHARACTERS) {
    const replaced = [...parts];
    replaced[index] = dash;
    yield* dashVariants(replaced, index + 1);
  }
}
