import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { CliError } from '../../src/cli/errors.js';
import { eventFilterSpec, parseEventIds, parseTimeBound, readExclusionList, ruleExclusions } from '../../src/cli/filters.js';
import { packNames } from '../../src/cli/packs.js';
import { groupWarnings } from '../../src/cli/warnings.js';
import type { EvtxRecord } from '../../src/evtx/index.js';
import { EventFilter } from '../../src/hunt/eventFilter.js';
import { excludeRules } from '../../src/hunt/ruleSelection.js';
import type { CompiledRule, RuleMeta } from '../../src/rules/types.js';
import { fakeRecord } from '../events/fakeRecord.js';

const NOW = Date.UTC(2024, 2, 11, 12, 0, 0);
const utc = (text: string): number => Date.parse(text);

test('time bounds: ISO 8601 dates and times, UTC unless a zone is given', () => {
  assert.equal(parseTimeBound('--from', '2024-03-11', NOW, false), utc('2024-03-11T00:00:00Z'));
  assert.equal(
    parseTimeBound('--to', '2024-03-11', NOW, true),
    utc('2024-03-11T23:59:59.999Z'),
    'a date alone as the end: its last millisecond',
  );
  assert.equal(parseTimeBound('--from', '2024-03-11T10:44', NOW, false), utc('2024-03-11T10:44:00Z'));
  assert.equal(parseTimeBound('--from', '2024-03-11 10:44:08', NOW, false), utc('2024-03-11T10:44:08Z'));
  assert.equal(parseTimeBound('--from', '2024-03-11T10:44:08.0125Z', NOW, false), utc('2024-03-11T10:44:08.012Z'));
  assert.equal(parseTimeBound('--from', '2024-03-11T12:44:08+02:00', NOW, false), utc('2024-03-11T10:44:08Z'));
  assert.equal(parseTimeBound('--from', '2024-03-11T05:44:08-0500', NOW, false), utc('2024-03-11T10:44:08Z'));
});

test('time bounds: how long ago, relative to now', () => {
  assert.equal(parseTimeBound('--from', '7d', NOW, false), NOW - 7 * 86_400_000);
  assert.equal(parseTimeBound('--from', '12h', NOW, false), NOW - 12 * 3_600_000);
  assert.equal(parseTimeBound('--from', '30m', NOW, false), NOW - 30 * 60_000);
  assert.equal(parseTimeBound('--from', '2w', NOW, false), NOW - 14 * 86_400_000);
  assert.equal(parseTimeBound('--from', '45s', NOW, false), NOW - 45_000);
});

test('a time that is none is a CliError naming the option and the value', () => {
  for (const text of ['yesterday', '2024-02-30', '2024-13-01', '2024-03-11T24:00', '7y', '', '2024-3-1']) {
    assert.throws(
      () => parseTimeBound('--from', text, NOW, false),
      (error: unknown) => error instanceof CliError && error.message.startsWith(`--from ${JSON.stringify(text)}: not a time`),
      text,
    );
  }
  assert.throws(() => eventFilterSpec({ from: '1d', to: '2d' }, NOW), /--from 1d is after --to 2d/);
});

test('event ids: comma-separated and repeated, 0-65535, anything else refused', () => {
  assert.deepEqual(parseEventIds('--event-id', ['4688,1', ' 4624 ']), [4688, 1, 4624]);
  assert.equal(parseEventIds('--event-id', undefined), undefined);
  for (const bad of ['4688x', '-1', '65536', '1.5']) assert.throws(() => parseEventIds('--event-id', [bad]), CliError, bad);
});

test('no filter option gives no filter; each option fills its field', () => {
  assert.equal(eventFilterSpec({}, NOW), undefined);
  assert.deepEqual(eventFilterSpec({ eventIds: ['1'], excludedEventIds: ['4624'], computers: ['WKS-07,dc01'] }, NOW), {
    eventIds: [1],
    excludedEventIds: [4624],
    computers: ['WKS-07', 'dc01'],
  });
});

function record(eventId: number, time: string, computer: string | undefined): EvtxRecord {
  return { ...fakeRecord(eventId, 'Security', {}), timeCreated: () => time, computer: () => computer };
}

test('the event filter admits by event id, computer (ignoring case and domain) and time, bounds included', () => {
  const filter = new EventFilter({
    fromMs: utc('2024-03-11T10:00:00Z'),
    toMs: utc('2024-03-11T11:00:00Z'),
    excludedEventIds: [4624],
    computers: ['wks-07'],
  });
  assert.equal(filter.admits(record(1, '2024-03-11T10:00:00.0000000Z', 'WKS-07'), 1), true, 'the first bound is included');
  assert.equal(filter.admits(record(1, '2024-03-11T11:00:00.0000000Z', 'WKS-07.corp.example.com'), 1), true, 'a domain after the name');
  assert.equal(filter.admits(record(1, '2024-03-11T09:59:59.9990000Z', 'WKS-07'), 1), false, 'before --from');
  assert.equal(filter.admits(record(1, '2024-03-11T11:00:00.0010000Z', 'WKS-07'), 1), false, 'after --to');
  assert.equal(filter.admits(record(4624, '2024-03-11T10:30:00.0000000Z', 'WKS-07'), 4624), false, 'an excluded id');
  assert.equal(filter.admits(record(1, '2024-03-11T10:30:00.0000000Z', 'WKS-070'), 1), false, 'another host');
  assert.equal(filter.admits(record(1, '2024-03-11T10:30:00.0000000Z', undefined), 1), false, 'no computer');
  assert.equal(filter.admits(record(1, 'not a time', 'WKS-07'), 1), false, 'no readable time');
  const only = new EventFilter({ eventIds: [4688, 1] });
  assert.equal(only.admits(record(4688, 'x', undefined), 4688), true, 'no time or computer read when no bound asks');
  assert.equal(only.admits(record(4624, 'x', undefined), 4624), false);
});

