/**
 * Elasticsearch's EQL functions. Null (or an absent field) in makes null out for value
 * functions and false for boolean ones. Multi-valued fields: boolean functions hold when any
 * element (of any array argument) satisfies them; value functions map over the elements of
 * their first argument and give null for array arguments elsewhere.
 * The arithmetic functions (add, divide, ...) are the compiler's: they compute as its operators do.
 */
import { cidrContains, parseCidr, parseIp, type CidrBlock } from '../../match/ipNetwork.js';
import { anyScalar, isArray, toNumber, type EqlScalar, type EqlValue } from './values.js';

export type FunctionCall = (args: readonly EqlValue[]) => EqlValue;

/** An argument's value when the query fixes it (a literal), else undefined. */
export type ConstantArgument = { readonly value: EqlValue } | undefined;

export interface EqlFunction {
  readonly minArgs: number;
  readonly maxArgs: number;
  /** Whether `name~(...)` exists. */
  readonly hasCaseInsensitiveForm: boolean;
  /**
   * The call for one place in a query. Work on constant arguments (parsing networks, folding
   * case) is done here, once, rather than for every event.
   */
  readonly bind: (constants: readonly ConstantArgument[], caseInsensitive: boolean) => FunctionCall;
}

/** A function that does nothing ahead for constant arguments. */
function plain(
  minArgs: number,
  maxArgs: number,
  hasCaseInsensitiveForm: boolean,
  call: (args: readonly EqlValue[], caseInsensitive: boolean) => EqlValue,
): EqlFunction {
  return { minArgs, maxArgs, hasCaseInsensitiveForm, bind: (_constants, caseInsensitive) => (args) => call(args, caseInsensitive) };
}

function foldCase(caseInsensitive: boolean): (scalar: EqlScalar) => string {
  return caseInsensitive ? (scalar) => String(scalar).toLowerCase() : String;
}

/** Looks a function up by its lower-cased name. */
export function lookupFunction(name: string): EqlFunction | undefined {
  return FUNCTIONS.get(name);
}

function mapFirst(value: EqlValue, map: (scalar: EqlScalar) => EqlScalar | null): EqlValue {
  if (value === null) return null;
  if (!isArray(value)) return map(value);
  const results: EqlScalar[] = [];
  for (const element of value) {
    const result = map(element);
    if (result !== null) results.push(result);
  }
  return results;
}

function scalarsOf(value: EqlValue): readonly EqlScalar[] {
  if (value === null) return [];
  return isArray(value) ? value : [value];
}

function scalarArgument(value: EqlValue | undefined): EqlScalar | null {
  return value === undefined || value === null || isArray(value) ? null : value;
}

function numberArgument(value: EqlValue | undefined): number | null {
  const scalar = scalarArgument(value);
  return scalar === null ? null : toNumber(scalar);
}

/** Any element of `source` against any element of `other`, compared as text. */
function textPredicate(test: (source: string, other: string) => boolean): EqlFunction {
  return {
    minArgs: 2,
    maxArgs: 2,
    hasCaseInsensitiveForm: true,
    bind: ([, constantOther], caseInsensitive) => {
      const fold = foldCase(caseInsensitive);
      if (constantOther !== undefined) {
        const others = scalarsOf(constantOther.value).map(fold);
        return ([source]) =>
          anyScalar(source!, (scalar) => {
            const text = fold(scalar);
            return others.some((other) => test(text, other));
          });
      }
      return ([source, other]) => anyScalar(source!, (a) => anyScalar(other!, (b) => test(fold(a), fold(b))));
    },
  };
}

/** Python-style slice bounds: negative counts from the end, out-of-range clamps. */
function sliceIndex(index: number, length: number): number {
  const whole = Math.trunc(index);
  return whole < 0 ? Math.max(length + whole, 0) : Math.min(whole, length);
}

/** The networks of cidrMatch's arguments (any element of an array); text that is no network is left out. */
function networkBlocks(networks: readonly EqlValue[]): CidrBlock[] {
  const blocks: CidrBlock[] = [];
  for (const network of networks) {
    for (const scalar of scalarsOf(network)) {
      const block = parseCidr(String(scalar));
      if (block) blocks.push(block);
    }
  }
  return blocks;
}

function inAnyBlock(address: EqlValue, blocks: readonly CidrBlock[]): boolean {
  return anyScalar(address, (scalar) => {
    const bytes = parseIp(String(scalar));
    return bytes !== undefined && blocks.some((block) => cidrContains(block, bytes));
  });
}

function parseInBase(text: string, base: number): number | null {
  if (base === 10) return toNumber(text);
  if (!Number.isInteger(base) || base < 2 || base > 36) return null;
  const match = /^([+-]?)(0x)?([0-9a-z]+)$/i.exec(text.trim());
  if (!match || (match[2] !== undefined && base !== 16)) return null;
  const digits = match[3]!.toLowerCase();
  for (const digit of digits) if (parseInt(digit, 36) >= base) return null;
  const magnitude = parseInt(digits, base);
  return match[1] === '-' ? -magnitude : magnitude;
}

