/**
 * The linear-time matcher keeps JavaScript's meaning: hand-picked cases where RE2's differs,
 * a differential run against RegExp on generated patterns and texts, and the constructs it
 * reports as unsupported.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileLinearRegex } from '../../src/rules/match/linearRegex.js';
import { isUnsupported } from '../ruleProblems.js';

function assertSameAsRegExp(source: string, flags: string, texts: readonly string[]): void {
  const linear = compileLinearRegex(source, flags);
  const reference = new RegExp(source, flags);
  for (const text of texts) {
    assert.equal(linear.test(text), reference.test(text), `/${source}/${flags} on ${JSON.stringify(text)}`);
  }
}

const TRICKY_TEXTS = [
  '',
  'a',
  'A',
  'k',
  'K',
  '\u212a',
  's',
  'S',
  '\u017f',
  '\u00e9',
  '\u00c9',
  'ß',
  '\u1e9e',
  '\u03c3',
  '\u03c2',
  '\u03a3',
  '\v',
  '\r',
  '\n',
  '\u2028',
  '\u00a0',
  '\ufeff',
  '\u3000',
  '\t',
  ' ',
  '\x08',
  '\0',
  '\ud83d\ude00',
  '\ud83d',
  '\ude00',
  'x\ud83d\ude00y',
  'a\rb',
  'a\nb',
  'a\u2028b',
  'ab',
  'AB',
  '_',
  '-',
  '\\',
  ']',
  '{',
  '}',
];

test('sets where RE2 differs: \\s, ., line terminators, case folding, surrogates', () => {
  const patterns: [string, string][] = [
    ['\\s', ''],
    ['\\S', ''],
    ['[\\s]', ''],
    ['[^\\s]', ''],
    ['.', ''],
    ['.', 's'],
    ['^.$', ''],
    ['^..$', ''],
    ['^.$', 'u'],
    ['^..$', 'u'],
    ['k', 'i'],
    ['k', 'iu'],
    ['K', 'i'],
    ['s', 'i'],
    ['s', 'iu'],
    ['\u212a', 'i'],
    ['\u212a', 'iu'],
    ['\u017f', 'i'],
    ['\u017f', 'iu'],
    ['[a-z]', 'i'],
    ['[^a-z]', 'i'],
    ['[^\\\\]', 'i'],
    ['\u00e9', 'i'],
    ['[\u00e0-\u00fe]', 'i'],
    ['\u03c3', 'i'],
    ['\u03c3', 'iu'],
    ['ß', 'iu'],
    ['\\w', ''],
    ['\\W', ''],
    ['\\w', 'iu'],
    ['\\W', 'i'],
    ['[\\w]', 'i'],
    ['\\d', ''],
    ['\\D', 'i'],
    ['\\bk', ''],
    ['k\\b', 'i'],
    ['\\B', ''],
    ['[\\ud800-\\udbff]', ''],
    ['\\ude00', ''],
    ['[^\\\\]{2}$', ''],
    ['^[^a]$', ''],
    ['^[^a]$', 'u'],
    ['\\u{1f600}', 'u'],
    ['[\\u{1f600}-\\u{1f64f}]', 'u'],
    ['^a', 'm'],
    ['a$', 'm'],
    ['^b', 'm'],
    ['^$', 'm'],
    ['(?:a|b)$', 'm'],
    ['^', ''],
    ['$', ''],
    ['^$', ''],
    ['(?<![\\s\\S])a', ''],
    ['b(?![\\s\\S])', ''],
    ['[\\b]', ''],
    ['\\cJ', ''],
    ['\\0', ''],
    ['\\x5c', ''],
    ['\\u005D', ''],
    ['{', ''],
    ['a{', ''],
    ['a{1', ''],
    ['}', ''],
    [']', ''],
    ['[\\w-]', ''],
    ['[\\w-z]', ''],
    ['\\c', ''],
    ['\\q', ''],
    ['\\k', ''],
    ['^.*a.*$', 's'],
    ['^[\\s\\S]*a$', ''],
    ['^[^]*a[^]*$', 'u'],
    ['^.*$', 's'],
    ['^.*', 's'],
    ['.*$', 's'],
    ['^.*a', 'ms'],
    ['^.*a.*$', ''],
    ['^(?:.*\\r.*)$', 'si'],
    ['a{0}', ''],
    ['(?:)', ''],
    ['a|', ''],
    ['(?<name>a)b', ''],
    ['a*?b', ''],
    ['a{2,}?', ''],
    ['\\p{L}', ''],
    ['\\p{L}', 'u'],
    ['\\P{Lu}', 'u'],
  ];
  for (const [source, flags] of patterns) assertSameAsRegExp(source, flags, TRICKY_TEXTS);
});

test('the literal precheck never rejects a match: case variants that lower-case differently', () => {
  const texts = [
    '\u212a\u017f',
    'KS',
    'ks',
    '\u017fk',
    'STRASSE',
    'straße',
    'ΣΑΣ',
    'σας',
    'ΣΑς',
    'İx',
    'i\u0307x',
    'Ix',
    'ǅ',
    'ǆ',
    'Ǆ',
    'werFaultSecure.EXE 12',
    'WERFAULTSECURE.EXE',
  ];
  const patterns: [string, string][] = [
    ['ks', 'i'],
    ['ks', 'iu'],
    ['sk', 'iu'],
    ['straße', 'iu'],
    ['stra', 'i'],
    ['σας', 'iu'],
    ['σας', 'i'],
    ['ΣΑΣ', 'i'],
    ['ix', 'i'],
    ['İx', 'i'],
    ['İx', 'iu'],
    ['ǆ', 'i'],
    ['ǅ', 'iu'],
    ['werfaultsecure\\.exe\\s+\\d{2}', 'i'],
    ['a+b', ''],
    ['net\\s+user', ''],
  ];
  for (const [source, flags] of patterns) assertSameAsRegExp(source, flags, texts);
});

/** A small deterministic generator (no flaky randomness). */
function generator(seed: number): (limit: number) => number {
  let state = seed;
  return (limit) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % limit;
  };
}

