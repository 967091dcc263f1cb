/**
 * Compiles Sigma strings into one text test per case mode (match/alternatives.ts sorts them by
 * shape). Windash positions become plain variants while there are few, character choices
 * beyond.
 */
import { TextAlternatives } from '../../match/alternatives.js';
import type { NeedleIndex } from '../../match/needleIndex.js';
import type { GlobPart, TextTest } from '../../match/wildcard.js';
import { invalid } from '../../problem.js';
import { DASH, DASH_CHARACTERS, Placeholder, SigmaString, type StringPart } from '../model/sigmaString.js';

export type TextPredicate = TextTest;

/** Windash positions are expanded into plain variants up to this many; beyond, they are character choices. */
const MAX_WINDASH_VARIANTS = 25;
/** A windash position for the glob matcher. */
const WINDASH_CHOICE: Readonly<{ oneOf: string }> = { oneOf: DASH_CHARACTERS.join('') };

/** Collects the alternatives of one item (any may match) for one case mode. */
export class StringAlternatives {
  private readonly alternatives = new TextAlternatives();

  /**
   * `lowerCase`: needles are lower-cased, to be tested against lower-cased event text.
   * `index`: the field's shared needle index, which then answers substring and suffix tests.
   */
  constructor(
    private readonly lowerCase: boolean,
    private readonly index?: NeedleIndex,
  ) {}

  addText(text: string): void {
    this.alternatives.addText(this.lowerCase ? text.toLowerCase() : text);
  }

  add(value: SigmaString): void {
    const parts = value.parts.map((part) => (typeof part === 'string' && this.lowerCase ? part.toLowerCase() : part));
    const placeholder = parts.find((part) => part instanceof Placeholder);
    if (placeholder instanceof Placeholder) throw invalid(`placeholder %${placeholder.name}% left unexpanded`);
    const dashes = parts.filter((part) => part === DASH).length;
    if (dashes === 0) {
      this.alternatives.addPattern(parts as readonly GlobPart[]);
    } else if (DASH_CHARACTERS.length ** dashes <= MAX_WINDASH_VARIANTS) {
      for (const variant of dashVariants(parts)) this.alternatives.addPattern(variant as readonly GlobPart[]);
    } else {
      this.alternatives.addPattern(parts.map((part) => (part === DASH ? WINDASH_CHOICE : part)) as readonly GlobPart[]);
    }
  }

  /** One predicate over all alternatives, or undefined when there are none. */
  build(): TextPredicate | undefined {
    return this.alternatives.build(this.index);
  }
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
