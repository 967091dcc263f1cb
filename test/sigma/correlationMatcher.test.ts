/**
 * The correlation matcher on its own: windows per group, their time edges (an event exactly
 * `timespan` after the window's first is inside, one millisecond later is not), the comparisons,
 * distinct values, and the order of temporal_ordered.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Comparison, CorrelationType } from '../../src/rules/sigma/model/correlation.js';
import { CorrelationMatcher, MAX_EVENTS_PER_GROUP, MAX_PENDING_EVENTS, overRules } from '../../src/rules/sigma/index.js';
import type { TemporalMatch } from '../../src/rules/types.js';

const SECOND = 1_000;
const SPAN = 10 * SECOND;

/** One event: its name, time, the steps it matched, its group and (value_count) value. */
interface Observed {
  readonly name: string;
  readonly at: number;
  readonly steps?: readonly number[];
  readonly group?: string;
  readonly value?: string;
}

function matcher(type: CorrelationType, condition: readonly Comparison[], stepCount = 1): CorrelationMatcher<string> {
  return new CorrelationMatcher<string>(overRules({ type, stepCount, timespanMs: SPAN, condition }));
}

/** Every hit of the events, as the names of the events each lists, in the order they were decided. */
function run(correlation: CorrelationMatcher<string>, events: readonly Observed[]): string[][] {
  const hits: TemporalMatch<string>[] = [];
  for (const { name, at, steps = [0], group = 'host', value } of events) {
    hits.push(
      ...correlation.observe(
        name,
        at,
        steps.map((step) => ({ step, key: group, value })),
      ),
    );
  }
  hits.push(...correlation.finish());
  return hits.map((hit) => [...hit.events]);
}

const gte = (value: number): Comparison[] => [{ operator: 'gte', value }];

test('event_count: the event exactly timespan after the first is inside the window', () => {
  const events = [
    { name: 'a', at: 0 },
    { name: 'b', at: 4 * SECOND },
    { name: 'c', at: SPAN },
  ];
  assert.deepEqual(run(matcher('event_count', gte(3)), events), [['a', 'b', 'c']]);
});

test('event_count: one millisecond after the span is outside, and the window slides to the next event', () => {
  const events = [
    { name: 'a', at: 0 },
    { name: 'b', at: 4 * SECOND },
    { name: 'c', at: SPAN + 1 },
  ];
  assert.deepEqual(run(matcher('event_count', gte(3)), events), []);
  // b and c are within a span of each other: the window from b holds two
  assert.deepEqual(run(matcher('event_count', gte(2)), events), [['a', 'b']]);
  assert.deepEqual(run(matcher('event_count', gte(2)), events.slice(0, 1).concat(events.slice(2))), []);
});

test('event_count: a window that is a hit lists all its events and the next window starts after it', () => {
  const events = ['a', 'b', 'c', 'd', 'e'].map((name, index) => ({ name, at: index * SECOND }));
  assert.deepEqual(run(matcher('event_count', gte(2)), events), [['a', 'b', 'c', 'd', 'e']]);
  const later = [...events, { name: 'f', at: 30 * SECOND }, { name: 'g', at: 31 * SECOND }];
  assert.deepEqual(run(matcher('event_count', gte(2)), later), [
    ['a', 'b', 'c', 'd', 'e'],
    ['f', 'g'],
  ]);
});

test('event_count: a failing window slides one event at a time', () => {
  // from a (0s) the window holds a, b; from b (8s) it holds b, c, d
  const events = [
    { name: 'a', at: 0 },
    { name: 'b', at: 8 * SECOND },
    { name: 'c', at: 12 * SECOND },
    { name: 'd', at: 18 * SECOND },
  ];
  assert.deepEqual(run(matcher('event_count', gte(3)), events), [['b', 'c', 'd']]);
});

test('event_count: gt, gte, eq, neq, lt and lte at their boundaries', () => {
  const three = ['a', 'b', 'c'].map((name, index) => ({ name, at: index * SECOND }));
  const count = (condition: Comparison[]): number => run(matcher('event_count', condition), three).length;
  assert.equal(count([{ operator: 'gt', value: 2 }]), 1);
  assert.equal(count([{ operator: 'gt', value: 3 }]), 0);
  assert.equal(count([{ operator: 'gte', value: 3 }]), 1);
  assert.equal(count([{ operator: 'gte', value: 4 }]), 0);
  assert.equal(count([{ operator: 'lte', value: 3 }]), 1);
  assert.equal(count([{ operator: 'lt', value: 4 }]), 1);
  assert.equal(count([{ operator: 'neq', value: 4 }]), 1);
  // a window of three is not "fewer than three": it slides, and the window from b (b, c) is
  assert.deepEqual(run(matcher('event_count', [{ operator: 'lt', value: 3 }]), three), [['b', 'c']]);
  assert.deepEqual(run(matcher('event_count', [{ operator: 'eq', value: 2 }]), three), [['b', 'c']]);
  assert.deepEqual(run(matcher('event_count', [{ operator: 'eq', value: 3 }]), three), [['a', 'b', 'c']]);
  assert.deepEqual(run(matcher('event_count', [{ operator: 'neq', value: 3 }]), three), [['b', 'c']]);
});

