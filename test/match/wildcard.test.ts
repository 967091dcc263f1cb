/** The shared glob matcher: exact against the matchers it replaced, and linear on hostile input. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileWildcardPatterns } from '../../src/rules/eql/compile/wildcard.js';
import { ANY_CHARS, ONE_CHAR, globMatcher, parseWildcard, type GlobPart } from '../../src/rules/match/wildcard.js';
import { SigmaString } from '../../src/rules/sigma/model/sigmaString.js';
import { StringAlternatives } from '../../src/rules/sigma/compile/stringMatcher.js';
import { compileWildcardPatterns as legacyEqlPatterns } from './legacy/eqlWildcard.js';
import { StringAlternatives as LegacyStringAlternatives } from './legacy/sigmaStringMatcher.js';

/** A deterministic generator, so a failure can be replayed. */
function randomSource(seed: number): (below: number) => number {
  let state = seed;
  return (below) => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return (state >>> 8) % below;
  };
}

/** Characters that stress the matchers: wildcards, escapes, regex syntax, dashes, case, surrogates. */
const ALPHABET = ['a', 'b', 'A', '*', '?', '\\', '.', '-', '/', '\u2013', '\n', '😀', '\ud83d', '\ude00', 'ß', 'İ'];

function randomText(random: (below: number) => number, maxLength: number): string {
  let text = '';
  const length = random(maxLength + 1);
  for (let i = 0; i < length; i++) text += ALPHABET[random(ALPHABET.length)];
  return text;
}

/** Texts built from the pattern's own fragments, so that matches are common. */
function textsFor(random: (below: number) => number, pattern: string): string[] {
  const pieces = pattern.split(/[*?]/).filter((piece) => piece !== '');
  const texts = [pattern, pattern.replace(/[*?]/g, ''), pattern.replace(/[*?]/g, 'x')];
  for (let i = 0; i < 12; i++) {
    let text = '';
    for (let k = random(6); k > 0; k--) {
      text += random(2) === 0 && pieces.length > 0 ? pieces[random(pieces.length)] : randomText(random, 2);
    }
    texts.push(text);
  }
  return texts;
}

test('EQL patterns match exactly as the regex-based matcher did', () => {
  const random = randomSource(7);
  for (let round = 0; round < 3000; round++) {
    const patterns = Array.from({ length: 1 + random(3) }, () => randomText(random, 7));
    for (const caseInsensitive of [false, true]) {
      const matcher = compileWildcardPatterns(patterns, caseInsensitive);
      const legacy = legacyEqlPatterns(patterns, caseInsensitive);
      for (const text of patterns.flatMap((pattern) => textsFor(random, pattern))) {
        assert.equal(matcher(text), legacy(text), `${JSON.stringify(patterns)} ~ ${JSON.stringify(text)} (ci ${caseInsensitive})`);
      }
    }
  }
});

test('Sigma strings (escapes, wildcards, windash) match exactly as the regex-based matcher did', () => {
  const random = randomSource(11);
  for (let round = 0; round < 3000; round++) {
    const raw = randomText(random, 8);
    const windash = random(2) === 0;
    const value = windash ? SigmaString.parse(raw).withWindash() : SigmaString.parse(raw);
    for (const lowerCase of [false, true]) {
      const alternatives = new StringAlternatives(lowerCase);
      const legacyAlternatives = new LegacyStringAlternatives(lowerCase);
      alternatives.add(value);
      legacyAlternatives.add(value);
      const matcher = alternatives.build()!;
      const legacy = legacyAlternatives.build()!;
      for (const text of textsFor(random, raw.replace(/\\/g, ''))) {
        const probe = lowerCase ? text.toLowerCase() : text;
        assert.equal(matcher(probe), legacy(probe), `${JSON.stringify(raw)} (windash ${windash}) ~ ${JSON.stringify(probe)}`);
      }
    }
  }
});

test('many windash positions become character choices', () => {
  const value = SigmaString.parse('-a -b -c -d').withWindash();
  const alternatives = new StringAlternatives(false);
  alternatives.add(value);
  const matcher = alternatives.build()!;
  assert.equal(matcher('/a \u2013b \u2014c -d'), true);
  assert.equal(matcher('/a \u2013b \u2014c +d'), false);
});

test('Sigma escapes stay literal: \\* \\? \\\\', () => {
  const alternatives = new StringAlternatives(false);
  alternatives.add(SigmaString.parse('a\\*b*c\\?d?e\\\\'));
  const matcher = alternatives.build()!;
  assert.equal(matcher('a*bXXc?dZe\\'), true);
  assert.equal(matcher('aXbXXc?dZe\\'), false);
  assert.equal(matcher('a*bXXcXdZe\\'), false);
});

test('`?` is one code point, as the u-flag regexes were', () => {
  const oneChar = globMatcher(parseWildcard('a?b'));
  assert.equal(oneChar('a😀b'), true);
  assert.equal(oneChar('a\ud83db'), true);
  assert.equal(oneChar('a\ud83d\ude00\ude00b'), false);
  const tail = globMatcher(parseWildcard('*?'));
  assert.equal(tail('😀'), true);
  const pair = globMatcher([ANY_CHARS, ONE_CHAR, ONE_CHAR] satisfies GlobPart[]);
  assert.equal(pair('😀'), false);
});

test('hostile input: many `*` against 10,000 characters of pattern fragments finishes in milliseconds', () => {
  const value = 'ab'.repeat(5000);
  const patterns = ['*a*a*a*a*a*a*a*a*c*', '*ab*ab*ab*ab?ab*abc', 'a*b*a*b*a*b*a*b*a*b*x', '*?a?*?b?*?a?*c'];
  const eql = compileWildcardPatterns(patterns, true);
  const sigma = new StringAlternatives(true);
  for (const pattern of patterns) sigma.add(SigmaString.parse(pattern));
  const sigmaMatcher = sigma.build()!;
  const started = performance.now();
  for (let i = 0; i < 20; i++) {
    assert.equal(eql(value), false);
    assert.equal(sigmaMatcher(value), false);
  }
  const elapsed = performance.now() - started;
  assert.ok(elapsed < 500, `took ${elapsed.toFixed(0)} ms`);
});
