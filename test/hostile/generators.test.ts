/**
 * The hostile-file generators of dev/hostile: deterministic, and read by our reader with the
 * structure each case is meant to have. Cheap checks only: hunting these files is bench:hostile's
 * job (several of them hold the hunt for minutes before the fixes), never a unit test's.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AMPLIFICATION,
  buildCrafted,
  buildHostileFiles,
  chunkCount,
  EQL_FRAGMENTS,
  FIRST_RECORD_ID,
  HOSTILE_CASE_NAMES,
  HOSTILE_RULE,
  QUADRATIC,
  SIGMA_REGEX_TARGETS,
  type HostileCaseName,
} from '../../dev/hostile/index.js';
import { readEvtxFile, type EvtxProblem, type EvtxRecord } from '../../src/evtx/index.js';
import { loadRuleFiles } from '../../src/rules/load.js';
import { sharedMissing, SHARED_DIR } from '../support/sharedData.js';

const CHUNK = 0x10000;
const HEADER = 4096;

/** Writes a buffer to a temporary file, reads every record, removes the file. */
function records(file: Buffer, onProblem?: (problem: EvtxProblem) => void): EvtxRecord[] {
  const dir = mkdtempSync(join(tmpdir(), 'hunt-hostile-'));
  try {
    const path = join(dir, 'case.evtx');
    writeFileSync(path, file);
    return [...readEvtxFile(path, onProblem === undefined ? {} : { onProblem })];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function stringField(record: EvtxRecord, name: string): string {
  const value = record.eventData()[name];
  return typeof value === 'string' ? value : '';
}

const crafted = new Map(HOSTILE_CASE_NAMES.map((name) => [name, buildCrafted(name)] as const));
const craftedOf = (name: HostileCaseName) => crafted.get(name) as ReturnType<typeof buildCrafted>;

test('every case: the same seed gives the same bytes, another seed other bytes', () => {
  for (const name of HOSTILE_CASE_NAMES) {
    assert.ok(craftedOf(name).crafted.equals(buildCrafted(name).crafted), name);
    assert.ok(!craftedOf(name).crafted.equals(buildCrafted(name, 7).crafted), name);
  }
});

test('every case: the file is whole chunks, and the reader gets one record per entry with its record id', () => {
  for (const name of HOSTILE_CASE_NAMES) {
    const { case: hostileCase, crafted: file } = craftedOf(name);
    assert.equal(file.length, HEADER + CHUNK * chunkCount(file), name);
    // The quadratic case is read for its structure in its own test (its records are the slow part).
    if (name === 'quadratic-decoding') continue;
    const read = records(file);
    assert.equal(read.length, hostileCase.entries.length, name);
    assert.deepEqual(
      read.map((r) => r.recordId),
      hostileCase.entries.map((_, i) => FIRST_RECORD_ID + i),
      name,
    );
    assert.ok(
      hostileCase.entries.some((e) => e.role === 'planted'),
      `${name} has planted hits`,
    );
  }
});

test('control and normal logs: the control is the crafted file without its crafted records, the normal log is as large', () => {
  // The two small cases (the normal log is found by bisection, a few writes of the file's size).
  for (const name of ['sigma-hostile-rule', 'amplification'] as const) {
    const files = buildHostileFiles(name);
    assert.equal(chunkCount(files.normal), chunkCount(files.crafted), name);
    assert.ok(files.normal.equals(buildHostileFiles(name).normal), `${name}: normal log deterministic`);
    const control = records(files.control);
    const hostile = new Set(files.hostileRecordIds);
    assert.ok(hostile.size > 0);
    assert.ok(
      control.every((r) => !hostile.has(Number(r.recordId))),
      name,
    );
    assert.equal(control.length + hostile.size, files.case.entries.length, name);
  }
});

test('eql-wildcard: 10 KB cmd.exe command lines of repeated Elastic wildcard fragments', () => {
  const { case: hostileCase, crafted: file } = craftedOf('eql-wildcard');
  const hostileIds = new Set(hostileCase.entries.flatMap((e, i) => (e.role === 'hostile' ? [FIRST_RECORD_ID + i] : [])));
  const lines = records(file)
    .filter((r) => hostileIds.has(Number(r.recordId)))
    .map((r) => stringField(r, 'CommandLine'));
  // Three 10 KB lines (Sysmon 1 and 4688 each) and one of the 891 characters (Sysmon 1).
  assert.equal(lines.length, 7);
  assert.equal(lines.filter((l) => l.length > 10_000 && l.length <= 10_251).length, 6);
  assert.equal(lines.filter((l) => l.length > 850 && l.length <= 891).length, 1);
  assert.ok(lines.some((l) => l.split('&& set ').length > 500 && !l.includes('&& call')));
  assert.ok(lines.some((l) => l.split('copy /b \\\\ ping ').length > 500 && !l.includes('-n')));
  assert.ok(lines.some((l) => l.split(' start /min cmd.exe /c ').length > 200 && !l.slice(11).includes('\\')));
});

test('sigma-regex: 24 crafted PowerShell starts and 24 script blocks, the largest 1 MB', () => {
  const { case: hostileCase, crafted: file } = craftedOf('sigma-regex');
  const hostileIds = new Set(hostileCase.entries.flatMap((e, i) => (e.role === 'hostile' ? [FIRST_RECORD_ID + i] : [])));
  const hostile = records(file).filter((r) => hostileIds.has(Number(r.recordId)));
  const starts = hostile.filter((r) => r.eventId() === 1).map((r) => stringField(r, 'CommandLine'));
  const blocks = hostile.filter((r) => r.eventId() === 4104 && r.channel() === 'Microsoft-Windows-PowerShell/Operational');
  assert.equal(starts.length, 24);
  assert.equal(blocks.length, 24);
  // The reader cuts a value at 32,767 characters (as Windows caps a string), so the 1 MB and 128 KB
  // values arrive cut; what is left still has the crafted shape.
  const cut = starts.filter((l) => l.length === 32_767);
  const megabyte = cut.filter((l) => !/^\w+$/.test(l));
  assert.equal(megabyte.length, 4);
  for (const line of megabyte[0]?.split('\n').slice(0, 50) ?? []) {
    if (line.startsWith('&(')) assert.deepEqual([line.split('+').length - 1, line.split('{').length - 1], [13, 9]);
  }
  assert.equal(cut.filter((l) => /^\w+$/.test(l)).length, 10);
  for (const block of blocks) {
    const text = stringField(block, 'ScriptBlockText');
    assert.ok(text.length >= 8_000 && text.length <= 12_000);
    assert.ok(!text.includes('"'));
  }
});

test('sigma-hostile-rule: the rule loads, and its command lines are 41+ a and a non-matching character', () => {
  const { case: hostileCase, crafted: file } = craftedOf('sigma-hostile-rule');
  const [[ruleFile, ruleText]] = [...hostileCase.rules];
  assert.equal(ruleText, HOSTILE_RULE);
  const dir = mkdtempSync(join(tmpdir(), 'hunt-hostile-rule-'));
  try {
    const path = join(dir, ruleFile as string);
    writeFileSync(path, ruleText as string);
    const loaded = loadRuleFiles([path]);
    assert.equal(loaded.errors.length, 0);
    assert.equal(loaded.rules.length, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const lines = records(file)
    .filter((r) => r.eventId() === 1)
    .map((r) => stringField(r, 'CommandLine'))
    .filter((l) => /^a+!$/.test(l));
  assert.deepEqual(
    lines.map((l) => l.length),
    [42, 49],
  );
});

test('quadratic-decoding: one 68 KB chunk, a template of 8,000 substitutions over 420 tiny records', () => {
  const { crafted: file } = craftedOf('quadratic-decoding');
  assert.equal(chunkCount(file), 1);
  assert.equal(file.length, HEADER + CHUNK);
  const read = records(file);
  assert.equal(read.length, QUADRATIC.records + 4);
  // The planted hits (Sysmon 1 and 4688 of two starts), then the crafted records, Sysmon 1 from System text.
  assert.deepEqual(
    read.slice(0, 4).map((r) => r.eventId()),
    [1, 4688, 1, 4688],
  );
  assert.ok(read.slice(4).every((r) => r.eventId() === 1 && r.provider() === 'Microsoft-Windows-Sysmon'));
  // One crafted record's event data (one is cheap enough even before the fix): 8,000 items named "Data".
  const last = read[read.length - 1] as EvtxRecord;
  assert.equal(last.eventId(), 1);
  assert.equal(last.channel(), 'Microsoft-Windows-Sysmon/Operational');
  const data = last.eventData()['Data'];
  assert.ok(Array.isArray(data));
  assert.equal(data.length, QUADRATIC.substitutions);
  assert.equal(new Set(data).size, 1);
});

test('amplification: one stored 2,000-character value rendered 5,000 times (10 MB) in a small file', () => {
  const { crafted: file } = craftedOf('amplification');
  assert.ok(file.length < 1_000_000);
  // The template repeats the value 5,000 times; the reader renders it up to its 32,767-character cap.
  const problems: string[] = [];
  const amplified = records(file, (problem) => problems.push(problem.kind))
    .map((r) => stringField(r, 'CommandLine'))
    .filter((l) => l.length > AMPLIFICATION.valueLength);
  assert.equal(amplified.length, 1);
  assert.deepEqual(problems, ['value-truncated']);
  const line = amplified[0] as string;
  assert.ok(AMPLIFICATION.valueLength * AMPLIFICATION.repeat > 32_767);
  assert.equal(line.length, 32_767);
  assert.equal(line, line.slice(0, AMPLIFICATION.valueLength).repeat(AMPLIFICATION.repeat).slice(0, 32_767));
  // Stored once: the file holds the value's UTF-16 bytes once, not 5,000 times.
  const stored = Buffer.from(line.slice(0, AMPLIFICATION.valueLength), 'utf16le');
  assert.equal(file.indexOf(stored), file.lastIndexOf(stored));
});

test('the quoted rule patterns are in the rule files they are quoted from', { skip: sharedMissing() }, () => {
  const elastic = join(SHARED_DIR, 'corpus', 'elastic-detection-rules', 'rules', 'windows');
  for (const { rule, pattern } of EQL_FRAGMENTS) {
    // EQL strings escape backslashes.
    assert.ok(readFileSync(join(elastic, rule), 'utf8').includes(`"${pattern.replaceAll('\\', '\\\\')}"`), `${rule}: ${pattern}`);
  }
  const sigma = join(SHARED_DIR, 'corpus', 'sigma', 'rules', 'windows');
  for (const { rule, pattern } of SIGMA_REGEX_TARGETS) {
    const path = join(sigma, rule);
    assert.ok(existsSync(path), path);
    assert.ok(readFileSync(path, 'utf8').includes(`'${pattern}'`), `${rule}: ${pattern}`);
  }
});