test('event_count: a range (gt and lte) holds only within it', () => {
  const range: Comparison[] = [
    { operator: 'gt', value: 1 },
    { operator: 'lte', value: 2 },
  ];
  const events = (count: number): Observed[] => Array.from({ length: count }, (_, index) => ({ name: `e${index}`, at: index * SECOND }));
  assert.deepEqual(run(matcher('event_count', range), events(1)), []);
  assert.deepEqual(run(matcher('event_count', range), events(2)), [['e0', 'e1']]);
  // three in the window is over the range; sliding leaves e1, e2
  assert.deepEqual(run(matcher('event_count', range), events(3)), [['e1', 'e2']]);
});

test('event_count: lt decides at the window close: a later event in another group closes it', () => {
  const correlation = matcher('event_count', [{ operator: 'lt', value: 2 }]);
  assert.deepEqual(correlation.observe('a', 0, [{ step: 0, key: 'x' }]), []);
  assert.deepEqual(correlation.observe('b', SPAN, [{ step: 0, key: 'y' }]), [], 'the event at the edge is still inside');
  assert.deepEqual(
    correlation.observe('c', 2 * SPAN, [{ step: 0, key: 'y' }]).map((hit) => hit.events),
    [['a']],
  );
  // c is at the edge of b's window: b, c are two, not fewer than two; the window slides to c alone
  assert.deepEqual(
    correlation.finish().map((hit) => hit.events),
    [['c']],
  );
});

test('group-by: groups count separately', () => {
  const events = [
    { name: 'x1', at: 0, group: 'x' },
    { name: 'y1', at: 1 * SECOND, group: 'y' },
    { name: 'x2', at: 2 * SECOND, group: 'x' },
    { name: 'y2', at: SPAN + 2 * SECOND, group: 'y' },
  ];
  assert.deepEqual(run(matcher('event_count', gte(2)), events), [['x1', 'x2']]);
});

test('value_count: distinct values within the span; repeats and events without the value do not count', () => {
  const events = [
    { name: 'a', at: 0, value: 'alice' },
    { name: 'b', at: 1 * SECOND, value: 'alice' },
    { name: 'c', at: 2 * SECOND },
    { name: 'd', at: SPAN, value: 'bob' },
  ];
  assert.deepEqual(run(matcher('value_count', gte(2)), events), [['a', 'b', 'd']]);
  assert.deepEqual(run(matcher('value_count', gte(3)), events), []);
  const outside = [...events.slice(0, 3), { name: 'd', at: SPAN + 1, value: 'bob' }];
  assert.deepEqual(run(matcher('value_count', gte(2)), outside), [['b', 'd']]);
  assert.deepEqual(run(matcher('value_count', gte(2)), [events[0]!, { name: 'd', at: SPAN + 1, value: 'bob' }]), []);
});

test('temporal: every referenced rule within the span, in any order', () => {
  const events = [
    { name: 'b', at: 0, steps: [1] },
    { name: 'b2', at: 1 * SECOND, steps: [1] },
    { name: 'a', at: SPAN, steps: [0] },
  ];
  assert.deepEqual(run(matcher('temporal', gte(2), 2), events), [['b', 'b2', 'a']]);
  const late = [events[0]!, { name: 'a', at: SPAN + 1, steps: [0] }];
  assert.deepEqual(run(matcher('temporal', gte(2), 2), late), []);
  assert.deepEqual(run(matcher('temporal', gte(2), 2), events.slice(0, 2)), []);
});

test('temporal: one event that matches two referenced rules counts for both', () => {
  assert.deepEqual(run(matcher('temporal', gte(2), 2), [{ name: 'ab', at: 0, steps: [0, 1] }]), [['ab']]);
});

test('temporal: a condition asks for some of the referenced rules', () => {
  const events = [
    { name: 'a', at: 0, steps: [0] },
    { name: 'c', at: 1 * SECOND, steps: [2] },
  ];
  assert.deepEqual(run(matcher('temporal', gte(2), 3), events), [['a', 'c']]);
  assert.deepEqual(run(matcher('temporal', gte(3), 3), events), []);
});

test('temporal_ordered: the rules must occur in their order within the span', () => {
  const inOrder = [
    { name: 'a', at: 0, steps: [0] },
    { name: 'b', at: SPAN, steps: [1] },
  ];
  assert.deepEqual(run(matcher('temporal_ordered', gte(2), 2), inOrder), [['a', 'b']]);
  const reversed = [
    { name: 'b', at: 0, steps: [1] },
    { name: 'a', at: 1 * SECOND, steps: [0] },
  ];
  assert.deepEqual(run(matcher('temporal_ordered', gte(2), 2), reversed), []);
  const late = [inOrder[0]!, { name: 'b', at: SPAN + 1, steps: [1] }];
  assert.deepEqual(run(matcher('temporal_ordered', gte(2), 2), late), []);
  // b before a does not spoil a later a, b
  const after = [...reversed, { name: 'b2', at: 2 * SECOND, steps: [1] }];
  assert.deepEqual(run(matcher('temporal_ordered', gte(2), 2), after), [['b', 'a', 'b2']]);
});

