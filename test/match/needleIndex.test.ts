/** The shared substring/suffix index agrees with includes/endsWith, also as needles are added. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LowerCaseMemo } from '../../src/rules/match/caseFold.js';
import { NeedleIndex } from '../../src/rules/match/needleIndex.js';

/** A deterministic generator, so a failure can be replayed. */
function randomSource(seed: number): (below: number) => number {
  let state = seed;
  return (below) => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return (state >>> 8) % below;
  };
}

function randomText(random: (below: number) => number, alphabet: string, maxLength: number): string {
  let text = '';
  const length = 1 + random(maxLength);
  for (let i = 0; i < length; i++) text += alphabet[random(alphabet.length)];
  return text;
}

test('containsAny and endsWithAny agree with includes and endsWith', () => {
  const random = randomSource(7);
  // A wide alphabet gives states with more children than the linear-search limit.
  const alphabet = 'abcdefghijklmnopqrstuvwxyz\\.-/ ';
  const index = new NeedleIndex();
  const needles: string[] = [];
  const ids: number[] = [];
  for (let round = 0; round < 4; round++) {
    for (let i = 0; i < 150; i++) {
      const needle = randomText(random, round % 2 === 0 ? 'ab' : alphabet, 5);
      needles.push(needle);
      ids.push(index.register(needle));
    }
    for (let t = 0; t < 200; t++) {
      const text = randomText(random, round % 2 === 0 ? 'abc' : alphabet, 40);
      needles.forEach((needle, n) => {
        const only = Int32Array.of(ids[n]);
        assert.equal(index.containsAny(text, only), text.includes(needle), `'${text}' includes '${needle}'`);
        assert.equal(index.endsWithAny(text, only), text.endsWith(needle), `'${text}' ends with '${needle}'`);
      });
    }
  }
});

test('a needle registered after a text was scanned is still found in that text', () => {
  const index = new NeedleIndex();
  const text = 'net share data /delete';
  const share = Int32Array.of(index.register('share'));
  assert.equal(index.containsAny(text, share), true);
  const deletion = Int32Array.of(index.register('/delete'));
  assert.equal(index.containsAny(text, deletion), true);
  assert.equal(index.endsWithAny(text, deletion), true);
  assert.equal(index.containsAny(text, Int32Array.of(index.register('/add'))), false);
});

test('a small dense table: child lists and fail links beyond it agree with includes and endsWith', () => {
  const random = randomSource(11);
  const alphabet = 'abc\\.-é';
  for (const denseCells of [0, 8, 64]) {
    const index = new NeedleIndex(undefined, denseCells);
    const needles = Array.from({ length: 300 }, () => randomText(random, alphabet, 6));
    const ids = needles.map((needle) => index.register(needle));
    for (let t = 0; t < 300; t++) {
      const text = randomText(random, alphabet, 30);
      needles.forEach((needle, n) => {
        const only = Int32Array.of(ids[n]!);
        assert.equal(index.containsAny(text, only), text.includes(needle), `${denseCells}: '${text}' includes '${needle}'`);
        assert.equal(index.endsWithAny(text, only), text.endsWith(needle), `${denseCells}: '${text}' ends with '${needle}'`);
      });
    }
  }
});

test('occurringFolded reads ASCII text as its lower case and gives up on anything else', () => {
  const random = randomSource(5);
  for (const denseCells of [0, 1 << 17]) {
    const index = new NeedleIndex(undefined, denseCells);
    const needles = Array.from({ length: 200 }, () => randomText(random, 'abxyz\\:', 5));
    const ids = needles.map((needle) => index.register(needle));
    for (let t = 0; t < 300; t++) {
      const raw = randomText(random, 'abABxyzXYZ\\:', 30);
      const count = index.occurringFolded(raw);
      const folded = [...index.occurringIds.subarray(0, count)].sort((a, b) => a - b);
      const lowered = raw.toLowerCase();
      const expected = needles.flatMap((needle, n) => (lowered.includes(needle) ? [ids[n]!] : []));
      assert.deepEqual(
        folded,
        [...new Set(expected)].sort((a, b) => a - b),
        `'${raw}'`,
      );
    }
    assert.equal(index.occurringFolded('ABx É'), -1);
  }
});

test('a text lower-cased through the memo after occurringFolded read it uses that result', () => {
  const memo = new LowerCaseMemo();
  const index = new NeedleIndex(memo);
  const whoami = Int32Array.of(index.register('whoami'));
  const ending = Int32Array.of(index.register('/all'));
  const raw = 'CMD /C WHOAMI /ALL';
  assert.equal(index.occurringFolded(raw), 2);
  const lowered = memo.lower(raw);
  assert.equal(index.containsAny(lowered, whoami), true);
  assert.equal(index.endsWithAny(lowered, ending), true);
  // Another text through the memo is scanned afresh.
  assert.equal(index.occurringFolded(raw), 2);
  assert.equal(index.containsAny(memo.lower('net user'), whoami), false);
});
