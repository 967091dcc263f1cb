import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readEvtxFile } from '../../src/evtx/index.js';
import { writeEvtx, type WriterValue } from '../../dev/evtxWriter/index.js';
import { canonical, canonicalFloat, generateEvents } from '../support/writerEvents.js';

/** Our reader aims at Windows' rendering; compare meaning, not spelling. */
function canonicalFromReader(value: WriterValue, text: string): string | undefined {
  switch (value.type) {
    case 'string':
    case 'ansistring':
    case 'sid':
      return text;
    case 'float':
    case 'double':
      return canonicalFloat(value, text);
    case 'bool':
      return text.toLowerCase();
    case 'binary':
      return text.toUpperCase();
    case 'guid':
      return text.replace(/[{}]/g, '').toUpperCase();
    case 'filetime':
    case 'systemtime':
      return new Date(text.replace(/(\.\d{3})\d*/, '$1')).toISOString();
    case 'stringArray':
      return undefined;
    default:
      return BigInt(text).toString();
  }
}

test('src/evtx reads back what the writer wrote', () => {
  const events = generateEvents(200);
  const directory = mkdtempSync(join(tmpdir(), 'hunt-roundtrip-'));
  try {
    const path = join(directory, 'roundtrip.evtx');
    writeFileSync(path, writeEvtx(events));
    const records = [...readEvtxFile(path)];
    assert.equal(records.length, events.length);
    records.forEach((record, i) => {
      const expected = events[i]!;
      const where = `record ${expected.recordId}`;
      assert.equal(record.recordId, expected.recordId, where);
      assert.equal(record.eventId(), expected.eventId, where);
      assert.equal(record.provider(), expected.provider, where);
      assert.equal(record.channel(), expected.channel, where);
      assert.equal(record.computer(), expected.computer, where);
      assert.equal(record.system().eventRecordId, expected.recordId, where);
      const data = record.eventData();
      for (const { name, value } of expected.data) {
        const text = data[name];
        assert.equal(typeof text === 'string' || value.type === 'stringArray', true, `${where}, Data ${name}`);
        if (typeof text !== 'string') continue;
        const seen = canonicalFromReader(value, text);
        if (seen !== undefined) assert.equal(seen, canonical(value), `${where}, Data ${name} (${value.type}): ${text}`);
      }
    });
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
});