function rule(id: string, file: string, status?: string): CompiledRule {
  const meta: RuleMeta = {
    id,
    title: id,
    level: 'high',
    source: 'sigma',
    file,
    tags: [],
    references: [],
    falsepositives: [],
    ...(status ? { status } : {}),
  };
  return { meta, appliesTo: () => true, matches: () => true };
}

test('rule exclusions: by id (ignoring case), file, folder and status; unmatched entries are named', () => {
  const rules = [
    rule('AAA', '/r/sigma/a.yml', 'stable'),
    rule('bbb', '/r/sigma/sub/b.yml', 'experimental'),
    rule('ccc', '/r/elastic/c.toml'),
    rule('ddd', '/r/sigma-other/d.yml', 'deprecated'),
  ];
  const loaded = { rules, skipped: [] };
  const ids = (exclusions: Parameters<typeof excludeRules>[1]) => excludeRules(loaded, exclusions).loaded.rules.map((r) => r.meta.id);
  assert.deepEqual(ids(undefined), ['AAA', 'bbb', 'ccc', 'ddd']);
  assert.deepEqual(ids({ rules: ['aaa'] }), ['bbb', 'ccc', 'ddd']);
  assert.deepEqual(ids({ rules: ['/r/sigma'] }), ['ccc', 'ddd'], 'a folder, not a name prefix (sigma-other stays)');
  assert.deepEqual(ids({ rules: ['/r/elastic/c.toml'] }), ['AAA', 'bbb', 'ddd']);
  assert.deepEqual(ids({ statuses: ['experimental', 'deprecated'] }), ['AAA', 'ccc'], 'a rule without a status stays');
  const result = excludeRules(loaded, { rules: ['aaa', 'no-such-id', '/r/none'] });
  assert.equal(result.excluded, 1);
  assert.deepEqual(result.unmatched, ['no-such-id', '/r/none']);
});

test('an exclusion list: one id or path a line, # comments, paths relative to the list', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hunt-exclusions-'));
  writeFileSync(join(dir, 'noisy.yml'), 'title: x\n');
  const list = join(dir, 'exclude.txt');
  writeFileSync(list, '# noisy rules\ncb7c4a03-2871-43c0-9bbb-18bbdb079896  # net share unmount\n\r\n  noisy.yml\n');
  assert.deepEqual(readExclusionList(list), ['cb7c4a03-2871-43c0-9bbb-18bbdb079896', join(dir, 'noisy.yml')]);
  assert.throws(
    () => readExclusionList(join(dir, 'missing.txt')),
    /--exclude-rules-file .*missing\.txt: cannot read it: no such file or folder/,
  );
  assert.throws(() => readExclusionList(dir), /cannot read it: is a folder/);
  assert.deepEqual(ruleExclusions({ statuses: ['Deprecated,unsupported'], files: [list] }), {
    statuses: ['deprecated', 'unsupported'],
    rules: ['cb7c4a03-2871-43c0-9bbb-18bbdb079896', join(dir, 'noisy.yml')],
  });
  assert.equal(ruleExclusions({}), undefined);
});

test('pack names: each once, all expanded, an unknown one a CliError listing the packs', () => {
  assert.deepEqual(packNames(['sigma']), ['sigma']);
  assert.deepEqual(packNames(['all', 'sigma']), ['sigma', 'elastic']);
  assert.deepEqual(packNames(['Elastic,sigma']), ['elastic', 'sigma']);
  assert.throws(
    () => packNames(['sigmahq']),
    (error: unknown) => error instanceof CliError && /"sigmahq".*sigma.*elastic.*all/.test(error.message),
  );
});

test('warnings of one kind are one line with the count; --verbose keeps each', () => {
  const warnings = [
    'logs/a.evtx: no hits, and no process-creation events',
    'logs/b.evtx: no hits, and no process-creation events',
    'logs/c.evtx: no hits, and no process-creation events',
    'logs/old: folder not read: permission denied',
    'all 3 Security 4688 events have an empty command line',
  ];
  assert.deepEqual(groupWarnings(warnings, false), [
    '3 files or folders: no hits, and no process-creation events (the first: logs/a.evtx; --verbose lists them)',
    'logs/old: folder not read: permission denied',
    'all 3 Security 4688 events have an empty command line',
  ]);
  assert.deepEqual(groupWarnings(warnings, true), warnings);
});