test('temporal_ordered: different groups do not join', () => {
  const events = [
    { name: 'a', at: 0, steps: [0], group: 'alice' },
    { name: 'b', at: 1 * SECOND, steps: [1], group: 'bob' },
  ];
  assert.deepEqual(run(matcher('temporal_ordered', gte(2), 2), events), []);
});

test('a group past its cap drops its oldest events and counts them', () => {
  const correlation = matcher('event_count', gte(1));
  const events = Array.from({ length: MAX_EVENTS_PER_GROUP + 5 }, (_, index) => ({ name: `e${index}`, at: 0 }));
  const hits = run(correlation, events);
  assert.equal(correlation.dropped, 5);
  assert.equal(hits.length, 1);
  assert.equal(hits[0]!.length, MAX_EVENTS_PER_GROUP);
  assert.equal(hits[0]![0], 'e5');
});

test('past the pending cap over all groups, new events are dropped and counted', () => {
  const correlation = matcher('event_count', gte(1));
  for (let index = 0; index < MAX_PENDING_EVENTS + 3; index++) correlation.observe(`e${index}`, 0, [{ step: 0, key: `user${index}` }]);
  assert.equal(correlation.dropped, 3);
  assert.equal(correlation.finish().length, MAX_PENDING_EVENTS);
});

test('state expires: a group whose window closed keeps nothing, and its hit comes with a later event', () => {
  const correlation = matcher('event_count', gte(1));
  assert.deepEqual(correlation.observe('a', 0, [{ step: 0, key: 'x' }]), []);
  const hits = correlation.observe('b', 3 * SPAN, [{ step: 0, key: 'y' }]);
  assert.deepEqual(
    hits.map((hit) => hit.events),
    [['a']],
  );
  assert.deepEqual(
    correlation.finish().map((hit) => hit.events),
    [['b']],
  );
});

/** The spec's example: many failed logons (step 0, an event_count), then a successful one (step 1). */
function bruteForce(): CorrelationMatcher<string> {
  const failures = overRules({ type: 'event_count', stepCount: 1, timespanMs: SPAN, condition: gte(3) });
  const window = { type: 'temporal_ordered' as const, stepCount: 2, timespanMs: SPAN, condition: gte(2) };
  return new CorrelationMatcher<string>({ window, references: [failures, undefined] });
}

const failed = (name: string, at: number, group = 'alice'): Observed => ({ name, at, steps: [0], group });
const succeeded = (name: string, at: number, group = 'alice'): Observed => ({ name, at, steps: [1], group });

test('chained: a correlation of a correlation lists the events of both, in time order', () => {
  const events = [failed('f1', 0), failed('f2', 1 * SECOND), failed('f3', 2 * SECOND), succeeded('s', 3 * SECOND)];
  assert.deepEqual(run(bruteForce(), events), [['f1', 'f2', 'f3', 's']]);
});

test('chained: the referenced correlation happened when it met its condition (the third failure)', () => {
  // a fourth failure after the success is still in the failures' window, but the success came after the third
  const after = [failed('f1', 0), failed('f2', 1 * SECOND), failed('f3', 2 * SECOND), succeeded('s', 3 * SECOND), failed('f4', 4 * SECOND)];
  assert.deepEqual(run(bruteForce(), after), [['f1', 'f2', 'f3', 's', 'f4']]);
  // the success before the third failure is not "after many failures"
  const before = [failed('f1', 0), failed('f2', 1 * SECOND), succeeded('s', 1500), failed('f3', 2 * SECOND)];
  assert.deepEqual(run(bruteForce(), before), []);
});

test('chained: the outer span counts from the referenced hit: just inside and just outside', () => {
  const failures = [failed('f1', 0), failed('f2', 1 * SECOND), failed('f3', 2 * SECOND)];
  assert.deepEqual(run(bruteForce(), [...failures, succeeded('s', 2 * SECOND + SPAN)]), [['f1', 'f2', 'f3', 's']]);
  assert.deepEqual(run(bruteForce(), [...failures, succeeded('s', 2 * SECOND + SPAN + 1)]), []);
});

test('chained: groups stay apart, and the hit comes before the end once the windows are decided', () => {
  const correlation = bruteForce();
  const events = [failed('f1', 0), failed('f2', 1 * SECOND), failed('f3', 2 * SECOND), succeeded('s-bob', 3 * SECOND, 'bob')];
  assert.deepEqual(run(correlation, events), []);
  const live = bruteForce();
  for (const { name, at, steps = [0], group = 'alice' } of [...events.slice(0, 3), succeeded('s', 3 * SECOND)]) {
    assert.deepEqual(
      live.observe(
        name,
        at,
        steps.map((step) => ({ step, key: group })),
      ),
      [],
    );
  }
  // an event long after: every window is decided
  const hits = live.observe('late', 10 * SPAN, [{ step: 1, key: 'carol' }]);
  assert.deepEqual(
    hits.map((hit) => hit.events),
    [['f1', 'f2', 'f3', 's']],
  );
});
