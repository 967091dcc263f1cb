import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Hit } from '../../src/hunt/hit.js';
import { DetectionTally, emptySummary, MAX_MINUTES, NO_COMPUTER, TOP_ENTRIES } from '../../src/hunt/summary.js';
import type { RuleLevel } from '../../src/rules/types.js';
import { formatSummary } from '../../src/output/summary.js';

function hit(rule: string, level: RuleLevel, timestamp: string, computer: string | undefined): Hit {
  return {
    rule: { id: rule, title: `Rule ${rule}`, level, source: 'sigma', file: `${rule}.yml`, tags: [], references: [], falsepositives: [] },
    file: 'a.evtx',
    recordId: 1,
    recovered: false,
    timestamp,
    eventId: 1,
    channel: 'Security',
    computer,
    process: undefined,
    details: [],
    eventData: {},
  };
}

function tallied(hits: readonly Hit[]): ReturnType<DetectionTally['summary']> {
  const written: Hit[] = [];
  const tally = new DetectionTally({ write: (h) => written.push(h) });
  for (const h of hits) tally.write(h);
  assert.deepEqual(written, hits, 'every hit reaches the writer behind the tally, in order');
  return tally.summary();
}

const HITS = [
  hit('a', 'high', '2024-03-12T08:00:00.0000000Z', 'WS1'),
  hit('a', 'high', '2024-03-12T09:30:00.0000000Z', 'WS1'),
  hit('b', 'high', '2024-03-11T23:59:59.9999999Z', 'WS2'),
  hit('c', 'low', '2024-03-10T01:00:00.0000000Z', 'WS2'),
  hit('c', 'low', '2024-03-10T01:10:00.0000000Z', undefined),
  hit('d', 'critical', '2024-03-13T00:00:00.0000000Z', 'WS2'),
];

test('the detection summary: time span, total and unique per level, top dates, computers and rules', () => {
  const s = tallied(HITS);
  assert.equal(s.total, 6);
  assert.equal(s.unique, 4);
  assert.equal(s.first, '2024-03-10T01:00:00.0000000Z');
  assert.equal(s.last, '2024-03-13T00:00:00.0000000Z');
  assert.deepEqual(
    s.levels.map((l) => [l.level, l.total, l.unique]),
    [
      ['critical', 1, 1],
      ['high', 3, 2],
      ['low', 2, 1],
    ],
  );
  const high = s.levels[1]!;
  assert.deepEqual(high.topDates, [
    { key: '2024-03-12', total: 2, unique: 1 },
    { key: '2024-03-11', total: 1, unique: 1 },
  ]);
  assert.deepEqual(
    high.topRules.map((r) => [r.key.id, r.total]),
    [
      ['a', 2],
      ['b', 1],
    ],
  );
  // WS1 and WS2 have one rule each at high; WS1 has more detections.
  assert.deepEqual(
    high.topComputers.map((c) => c.key),
    ['WS1', 'WS2'],
  );
  assert.deepEqual(
    s.levels[2]!.topComputers.map((c) => c.key),
    [NO_COMPUTER, 'WS2'],
  );
  assert.deepEqual(s.topComputers[0], { key: 'WS2', total: 3, unique: 3 });
  assert.deepEqual(
    s.byHour.map((h) => [h.period, h.counts]),
    [
      ['2024-03-10T01', { low: 2 }],
      ['2024-03-11T23', { high: 1 }],
      ['2024-03-12T08', { high: 1 }],
      ['2024-03-12T09', { high: 1 }],
      ['2024-03-13T00', { critical: 1 }],
    ],
  );
});

test('minutes are counted up to MAX_MINUTES distinct ones, then only hours', () => {
  const at = (minute: number) => new Date(Date.UTC(2024, 0, 1) + minute * 60_000).toISOString();
  assert.deepEqual(tallied([hit('a', 'low', at(0), 'h'), hit('a', 'low', at(0), 'h'), hit('a', 'high', at(3), 'h')]).byMinute, [
    { period: '2024-01-01T00:00', counts: { low: 2 } },
    { period: '2024-01-01T00:03', counts: { high: 1 } },
  ]);
  const many = tallied(Array.from({ length: MAX_MINUTES + 1 }, (_, i) => hit('a', 'low', at(i), 'h')));
  assert.equal(many.byMinute, undefined);
  assert.equal(many.byHour.length, Math.ceil((MAX_MINUTES + 1) / 60));
});

test('the "most" lists keep the top five', () => {
  const many = Array.from({ length: 12 }, (_, i) =>
    hit(`r${i}`, 'medium', `2024-01-${String(i + 1).padStart(2, '0')}T00:00:00Z`, `host${i}`),
  );
  const level = tallied(many).levels[0]!;
  assert.equal(level.topDates.length, TOP_ENTRIES);
  assert.equal(level.topComputers.length, TOP_ENTRIES);
  assert.equal(level.topRules.length, TOP_ENTRIES);
  assert.equal(level.unique, 12);
});

test('the text summary says the facts, and how many rules are not listed', () => {
  const summary = { ...emptySummary(), hits: HITS.length };
  const text = formatSummary(summary, tallied(HITS));
  assert.match(text, /Detections from 2024-03-10 01:00:00 to 2024-03-13 00:00:00 UTC: 6 total, 4 unique/);
  assert.match(text, /high +3 \(50\.0%\) \| 2 unique \(50\.0%\)/);
  assert.match(text, /high +2024-03-12 \(2\), 2024-03-11 \(1\)/);
  assert.match(text, /Computers with most detections: WS2 \(3\), WS1 \(2\), \(no computer\) \(1\)/);
  assert.match(text, /2 +\[high\] Rule a \(sigma\)/);
  const many = Array.from({ length: 7 }, (_, i) => hit(`r${i}`, 'low', '2024-01-01T00:00:00Z', 'h'));
  assert.match(formatSummary(summary, tallied(many)), /\.\.\. and 2 more low rule\(s\)/);
  // --verbose: every rule that fired, and still the facts.
  const everyRule = formatSummary(
    { ...summary, hitsByRule: new Map(many.map((h) => [h.rule.id, { rule: h.rule, count: 1 }])) },
    tallied(many),
    true,
  );
  assert.equal((everyRule.match(/\[low\] Rule r\d/g) ?? []).length, 7);
  assert.doesNotMatch(everyRule, /more low rule/);
  assert.match(everyRule, /Detections from/);
});

test('a computer name from a log reaches the summary escaped', () => {
  const text = formatSummary(emptySummary(), tallied([hit('a', 'high', '2024-01-01T00:00:00Z', 'WS\u001b[2J1')]));
  assert.ok(!text.includes('\u001b'));
  assert.ok(text.includes('WS\\u{1b}[2J1'));
});
