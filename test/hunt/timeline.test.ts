import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Hit } from '../../src/hunt/hit.js';
import { Timeline } from '../../src/hunt/timeline.js';
import type { RuleMeta } from '../../src/rules/types.js';

const rule = (id: string): RuleMeta => ({
  id,
  title: `rule ${id}`,
  level: 'high',
  source: 'sigma',
  file: `${id}.yml`,
  tags: [],
  references: [],
  falsepositives: [],
});
const RULE_A = rule('a');
const RULE_B = rule('b');

function hit(file: string, recordId: number | bigint, timestamp: string, extra: Partial<Hit> = {}): Hit {
  return {
    rule: RULE_A,
    file,
    recordId,
    recovered: false,
    timestamp,
    eventId: 4688,
    channel: 'Security',
    computer: 'WS01',
    process: undefined,
    details: [['Image', `image of ${recordId}`]],
    eventData: Object.assign(Object.create(null) as Record<string, string>, { NewProcessName: `p${recordId}` }),
    ...extra,
  };
}

function drained(timeline: Timeline): { hits: Hit[]; duplicates: number; spilled: number } {
  const hits: Hit[] = [];
  const outcome = timeline.drain((h) => hits.push(h));
  return { hits, ...outcome };
}

const where = (h: Hit): string => `${h.timestamp} ${h.file}#${h.recordId}`;

test('hits come out in time order across files, ties by file then record id, whatever order they came in', () => {
  const timeline = new Timeline();
  timeline.add(hit('b.evtx', 7, '2024-01-01T10:00:02.0000000Z'));
  timeline.add(hit('b.evtx', 5, '2024-01-01T10:00:00.5000000Z'));
  timeline.add(hit('a.evtx', 9, '2024-01-01T10:00:01.0000000Z'));
  timeline.add(hit('a.evtx', 3, '2024-01-01T10:00:02.0000000Z'));
  timeline.add(hit('b.evtx', 2, '2024-01-01T10:00:02.0000000Z'));
  // A shorter fraction is the same instant written with fewer digits: 10:00:00.5 < 10:00:00.51.
  timeline.add(hit('a.evtx', 1, '2024-01-01T10:00:00.51Z'));
  const { hits, duplicates } = drained(timeline);
  assert.deepEqual(hits.map(where), [
    '2024-01-01T10:00:00.5000000Z b.evtx#5',
    '2024-01-01T10:00:00.51Z a.evtx#1',
    '2024-01-01T10:00:01.0000000Z a.evtx#9',
    // Files in the order the run first reported them (b before a), then record id.
    '2024-01-01T10:00:02.0000000Z b.evtx#2',
    '2024-01-01T10:00:02.0000000Z b.evtx#7',
    '2024-01-01T10:00:02.0000000Z a.evtx#3',
  ]);
  assert.equal(duplicates, 0);
});

test('the same event in two files is one hit listing the other file; another rule on it, or other data, is not a duplicate', () => {
  const timeline = new Timeline();
  const time = '2024-01-01T10:00:00.0000000Z';
  timeline.add(hit('live/Security.evtx', 10, time));
  timeline.add(hit('live/Security.evtx', 10, time, { rule: RULE_B }));
  timeline.add(hit('vss/Security.evtx', 10, time));
  timeline.add(hit('vss/Security.evtx', 10, time, { rule: RULE_B }));
  timeline.add(hit('other/Security.evtx', 10, time, { computer: 'WS02' }));
  const changed = hit('tampered/Security.evtx', 10, time);
  timeline.add({ ...changed, eventData: { NewProcessName: 'other' } });
  const { hits, duplicates } = drained(timeline);
  assert.equal(duplicates, 2);
  assert.deepEqual(
    hits.map((h) => `${h.rule.id} ${h.file} ${h.computer} also:${(h.alsoIn ?? []).join(',')}`),
    [
      'a live/Security.evtx WS01 also:vss/Security.evtx',
      'b live/Security.evtx WS01 also:vss/Security.evtx',
      'a other/Security.evtx WS02 also:',
      'a tampered/Security.evtx WS01 also:',
    ],
  );
});

test('a carved copy of a live record is not a hit of its own, whichever file or order it comes in', () => {
  const timeline = new Timeline();
  const time = '2024-01-01T10:00:00.0000000Z';
  timeline.add(hit('a.evtx', 4, time, { recovered: true }));
  timeline.add(hit('b.evtx', 4, time));
  timeline.add(hit('b.evtx', 4, time, { recovered: true }));
  // Carved only, in two files: one carved hit, listing the other file.
  timeline.add(hit('a.evtx', 5, time, { recovered: true }));
  timeline.add(hit('b.evtx', 5, time, { recovered: true }));
  const { hits, duplicates } = drained(timeline);
  assert.equal(duplicates, 3);
  assert.deepEqual(
    hits.map((h) => `${h.file}#${h.recordId} ${h.recovered ? 'carved' : 'live'} also:${(h.alsoIn ?? []).join(',')}`),
    ['a.evtx#5 carved also:b.evtx', 'b.evtx#4 live also:'],
  );
});

