/** The sequence matcher's semantics on small made-up events: keys, maxspan, until, runs, missing events, memory bounds. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FieldValue } from '../../src/events/types.js';
import { compileEqlQuery } from '../../src/rules/eql/index.js';
import { newSequenceMatcher } from '../../src/rules/eql/sequence/matcher.js';
import type { RuleMeta, TemporalRule } from '../../src/rules/types.js';
import { ecsEvent } from './helpers.js';
import { runTemporal, type TimedEvent } from './temporal.js';
import { isInvalid } from '../ruleProblems.js';

const META: RuleMeta = {
  id: 'seq',
  title: 'seq',
  level: 'low',
  source: 'eql',
  file: '<test>',
  tags: [],
  references: [],
  falsepositives: [],
};

function sequence(query: string): TemporalRule {
  const compiled = compileEqlQuery(query, META);
  assert.equal(compiled.kind, 'sequence');
  return compiled.rule as TemporalRule;
}

/** Events named by `id`, of category `category`, at `time` seconds. */
function events(...specs: [id: string, category: string, time: number, fields?: Record<string, FieldValue>][]): TimedEvent<string>[] {
  return specs.map(([id, category, time, fields = {}]) => ({
    item: id,
    time: time * 1000,
    event: ecsEvent({ id, ...fields }, [category]),
  }));
}

function matches(query: string, input: TimedEvent<string>[]): string[] {
  return runTemporal(sequence(query), input).matches.map((match) => match.join(' '));
}

test('steps join on the sequence key and their own keys, position by position', () => {
  const query = 'sequence by user [process where true] by pid [network where true] by ppid';
  const input = events(
    ['a', 'process', 0, { user: 'u1', pid: 10 }],
    ['b', 'network', 1, { user: 'u1', ppid: 11 }],
    ['c', 'network', 2, { user: 'u2', ppid: 10 }],
    ['d', 'network', 3, { user: 'u1', ppid: '10' }],
    ['e', 'network', 4, { user: 'u1' }],
  );
  // b: another pid; c: another user; d joins ("10" and 10 are one key); e has no key.
  assert.deepEqual(matches(query, input), ['a d']);
});

test('maxspan is inclusive; an until event ends the partial matches of its key only', () => {
  const span = 'sequence by k with maxspan=10s [process where true] [file where true]';
  assert.deepEqual(matches(span, events(['a', 'process', 0, { k: 1 }], ['b', 'file', 10, { k: 1 }])), ['a b']);
  assert.deepEqual(matches(span, events(['a', 'process', 0, { k: 1 }], ['b', 'file', 10.001, { k: 1 }])), []);
  const until = 'sequence by k [process where true] [file where true] until [network where true]';
  const input = events(
    ['a1', 'process', 0, { k: 1 }],
    ['a2', 'process', 0, { k: 2 }],
    ['u', 'network', 1, { k: 1 }],
    ['b1', 'file', 2, { k: 1 }],
    ['b2', 'file', 2, { k: 2 }],
    ['a3', 'process', 3, { k: 1 }],
    ['b3', 'file', 4, { k: 1 }],
  );
  assert.deepEqual(matches(until, input), ['a2 b2', 'a3 b3']);
});

test('a new first event restarts its key’s partial match; one event can end a match and start the next', () => {
  const query = 'sequence [process where true] [process where true]';
  assert.deepEqual(matches(query, events(['a', 'process', 0], ['b', 'process', 1], ['c', 'process', 2])), ['a b', 'b c']);
  const restart = 'sequence [process where true] [file where true]';
  assert.deepEqual(matches(restart, events(['a', 'process', 0], ['b', 'process', 1], ['c', 'file', 2], ['d', 'file', 3])), ['b c']);
});

test('runs=N is N consecutive positions of one step', () => {
  const query = 'sequence with maxspan=1m [process where true] with runs=3 [file where true]';
  const input = events(['a', 'process', 0], ['b', 'process', 1], ['c', 'process', 2], ['f', 'file', 3]);
  assert.deepEqual(matches(query, input), ['a b c f']);
  assert.equal(sequence(query).steps.length, 2, 'the repeated step is one filter');
});

