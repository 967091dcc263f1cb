import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { TIMESKETCH_COLUMNS } from '../../src/output/timesketch.js';
import { ecsProblems } from '../output/ecsSchema.js';
import { sharedMissing, SHARED_DIR } from '../support/sharedData.js';
import { hunt, jsonLines } from './cli.js';

const CORPUS = () => join(SHARED_DIR, 'corpus/evtx-attack-samples');
const ALL_RULES = () => [
  '-r',
  join(SHARED_DIR, 'corpus/sigma/rules/windows'),
  '-r',
  join(SHARED_DIR, 'corpus/elastic-detection-rules/rules/windows'),
];
/** Folders of the attack corpus with Sysmon, Security, System and PowerShell logs: many rules and event kinds. */
const SOME_LOGS = () => [join(CORPUS(), 'Lateral Movement'), join(CORPUS(), 'Execution')];

/** RFC 4180 rows (quoted cells may hold commas, quotes and line breaks). */
function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') ((cell += '"'), i++);
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') (row.push(cell), (cell = ''));
    else if (ch === '\r' && text[i + 1] === '\n') {
      (row.push(cell), rows.push(row), (row = []), (cell = ''), i++);
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) (row.push(cell), rows.push(row));
  return rows;
}

interface JsonlHit {
  rule: { title: string; level: string; tags: string[] };
  file: string;
  record_id: number;
  timestamp: string;
  computer: string | null;
  event_id: number;
}

const identity = (h: { file: string; record: string; rule: string }) => `${h.file} #${h.record} ${h.rule}`;

test("Timesketch CSV and JSONL: the importer's columns, one row per hit, as the JSONL hits", { skip: sharedMissing() }, () => {
  const args = [...SOME_LOGS(), ...ALL_RULES()];
  const jsonl = hunt([...args, '-f', 'jsonl']);
  assert.equal(jsonl.status, 0, jsonl.stderr);
  const hits = jsonLines<JsonlHit>(jsonl.stdout);
  assert.ok(hits.length > 50, `${hits.length} hits`);
  const expected = hits.map((h) => identity({ file: h.file, record: String(h.record_id), rule: h.rule.title }));

  const csv = hunt([...args, '-f', 'timesketch']);
  assert.equal(csv.status, 0, csv.stderr);
  const [header, ...rows] = csvRows(csv.stdout);
  assert.deepEqual(header, TIMESKETCH_COLUMNS);
  assert.deepEqual(header!.slice(0, 3), ['message', 'datetime', 'timestamp_desc']);
  const column = (row: string[], name: (typeof TIMESKETCH_COLUMNS)[number]) => row[TIMESKETCH_COLUMNS.indexOf(name)]!;
  assert.deepEqual(
    rows.map((row) => identity({ file: column(row, 'evtx_file'), record: column(row, 'record_id'), rule: column(row, 'rule_title') })),
    expected,
  );
  rows.forEach((row, i) => {
    assert.equal(row.length, TIMESKETCH_COLUMNS.length);
    assert.match(column(row, 'datetime'), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}\+00:00$/);
    assert.equal(Date.parse(column(row, 'datetime')), Date.parse(hits[i]!.timestamp));
    assert.equal(Math.floor(Number(column(row, 'timestamp')) / 1000), Date.parse(hits[i]!.timestamp));
    assert.ok(column(row, 'message').startsWith(hits[i]!.rule.title));
    assert.ok(column(row, 'timestamp_desc') !== '');
    assert.equal(column(row, 'level'), hits[i]!.rule.level);
    assert.equal(column(row, 'computer'), hits[i]!.computer ?? '');
    assert.equal(column(row, 'event_id'), String(hits[i]!.event_id));
  });
  // ATT&CK tags split as Hayabusa splits them.
  const tagged = rows.find((row) => column(row, 'mitre_tags') !== '');
  assert.ok(tagged !== undefined && /^[TGS]\d{4}/.test(column(tagged, 'mitre_tags')));

  const tsJsonl = hunt([...args, '-f', 'timesketch-jsonl']);
  assert.equal(tsJsonl.status, 0, tsJsonl.stderr);
  const events = jsonLines<Record<string, unknown>>(tsJsonl.stdout);
  assert.deepEqual(
    events.map((e) => identity({ file: String(e['evtx_file']), record: String(e['record_id']), rule: String(e['rule_title']) })),
    expected,
  );
  for (const e of events) {
    assert.deepEqual(Object.keys(e), TIMESKETCH_COLUMNS);
    assert.ok(Array.isArray(e['mitre_tactics']) && Array.isArray(e['mitre_tags']));
  }
});

