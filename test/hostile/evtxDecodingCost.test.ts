import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readEvtxFile, recordEventDataJson, type EvtxProblem } from '../../src/evtx/index.js';
import { writeRepeatedValueFile } from './evtxCrafted.js';

const DIR = mkdtempSync(join(tmpdir(), 'evtx-cost-'));

// Before the fix each repeated "Data" item copied the list so far: minutes for this 68 KB file.
test('8,000 items of one name in ~500 records decode in linear time', { timeout: 20_000 }, () => {
  const path = join(DIR, 'repeated-items.evtx');
  writeRepeatedValueFile(path, { substitutions: 8000, records: 480, value: () => 'A', placement: 'items' });
  assert.equal(statSync(path).size, 4096 + 65536);
  const problems: EvtxProblem[] = [];
  let records = 0;
  for (const record of readEvtxFile(path, { onProblem: (p) => problems.push(p) })) {
    const data = record.eventData()['Data'];
    assert.ok(Array.isArray(data) && data.length === 8000, `record ${record.recordId}: ${Array.isArray(data) ? data.length : typeof data}`);
    assert.equal(JSON.parse(recordEventDataJson(record)).Data.length, 8000);
    assert.equal(record.toXml().length > 8000, true);
    records++;
  }
  assert.equal(records, 480);
  assert.deepEqual(problems, []);
});