test('missing events: between steps, before the first, after the last', () => {
  const between = 'sequence by k [process where true] ![network where true] [file where true]';
  assert.deepEqual(matches(between, events(['a', 'process', 0, { k: 1 }], ['n', 'network', 1, { k: 1 }], ['f', 'file', 2, { k: 1 }])), []);
  assert.deepEqual(matches(between, events(['a', 'process', 0, { k: 1 }], ['n', 'network', 1, { k: 2 }], ['f', 'file', 2, { k: 1 }])), [
    'a f',
  ]);
  const leading = 'sequence by k with maxspan=10s ![network where true] [process where true] [file where true]';
  assert.deepEqual(matches(leading, events(['n', 'network', 0, { k: 1 }], ['a', 'process', 5, { k: 1 }], ['f', 'file', 6, { k: 1 }])), []);
  assert.deepEqual(matches(leading, events(['n', 'network', 0, { k: 1 }], ['a', 'process', 11, { k: 1 }], ['f', 'file', 12, { k: 1 }])), [
    'a f',
  ]);
  const trailing = 'sequence by k with maxspan=10s [process where true] [file where true] ![network where true]';
  assert.deepEqual(matches(trailing, events(['a', 'process', 0, { k: 1 }], ['f', 'file', 1, { k: 1 }], ['n', 'network', 9, { k: 1 }])), []);
  // Due once maxspan after its first event has passed (given out by a later event, or at the end).
  assert.deepEqual(matches(trailing, events(['a', 'process', 0, { k: 1 }], ['f', 'file', 1, { k: 1 }], ['n', 'network', 11, { k: 1 }])), [
    'a f',
  ]);
  assert.deepEqual(matches(trailing, events(['a', 'process', 0, { k: 1 }], ['f', 'file', 1, { k: 1 }])), ['a f']);
  assert.throws(() => sequence('sequence [process where true] [file where true] ![network where true]'), isInvalid, 'needs maxspan');
  const alone = 'sequence by k with maxspan=10s [process where true] ![network where true]';
  assert.deepEqual(matches(alone, events(['a', 'process', 0, { k: 1 }], ['n', 'network', 5, { k: 1 }], ['b', 'process', 20, { k: 1 }])), [
    'b',
  ]);
});

test('memory: past the key bound the least recently seen key is dropped and counted', () => {
  const rule = sequence('sequence by k [process where true] [file where true]');
  const matcher = newSequenceMatcher<string>({ positions: [0, 1], missingGaps: new Map(), untilStep: undefined, maxspanMs: undefined }, 2);
  const observe = (item: string, time: number, step: number, key: string) => matcher.observe(item, time, [{ step, key }]);
  observe('a', 0, 0, 'k1');
  observe('b', 1, 0, 'k2');
  observe('c', 2, 0, 'k3');
  assert.equal(matcher.dropped, 1, 'k1 made room for k3');
  assert.deepEqual(observe('d', 3, 1, 'k1'), []);
  assert.deepEqual(
    observe('e', 4, 1, 'k3').map((match) => match.events),
    [['c', 'e']],
  );
  assert.equal(rule.steps.length, 2);
});

test('join keys of the host are left out where events lack them: the hunt joins per host', () => {
  const catalogue = { categories: ['process', 'file'], hasField: (_category: string, field: string) => field !== 'host.id' };
  const compiled = compileEqlQuery('sequence by host.id, k [process where true] [file where true]', META, undefined, catalogue);
  assert.equal(compiled.kind, 'sequence');
  const rule = compiled.rule as TemporalRule;
  assert.equal(rule.steps[0]!.key(ecsEvent({ k: 'x' }, ['process'])), JSON.stringify(['x']));
  assert.throws(
    () =>
      compileEqlQuery('sequence [process where true] by pid [file where true] by nope', META, undefined, {
        ...catalogue,
        hasField: (_c, f) => f !== 'nope',
      }),
    /join key nope is not in file events/,
  );
});
