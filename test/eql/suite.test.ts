/**
 * Elasticsearch's EQL QA suite (../shared/corpus/eql-suite, see its README): every query runs
 * through our engine, single-event queries as rules, sequences through the TemporalRule path the
 * hunt uses, and must give Elasticsearch's event ids. Queries we still answer differently are
 * listed in EXPECTED_FAILURES with the reason; a listed query that starts passing fails the test.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'smol-toml';
import type { DetectableEvent, FieldValue } from '../../src/events/types.js';
import { applyPipes, compileEqlQuery } from '../../src/rules/eql/index.js';
import type { RuleMeta } from '../../src/rules/types.js';
import { fieldSource, sharedDirectory } from './helpers.js';
import { runTemporal, type TimedEvent } from './temporal.js';

const shared = sharedDirectory();
const suiteDirectory = shared && join(shared, 'corpus/eql-suite');

/** Queries whose answer still differs from Elasticsearch's, by name, with why. */
const EXPECTED_FAILURES: ReadonlyMap<string, string> = new Map();

/** Elasticsearch's default `size`: at most this many events or sequences come back. */
const RESULT_SIZE = 50;

const META: RuleMeta = {
  id: 'suite',
  title: 'suite',
  level: 'low',
  source: 'eql',
  file: 'test_queries.toml',
  tags: [],
  references: [],
  falsepositives: [],
};

interface SuiteQuery {
  readonly name: string;
  readonly query: string;
  readonly expected: readonly (readonly number[])[];
}

/** 100 ns ticks from 1601 to 1970. */
const FILETIME_EPOCH = 116444736000000000n;

/** The suite's events as Elasticsearch indexes them (endgame-140.mapping), ordered by @timestamp then serial_event_id. */
function suiteEvents(directory: string): TimedEvent<number>[] {
  const records = JSON.parse(readFileSync(join(directory, 'test_data.json'), 'utf8')) as Record<string, unknown>[];
  const events = records.map((record) => {
    const fields: Record<string, FieldValue> = {};
    for (const [name, value] of Object.entries(record)) {
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') fields[name] = value;
      else if (Array.isArray(value)) fields[name] = value.map(String);
    }
    // JSON.parse rounds the 18-digit filetimes; only milliseconds matter, and the text keeps them exact.
    const filetime = BigInt(String(record['timestamp']));
    const time = Number((filetime - FILETIME_EPOCH) / 10_000n);
    fields['@timestamp'] = new Date(time).toISOString();
    fields['event.category'] = fields['event_type']!;
    fields['event.sequence'] = fields['serial_event_id']!;
    const source = fieldSource(fields);
    const event: DetectableEvent = {
      logsource: {
        product: 'windows',
        services: [],
        categories: [],
        ecsCategories: [String(record['event_type'])],
        channel: 'endgame',
        eventId: 0,
      },
      sigma: source,
      ecs: source,
    };
    return { item: record['serial_event_id'] as number, time, event };
  });
  return events.sort((left, right) => left.time - right.time || left.item - right.item);
}

function suiteQueries(directory: string): SuiteQuery[] {
  const document = parse(readFileSync(join(directory, 'test_queries.toml'), 'utf8')) as { queries: Record<string, unknown>[] };
  return document.queries.map((entry, index) => {
    const ids = entry['expected_event_ids'] as (number | number[])[];
    const expected = ids.length > 0 && Array.isArray(ids[0]) ? (ids as number[][]) : [ids as number[]];
    return { name: String(entry['name'] ?? `query ${index + 1}`), query: String(entry['query']).trim(), expected };
  });
}

/** Our answer: the ids of the events (or of each sequence's events, sequence after sequence). */
function run(query: string, events: readonly TimedEvent<number>[]): number[] {
  const compiled = compileEqlQuery(query, META);
  if (compiled.kind === 'event') {
    const rule = compiled.rule;
    const ids = events.filter(({ event }) => rule.appliesTo(event) && rule.matches(event)).map(({ item }) => item);
    return applyPipes(ids, compiled.pipes).slice(0, RESULT_SIZE);
  }
  const order = new Map(events.map(({ item }, index) => [item, index]));
  // Elasticsearch orders sequences by their first event.
  const sequences = [...runTemporal(compiled.rule, events).matches].sort((left, right) => order.get(left[0]!)! - order.get(right[0]!)!);
  return applyPipes(sequences, compiled.pipes).slice(0, RESULT_SIZE).flat();
}

test(
  'the EQL suite: every query gives Elasticsearch’s event ids',
  { skip: !suiteDirectory && 'reference corpus /work/shared is absent' },
  () => {
    const events = suiteEvents(suiteDirectory!);
    const queries = suiteQueries(suiteDirectory!);
    assert.equal(queries.length, 133, 'the suite has 133 queries');
    assert.equal(queries.filter(({ query }) => query.startsWith('sequence')).length, 39, '39 of them sequences');
    const failures: string[] = [];
    const unexpectedPasses: string[] = [];
    for (const { name, query, expected } of queries) {
      let answer: number[] | string;
      try {
        answer = run(query, events);
      } catch (error) {
        answer = `error: ${(error as Error).message}`;
      }
      const passes = typeof answer !== 'string' && expected.some((ids) => JSON.stringify(ids) === JSON.stringify(answer));
      const expectedFailure = EXPECTED_FAILURES.get(name);
      if (passes && expectedFailure !== undefined) unexpectedPasses.push(name);
      if (!passes && expectedFailure === undefined) {
        failures.push(
          `${name}: ${query.replace(/\s+/g, ' ')}\n    expected ${JSON.stringify(expected[0])}\n    got      ${JSON.stringify(answer)}`,
        );
      }
    }
    assert.deepEqual(unexpectedPasses, [], 'listed as expected failures but passing now: take them off the list');
    assert.equal(failures.length, 0, `${failures.length} queries differ from Elasticsearch:\n${failures.join('\n')}`);
  },
);
