import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseChunk, type EvtxProblem } from '../../src/evtx/index.js';
import { overlappingDefinitionsChunk } from './evtxCrafted.js';

// Before the bound, the 2,000 instances decoded (and cached copies of) 2,000 "definitions" of ~16 KB each.
test('instances pointing at thousands of overlapping definitions are refused past a per-chunk bound', { timeout: 20_000 }, () => {
  const problems: EvtxProblem[] = [];
  const records = [...parseChunk(overlappingDefinitionsChunk(2000), 0, 4096, 'overlapping.evtx', (p) => problems.push(p))];
  assert.equal(records.length, 1);
  assert.equal(records[0]!.eventId(), undefined);
  assert.deepEqual(
    problems.map((p) => p.kind),
    ['bad-template', 'bad-binxml'],
  );
  assert.match(problems[0]!.message, /template definitions of this chunk exceed 131072 bytes/);
  for (const problem of problems) assert.ok(problem.offset >= 4096 && problem.offset < 4096 + 65536);
});