test('past the hits held in memory, sorted runs go to temporary files and merge into the same timeline, which are then removed', () => {
  const add = (timeline: Timeline): void => {
    for (let i = 0; i < 250; i++) {
      const file = `f${i % 3}.evtx`;
      const second = String((i * 37) % 60).padStart(2, '0');
      timeline.add(
        hit(file, i % 3 === 0 ? BigInt(2 ** 53) + BigInt(i) : i, `2024-01-01T10:00:${second}.0000000Z`, { rule: i % 2 ? RULE_A : RULE_B }),
      );
      // Every tenth hit again, from another file: folded whether both copies are in memory or on disk.
      if (i % 10 === 0)
        timeline.add(
          hit(`copy${file}`, i % 3 === 0 ? BigInt(2 ** 53) + BigInt(i) : i, `2024-01-01T10:00:${second}.0000000Z`, {
            rule: i % 2 ? RULE_A : RULE_B,
          }),
        );
    }
  };
  const inMemory = new Timeline();
  add(inMemory);
  const expected = drained(inMemory);
  assert.equal(expected.spilled, 0);
  assert.equal(expected.duplicates, 25);

  const directory = mkdtempSync(join(tmpdir(), 'hunt-timeline-test-'));
  const spilling = new Timeline({ hitsInMemory: 16, spillDirectory: directory });
  add(spilling);
  assert.ok(readdirSync(directory).length > 0, 'runs were written while hits were added');
  const merged = drained(spilling);
  assert.ok(merged.spilled >= 15, `${merged.spilled} runs`);
  assert.equal(merged.duplicates, expected.duplicates);
  assert.deepEqual(
    merged.hits.map((h) => `${where(h)} ${h.rule.id} ${h.alsoIn?.join(',')} ${h.details[0]![1]}`),
    expected.hits.map((h) => `${where(h)} ${h.rule.id} ${h.alsoIn?.join(',')} ${h.details[0]![1]}`),
  );
  // The rule objects are the run's own again, and EventData has no prototype, as the hunt made it.
  assert.ok(merged.hits.every((h) => h.rule === RULE_A || h.rule === RULE_B));
  assert.ok(merged.hits.every((h) => Object.getPrototypeOf(h.eventData) === null));
  assert.deepEqual(readdirSync(directory), []);
  rmSync(directory, { recursive: true });

  const folders = (): string[] => readdirSync(tmpdir()).filter((name) => name.startsWith('hunt-timeline-'));
  const before = new Set(folders());
  const ownFolder = new Timeline({ hitsInMemory: 16 });
  add(ownFolder);
  const made = folders().filter((name) => !before.has(name));
  assert.equal(made.length, 1, 'a temporary folder of its own');
  drained(ownFolder);
  assert.ok(!existsSync(join(tmpdir(), made[0]!)), 'its temporary folder is removed');
});

test('copies of one event are folded as they come, so they neither fill memory nor reach temporary files', () => {
  const directory = mkdtempSync(join(tmpdir(), 'hunt-timeline-test-'));
  const timeline = new Timeline({ hitsInMemory: 16, spillDirectory: directory });
  const time = '2024-01-01T10:00:00.0000000Z';
  // A carved copy first, then live copies from three files, 1,000 times over, and one other event.
  for (let i = 0; i < 1000; i++) {
    timeline.add(hit('vss.evtx', 7, time, { recovered: true }));
    timeline.add(hit(`host${i % 3}.evtx`, 7, time));
  }
  timeline.add(hit('host0.evtx', 8, time));
  // Alone at its instant, a hit still lists the copies folded into it.
  timeline.add(hit('host0.evtx', 9, '2024-01-01T11:00:00.0000000Z'));
  timeline.add(hit('host1.evtx', 9, '2024-01-01T11:00:00.0000000Z'));
  const { hits, duplicates, spilled } = drained(timeline);
  assert.equal(spilled, 0);
  assert.deepEqual(readdirSync(directory), []);
  rmSync(directory, { recursive: true });
  assert.equal(duplicates, 2000);
  // The live copy of the file the run reached first is kept; a carved copy of a live record is no more evidence.
  assert.deepEqual(
    hits.map((h) => `${h.file}#${h.recordId} ${h.recovered ? 'carved' : 'live'} also:${(h.alsoIn ?? []).join(',')}`),
    ['host0.evtx#7 live also:host1.evtx,host2.evtx', 'host0.evtx#8 live also:', 'host0.evtx#9 live also:host1.evtx'],
  );
});

test('hits at one location with other data are compared as they come only up to a bound, and still all reported', () => {
  const timeline = new Timeline({ hitsInMemory: 100_000 });
  const time = '2024-01-01T10:00:00.0000000Z';
  const tampered = (n: number): Hit => ({ ...hit('a.evtx', 1, time), eventData: { NewProcessName: `p${n}` } });
  for (let n = 0; n < 300; n++) timeline.add(tampered(n));
  // The copies of the last ones, past the bound of hits compared as they come, are folded at the end.
  for (let n = 290; n < 300; n++) timeline.add({ ...tampered(n), file: 'b.evtx' });
  const { hits, duplicates } = drained(timeline);
  assert.equal(hits.length, 300);
  assert.equal(duplicates, 10);
  assert.ok(hits.slice(290).every((h) => h.alsoIn?.join() === 'b.evtx'));
});