test(
  'ECS: every field of every hit document of the attack corpus is an ECS field of its type (or winlog.*, sysmon.*, hunt.*)',
  { skip: sharedMissing() },
  () => {
    const run = hunt([CORPUS(), ...ALL_RULES(), '-f', 'ecs'], 300_000);
    assert.equal(run.status, 0, run.stderr);
    const documents = jsonLines<Record<string, unknown>>(run.stdout);
    assert.ok(documents.length > 1000, `${documents.length} documents`);
    const problems = new Map<string, number>();
    for (const document of documents) for (const problem of ecsProblems(document)) problems.set(problem, (problems.get(problem) ?? 0) + 1);
    assert.deepEqual([...problems].slice(0, 20), []);
    // What Elastic's rules and a responder read is there.
    const kinds = new Set(documents.map((d) => (d['event'] as { kind: string }).kind));
    assert.deepEqual([...kinds], ['alert']);
    const withProcess = documents.filter((d) => d['process'] !== undefined);
    assert.ok(withProcess.length > 500);
    assert.ok(documents.some((d) => (d['threat'] as { technique?: unknown } | undefined)?.technique !== undefined));
    assert.ok(documents.every((d) => typeof (d['rule'] as { name: string }).name === 'string'));
    assert.ok(documents.some((d) => (d['hunt'] as { rule: { source: string } }).rule.source === 'eql'));
  },
);

test('ECS: hunt dump -f ecs writes every record as an ECS event, every field checked', { skip: sharedMissing() }, () => {
  const out = join(mkdtempSync(join(tmpdir(), 'hunt-ecs-dump-')), 'events.ndjson');
  for (const corpus of [CORPUS(), join(SHARED_DIR, 'corpus/evtx-crate-samples')]) {
    const jsonl = hunt(['dump', corpus]);
    const records = jsonLines<unknown>(jsonl.stdout).length;
    const run = hunt(['dump', corpus, '-f', 'ecs', '-o', out, '--force'], 300_000);
    assert.equal(run.status, jsonl.status, run.stderr);
    const documents = jsonLines<Record<string, unknown>>(readFileSync(out, 'utf8'));
    assert.equal(documents.length, records, corpus);
    const problems = new Map<string, number>();
    for (const document of documents) for (const problem of ecsProblems(document)) problems.set(problem, (problems.get(problem) ?? 0) + 1);
    assert.deepEqual([...problems].slice(0, 20), [], corpus);
    assert.ok(documents.every((d) => (d['ecs'] as { version: string }).version !== undefined && d['@timestamp'] !== undefined));
  }
});

test('ecs-bulk: an action line before each document, as the bulk API takes them', { skip: sharedMissing() }, () => {
  const ecs = hunt([...SOME_LOGS(), ...ALL_RULES(), '-f', 'ecs']);
  const bulk = hunt([...SOME_LOGS(), ...ALL_RULES(), '-f', 'ecs-bulk']);
  assert.equal(bulk.status, 0, bulk.stderr);
  const lines = bulk.stdout.trimEnd().split('\n');
  const documents = ecs.stdout.trimEnd().split('\n');
  assert.equal(lines.length, 2 * documents.length);
  lines.forEach((line, i) => assert.equal(line, i % 2 === 0 ? '{"create":{}}' : documents[(i - 1) / 2]));
  const dump = hunt(['dump', join(CORPUS(), 'Execution'), '-f', 'ecs-bulk']);
  assert.equal(dump.status, 0, dump.stderr);
  const dumpLines = dump.stdout.trimEnd().split('\n');
  assert.ok(dumpLines.length > 100 && dumpLines.length % 2 === 0);
  assert.ok(dumpLines.every((line, i) => (i % 2 === 0) === (line === '{"create":{}}')));
});