const ATOMS = [
  'a',
  'b',
  'K',
  's',
  '\u017f',
  '\u212a',
  '.',
  '.*',
  '[^]',
  '[\\s\\S]',
  '\\s',
  '\\S',
  '\\w',
  '\\W',
  '\\d',
  '[a-c]',
  '[^ab]',
  '[\\s\\d]',
  '[^\\\\]',
  '\\\\',
  '\\n',
  '\\r',
  '\\u2028',
  '\u00e9',
  '\ud83d',
  '\\b',
  '^',
  '$',
];
const CHARS = [
  'a',
  'b',
  'A',
  'B',
  'k',
  'K',
  's',
  'S',
  '\u017f',
  '\u212a',
  '\u00e9',
  '\u00c9',
  ' ',
  '\v',
  '\n',
  '\r',
  '\u2028',
  '\\',
  '1',
  '_',
  '\ud83d\ude00',
  '\ud83d',
];

function randomPattern(next: (limit: number) => number, depth: number): string {
  const parts = 1 + next(3);
  let source = '';
  for (let index = 0; index < parts; index++) {
    let term =
      depth > 0 && next(4) === 0 ? `(?:${randomPattern(next, depth - 1)}|${randomPattern(next, depth - 1)})` : ATOMS[next(ATOMS.length)]!;
    const isAnchor = term === '^' || term === '$' || term === '\\b';
    if (!isAnchor) term += ['', '', '*', '+', '?', '{1,2}', '{2}', '*?'][next(8)];
    source += term;
  }
  return source;
}

test('generated patterns and texts match as RegExp does, for every flag combination', () => {
  const next = generator(7);
  const flagSets = ['', 'i', 's', 'u', 'iu', 'is', 'm', 'ims'];
  let checked = 0;
  for (let round = 0; round < 600; round++) {
    const source = randomPattern(next, 2);
    const flags = flagSets[round % flagSets.length]!;
    if (flags.includes('u') && source.includes('\ud83d') && !source.includes('\\')) continue;
    let linear;
    try {
      new RegExp(source, flags);
      linear = compileLinearRegex(source, flags);
    } catch (error) {
      // A multiline $ before more pattern or \b with iu are the only refusals a generated pattern meets.
      if (isUnsupported(error)) continue;
      if (error instanceof SyntaxError) continue;
      throw error;
    }
    const reference = new RegExp(source, flags);
    for (let sample = 0; sample < 25; sample++) {
      const length = next(6);
      let text = '';
      for (let index = 0; index < length; index++) text += CHARS[next(CHARS.length)];
      assert.equal(linear.test(text), reference.test(text), `/${source}/${flags} on ${JSON.stringify(text)}`);
      checked++;
    }
  }
  assert.ok(checked > 10000, `${checked} comparisons`);
});

test('constructs without a linear-time form are unsupported, naming the construct', () => {
  const refused: [string, string, RegExp][] = [
    ['(a)\\1', '', /backreferences/],
    ['(?<x>a)\\k<x>', '', /backreferences/],
    ['a(?=b)', '', /lookahead and lookbehind/],
    ['a(?!b)', '', /lookahead and lookbehind/],
    ['(?<=a)b', '', /lookahead and lookbehind/],
    ['(?<!a)b', '', /lookahead and lookbehind/],
    ['a$b', 'm', /multiline \$/],
    ['a{1001}', '', /counted repetition above 1000/],
    ['\\bx', 'iu', /\\b with both/],
  ];
  for (const [source, flags, reason] of refused) {
    assert.throws(
      () => compileLinearRegex(source, flags),
      (error: unknown) => isUnsupported(error) && reason.test(error.reason),
      source,
    );
  }
});
