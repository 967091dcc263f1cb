import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDump } from '../../src/cli/dump.js';
import { openOutput } from '../../src/cli/sink.js';
import type { EvtxProblem } from '../../src/evtx/index.js';
import { HAVE_CORPUS, crateSample } from './corpus.js';

const opts = { skip: !HAVE_CORPUS && 'corpus absent' };
const DIR = mkdtempSync(join(tmpdir(), 'evtx-dump-'));

/** Collects what runDump writes. */
class Collect {
  text = '';
  write(text: string): void {
    this.text += text;
  }
}

test('jsonl: one object per record with the documented fields', opts, () => {
  const out = new Collect();
  const result = runDump([crateSample('security.evtx')], 'jsonl', out, () => {});
  const lines = out.text.trimEnd().split('\n');
  assert.equal(result.records, 2261);
  assert.equal(lines.length, 2261);
  const second = JSON.parse(lines[1]);
  assert.deepEqual(Object.keys(second), [
    'file',
    'record_id',
    'timestamp',
    'event_id',
    'provider',
    'channel',
    'computer',
    'user_id',
    'event_data',
  ]);
  assert.equal(second.record_id, 2);
  assert.equal(second.event_id, 4624);
  assert.equal(second.timestamp, '2016-07-08T18:12:51.6816408Z');
  assert.equal(second.event_data.TargetUserName, 'SYSTEM');
});

test('json: one array; xml: <Events> around the records', opts, () => {
  const json = new Collect();
  runDump([crateSample('new-user-security.evtx')], 'json', json, () => {});
  const parsed = JSON.parse(json.text);
  assert.ok(Array.isArray(parsed) && parsed.length === 4);
  const xml = new Collect();
  runDump([crateSample('new-user-security.evtx')], 'xml', xml, () => {});
  assert.match(xml.text, /^<Events>\n<Event xmlns=/);
  assert.match(xml.text, /<\/Event>\n<\/Events>\n$/);
  assert.equal(xml.text.match(/<Event /g)?.length, 4);
});

test('a file written in blocks holds the same content', opts, () => {
  const path = join(DIR, 'out.jsonl');
  const out = openOutput(path);
  const result = runDump([crateSample('security.evtx')], 'jsonl', out.writer, () => {});
  out.close();
  const viaStream = new Collect();
  runDump([crateSample('security.evtx')], 'jsonl', viaStream, () => {});
  assert.equal(result.records, 2261);
  assert.equal(readFileSync(path, 'utf8'), viaStream.text);
});

test('unreadable files are listed, problems reported, other files still dumped', opts, () => {
  const notEvtx = join(DIR, 'not.evtx');
  writeFileSync(notEvtx, 'plain text');
  const problems: EvtxProblem[] = [];
  const out = new Collect();
  const result = runDump([notEvtx, crateSample('sysmon.evtx')], 'jsonl', out, (p) => problems.push(p));
  assert.deepEqual(
    result.unreadable.map((error) => error.file),
    [notEvtx],
  );
  assert.ok(result.records > 0);
  assert.ok(problems.some((p) => p.kind === 'bad-chunk-magic'));
});