const FUNCTIONS: ReadonlyMap<string, EqlFunction> = new Map<string, EqlFunction>([
  [
    'between',
    {
      minArgs: 3,
      maxArgs: 4,
      hasCaseInsensitiveForm: true,
      bind: ([, constantLeft, constantRight], caseInsensitive) => {
        const fold = (text: string): string => (caseInsensitive ? text.toLowerCase() : text);
        /** The folded needle of a scalar argument; null for null or an array. */
        const needle = (value: EqlValue | undefined): string | null => {
          const scalar = scalarArgument(value);
          return scalar === null ? null : fold(String(scalar));
        };
        const fixedLeft = constantLeft && needle(constantLeft.value);
        const fixedRight = constantRight && needle(constantRight.value);
        return ([source, left, right, greedy]) => {
          const leftNeedle = fixedLeft !== undefined ? fixedLeft : needle(left);
          const rightNeedle = fixedRight !== undefined ? fixedRight : needle(right);
          if (leftNeedle === null || rightNeedle === null) return null;
          const isGreedy = scalarArgument(greedy) === true;
          return mapFirst(source!, (scalar) => {
            const text = String(scalar);
            const haystack = fold(text);
            const leftIndex = haystack.indexOf(leftNeedle);
            if (leftIndex === -1) return '';
            const start = leftIndex + leftNeedle.length;
            const end = isGreedy ? haystack.lastIndexOf(rightNeedle) : haystack.indexOf(rightNeedle, start);
            return end < start ? '' : text.slice(start, end);
          });
        };
      },
    },
  ],
  [
    'cidrmatch',
    {
      minArgs: 2,
      maxArgs: Infinity,
      hasCaseInsensitiveForm: false,
      bind: ([, ...constantNetworks]) => {
        if (constantNetworks.every((constant) => constant !== undefined)) {
          const blocks = networkBlocks(constantNetworks.map((constant) => constant!.value));
          return ([address]) => inAnyBlock(address!, blocks);
        }
        return ([address, ...networks]) => inAnyBlock(address!, networkBlocks(networks));
      },
    },
  ],
  [
    'concat',
    plain(1, Infinity, false, (args) => {
      let text = '';
      for (const arg of args) {
        const scalar = scalarArgument(arg);
        if (scalar === null) return null;
        text += String(scalar);
      }
      return text;
    }),
  ],
  ['endswith', textPredicate((source, suffix) => source.endsWith(suffix))],
  ['startswith', textPredicate((source, prefix) => source.startsWith(prefix))],
  ['stringcontains', textPredicate((source, part) => source.includes(part))],
  [
    'indexof',
    {
      minArgs: 2,
      maxArgs: 3,
      hasCaseInsensitiveForm: true,
      bind: ([, constantPart], caseInsensitive) => {
        const needleOf = (part: EqlValue | undefined): string | null => {
          const partText = scalarArgument(part);
          if (partText === null) return null;
          return caseInsensitive ? String(partText).toLowerCase() : String(partText);
        };
        const fixedNeedle = constantPart && needleOf(constantPart.value);
        return ([source, part, start]) => {
          const needle = fixedNeedle !== undefined ? fixedNeedle : needleOf(part);
          if (needle === null) return null;
          const from = start === undefined ? 0 : numberArgument(start);
          if (from === null) return null;
          return mapFirst(source!, (scalar) => {
            const haystack = caseInsensitive ? String(scalar).toLowerCase() : String(scalar);
            const index = haystack.indexOf(needle, Math.max(0, Math.trunc(from)));
            return index === -1 ? null : index;
          });
        };
      },
    },
  ],
  ['length', plain(1, 1, false, ([source]) => mapFirst(source!, (scalar) => (typeof scalar === 'string' ? scalar.length : null)))],
  [
    'number',
    plain(1, 2, false, ([source, base]) => {
      // A null base is base 10, as in Elasticsearch.
      const radix = base === undefined || base === null ? 10 : numberArgument(base);
      if (radix === null) return null;
      return mapFirst(source!, (scalar) => (typeof scalar === 'number' ? scalar : parseInBase(String(scalar), radix)));
    }),
  ],
  ['string', plain(1, 1, false, ([source]) => mapFirst(source!, (scalar) => String(scalar)))],
  [
    'substring',
    plain(2, 3, false, ([source, start, end]) => {
      const startIndex = numberArgument(start);
      const endIndex = end === undefined ? undefined : numberArgument(end);
      if (startIndex === null || endIndex === null) return null;
      return mapFirst(source!, (scalar) => {
        const text = String(scalar);
        const from = sliceIndex(startIndex, text.length);
        const to = endIndex === undefined ? text.length : sliceIndex(endIndex, text.length);
        return from < to ? text.slice(from, to) : '';
      });
    }),
  ],
]);
