import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readEvtxFile } from '../../src/evtx/index.js';
import { writeEvtxFile, type EventSpec } from '../../dev/evtxWriter/index.js';
import { hunt } from '../e2e/cli.js';
import { SYSMON_CHANNEL, writeEncodedPowerShellRule } from './evtxCrafted.js';

const DIR = mkdtempSync(join(tmpdir(), 'evtx-int64-'));
const BIG_ID = 2n ** 63n + 1n;
const BIG_DIGITS = '9223372036854775809';
/** What a double makes of BIG_ID: no output may show it. */
const ROUNDED = /9223372036854776000|9\.223372036854776e\+18/;

function sysmonEvent(recordId: number | bigint, commandLine: string): EventSpec {
  return {
    provider: 'Microsoft-Windows-Sysmon',
    eventId: 1,
    timeCreated: new Date(Date.UTC(2024, 4, 1, 12, 0, 0)),
    recordId,
    channel: SYSMON_CHANNEL,
    computer: 'WS01.corp.example',
    processId: 4321,
    data: [
      { name: 'Image', value: { type: 'string', value: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe' } },
      { name: 'CommandLine', value: { type: 'string', value: commandLine } },
      { name: 'MaxUInt64', value: { type: 'uint64', value: 2n ** 64n - 1n } },
      { name: 'MinInt64', value: { type: 'int64', value: -(2n ** 63n) } },
      { name: 'UnsafeInt64', value: { type: 'int64', value: -(2n ** 53n) } },
      { name: 'BigHex', value: { type: 'hexint64', value: BIG_ID } },
      { name: 'SafeUInt64', value: { type: 'uint64', value: 2 ** 53 - 1 } },
    ],
  };
}

const FILE = join(DIR, 'int64.evtx');
writeEvtxFile(FILE, [sysmonEvent(BIG_ID, 'powershell.exe -nop -enc SQBFAFgA'), sysmonEvent(2 ** 53 - 1, 'notepad.exe')]);

const RULE = join(DIR, 'encoded_powershell.yml');
writeEncodedPowerShellRule(RULE, '6d0a4a53-8f0e-4a43-9d3b-3f2b1d0a0002');

test('record ids and 64-bit values read exact: numbers while safe, bigints beyond', () => {
  const [big, safe] = [...readEvtxFile(FILE)];
  assert.equal(big!.recordId, BIG_ID);
  assert.equal(big!.eventRecordId(), BIG_ID);
  assert.equal(big!.system().eventRecordId, BIG_ID);
  assert.equal(safe!.recordId, 2 ** 53 - 1);
  assert.equal(safe!.eventRecordId(), 2 ** 53 - 1);
  assert.equal(big!.system().processId, 4321);
  const data = big!.eventData();
  assert.equal(data['MaxUInt64'], '18446744073709551615');
  assert.equal(data['MinInt64'], '-9223372036854775808');
  assert.equal(data['UnsafeInt64'], '-9007199254740992');
  assert.equal(data['BigHex'], '0x8000000000000001');
  assert.equal(data['SafeUInt64'], '9007199254740991');
  assert.match(big!.toXml(), new RegExp(`<EventRecordID>${BIG_DIGITS}</EventRecordID>`));
});

test('dump writes the exact record id in every format, as a JSON number in JSON', () => {
  for (const format of ['jsonl', 'json']) {
    const dump = hunt(['dump', '-f', format, FILE]);
    assert.equal(dump.status, 0, dump.stderr);
    assert.match(dump.stdout, new RegExp(`"record_id":${BIG_DIGITS},`), format);
    assert.match(dump.stdout, /"record_id":9007199254740991,/, format);
    assert.match(dump.stdout, /"MaxUInt64":"18446744073709551615"/, format);
    assert.doesNotMatch(dump.stdout, ROUNDED, format);
  }
  const xml = hunt(['dump', '-f', 'xml', FILE]);
  assert.match(xml.stdout, new RegExp(`<EventRecordID>${BIG_DIGITS}</EventRecordID>`));
  assert.match(xml.stdout, /<Data Name="MinInt64">-9223372036854775808<\/Data>/);
});

test('hits carry the exact record id in JSONL, JSON, CSV and the table', () => {
  const outputs = new Map<string, string>();
  for (const format of ['jsonl', 'json', 'csv', 'table']) {
    const result = hunt([FILE, '-r', RULE, '-f', format]);
    assert.equal(result.status, 0, result.stderr);
    assert.doesNotMatch(result.stdout, ROUNDED, format);
    outputs.set(format, result.stdout);
  }
  assert.match(outputs.get('jsonl')!, new RegExp(`"file":.*,"record_id":${BIG_DIGITS},"recovered":false,`));
  const jsonl = JSON.parse(outputs.get('jsonl')!) as Record<string, unknown>;
  assert.deepEqual(Object.keys(jsonl), [
    'rule',
    'file',
    'record_id',
    'recovered',
    'timestamp',
    'event_id',
    'channel',
    'computer',
    'process',
    'details',
    'event_data',
    'also_in',
    'events',
  ]);
  assert.match(outputs.get('json')!, new RegExp(`"record_id":${BIG_DIGITS},`));
  assert.equal(JSON.parse(outputs.get('json')!).length, 1);
  assert.match(outputs.get('csv')!, new RegExp(`,${BIG_DIGITS},false,`));
  // The table wraps its record column: the digits' end shows on the next line.
  assert.match(outputs.get('table')!, /36854775809/);
});
