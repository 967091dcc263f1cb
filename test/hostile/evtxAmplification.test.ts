import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readEvtxFile, recordEventDataJson, type EvtxProblem } from '../../src/evtx/index.js';
import { MAX_RECORD_UNITS, MAX_VALUE_CHARS } from '../../src/evtx/fields/textBudget.js';
import { hunt, jsonLines } from '../e2e/cli.js';
import { writeEncodedPowerShellRule, writeRepeatedValueFile } from './evtxCrafted.js';

const DIR = mkdtempSync(join(tmpdir(), 'evtx-amplification-'));
const COMMAND = 'powershell.exe -nop -w hidden -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIAA= & whoami /all & ';
const VALUE = COMMAND.repeat(Math.ceil(2000 / COMMAND.length)).slice(0, 2000);
const RECORDS = 10;

/** One <Data Name="CommandLine"> substituting a 2,000-character value 5,000 times: 10 MB per record before. */
const AMPLIFYING = join(DIR, 'amplifying.evtx');
const AMPLIFYING_OFFSETS = writeRepeatedValueFile(AMPLIFYING, {
  substitutions: 5000,
  records: RECORDS,
  value: () => VALUE,
  placement: 'element',
});

const RULE = join(DIR, 'encoded_powershell.yml');
writeEncodedPowerShellRule(RULE, '6d0a4a53-8f0e-4a43-9d3b-3f2b1d0a0001');

function read(path: string): { problems: EvtxProblem[]; commandLines: string[]; json: string[]; xml: string[] } {
  const problems: EvtxProblem[] = [];
  const commandLines: string[] = [];
  const json: string[] = [];
  const xml: string[] = [];
  for (const record of readEvtxFile(path, { onProblem: (p) => problems.push(p) })) {
    commandLines.push(String(record.eventData()['CommandLine']));
    json.push(recordEventDataJson(record));
    xml.push(record.toXml());
  }
  return { problems, commandLines, json, xml };
}

test('a value substituted 5,000 times into one element is cut at 32,767 characters, said once per record', () => {
  const { problems, commandLines, json, xml } = read(AMPLIFYING);
  assert.equal(commandLines.length, RECORDS);
  for (const commandLine of commandLines) {
    assert.equal(commandLine.length, MAX_VALUE_CHARS);
    assert.ok(commandLine.startsWith(VALUE + VALUE), 'the truncated value is the start of the real one');
  }
  for (const text of json) assert.equal(JSON.parse(text).CommandLine.length, MAX_VALUE_CHARS);
  for (const text of xml) assert.ok(text.length < 2 * MAX_VALUE_CHARS, `${text.length} characters of XML`);
  assert.deepEqual(
    problems.map((p) => [p.kind, p.chunkIndex, p.offset]),
    AMPLIFYING_OFFSETS.map((offset) => ['value-truncated', 0, offset]),
  );
  assert.match(problems[0]!.message, /^record 1: rendered text cut/);
});

test('a record of many large values is cut at the record budget', () => {
  const path = join(DIR, 'many-values.evtx');
  const offsets = writeRepeatedValueFile(path, { substitutions: 8000, records: 7, value: () => VALUE, placement: 'items' });
  const problems: EvtxProblem[] = [];
  for (const record of readEvtxFile(path, { onProblem: (p) => problems.push(p) })) {
    const items = record.eventData()['Data'];
    assert.ok(Array.isArray(items));
    const chars = items.reduce((sum, item) => sum + item.length, 0);
    assert.ok(chars <= MAX_RECORD_UNITS && chars > MAX_RECORD_UNITS / 2, `${chars} characters`);
    assert.ok(record.toXml().length < MAX_RECORD_UNITS * 1.1);
  }
  assert.deepEqual(
    problems.map((p) => [p.kind, p.offset]),
    offsets.map((offset) => ['value-truncated', offset]),
  );
});

test('hunt and dump of the amplifying file write bounded output, and the rules still see the command line', () => {
  const hits = hunt([AMPLIFYING, '-r', RULE, '-f', 'jsonl']);
  assert.equal(hits.status, 0, hits.stderr);
  const lines = jsonLines<{ event_data: { CommandLine: string }; process: { command_line: string } }>(hits.stdout);
  assert.equal(lines.length, RECORDS);
  assert.ok(hits.stdout.length < RECORDS * 3 * MAX_VALUE_CHARS, `${hits.stdout.length} bytes of hits`);
  for (const line of lines) assert.equal(line.process.command_line.length, MAX_VALUE_CHARS);
  assert.equal(hits.stderr.match(/value-truncated/g)?.length, RECORDS, hits.stderr);

  for (const format of ['jsonl', 'xml']) {
    const dump = hunt(['dump', '-f', format, AMPLIFYING]);
    assert.equal(dump.status, 0, dump.stderr);
    assert.ok(dump.stdout.length < RECORDS * 2 * MAX_VALUE_CHARS, `${format}: ${dump.stdout.length} bytes`);
    assert.equal(dump.stderr.match(/value-truncated/g)?.length, RECORDS, dump.stderr);
  }
  assert.ok(readFileSync(AMPLIFYING).length === 4096 + 65536);
});
