/** The shared substring/suffix index agrees with includes/endsWith, also as needles are added. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
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
