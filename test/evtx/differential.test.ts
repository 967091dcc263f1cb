import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { relative } from 'node:path';
import { readEvtxFile, type EvtxInteger, type EvtxRecord } from '../../src/evtx/index.js';
import { CORPUS_DIR, HAVE_CORPUS, corpusEvtxFiles, crateSample } from './corpus.js';
import { UNESCAPED_MARKUP, eventBlocks, normalizeData, parseEventXml, type ReferenceEvent } from './referenceXml.js';

function toolAvailable(command: string): boolean {
  return spawnSync(command, ['-h'], { encoding: 'utf8' }).error === undefined;
}

function referenceEvents(command: string, args: string[], timeoutMs: number): { events: ReferenceEvent[]; unparsable: number } {
  const run = spawnSync(command, args, { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 512 * 1024 * 1024 });
  const events: ReferenceEvent[] = [];
  let unparsable = 0;
  for (const block of eventBlocks(run.stdout ?? '')) {
    const event = parseEventXml(block);
    if (event === undefined) unparsable++;
    else events.push(event);
  }
  return { events, unparsable };
}

/**
 * Our event data, normalized; an empty <Binary> that the other tool leaves out is not a difference,
 * nor is a value libevtx wrote as unescaped markup.
 */
function comparableData(record: EvtxRecord, ref: ReferenceEvent): Record<string, string | string[]> {
  const data = normalizeData(record.eventData());
  if (data['Binary'] === '' && !('Binary' in ref.data)) delete data['Binary'];
  for (const [key, value] of Object.entries(ref.data)) {
    if (value === UNESCAPED_MARKUP && key in data) data[key] = UNESCAPED_MARKUP;
    // libevtx prints size_t values in decimal; Windows (and we) print them as hex.
    const ours = data[key];
    if (
      typeof ours === 'string' &&
      typeof value === 'string' &&
      /^0x[0-9a-f]+$/.test(ours) &&
      /^\d+$/.test(value) &&
      BigInt(ours) === BigInt(value)
    ) {
      data[key] = value;
    }
  }
  return canonical(data);
}

/**
 * Sorted keys, and sorted lists for repeated UserData leaves: the reference side is reduced from a
 * parser that groups repeated elements by name, which loses their document order across parents.
 */
function canonical(data: Record<string, string | string[]>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of Object.keys(data).sort()) {
    const value = data[key];
    out[key] = typeof value === 'string' || key === 'Data' ? value : [...value].sort();
  }
  return out;
}

interface Comparison {
  matched: number;
  missing: string[];
  mismatched: string[];
  oursMore: boolean;
}

/** Every reference event must be read by us with equal record id, EventID and EventData. */
function compare(file: string, reference: ReferenceEvent[]): Comparison {
  const ours = new Map<EvtxInteger, EvtxRecord[]>();
  let count = 0;
  for (const record of readEvtxFile(file)) {
    count++;
    // Exported logs renumber the record headers; the rendered EventRecordID is what tools show.
    const id = record.system().eventRecordId ?? record.recordId;
    const list = ours.get(id);
    if (list === undefined) ours.set(id, [record]);
    else list.push(record);
  }
  const result: Comparison = { matched: 0, missing: [], mismatched: [], oursMore: count > reference.length };
  const name = relative(CORPUS_DIR, file);
  for (const ref of reference) {
    const candidates = ours.get(ref.recordId);
    if (candidates === undefined) {
      result.missing.push(`${name}: record ${ref.recordId}`);
      continue;
    }
    const expected = JSON.stringify(canonical(normalizeData(ref.data)));
    const same = candidates.some((r) => r.eventId() === ref.eventId && JSON.stringify(comparableData(r, ref)) === expected);
    if (same) result.matched++;
    else {
      const r = candidates[0];
      const ourData = comparableData(r, ref);
      const theirData = canonical(normalizeData(ref.data));
      const keys = [...new Set([...Object.keys(ourData), ...Object.keys(theirData)])];
      const differing = keys
        .filter((k) => JSON.stringify(ourData[k]) !== JSON.stringify(theirData[k]))
        .map((k) => `${k}: ours ${JSON.stringify(ourData[k])?.slice(0, 200)} theirs ${JSON.stringify(theirData[k])?.slice(0, 200)}`);
      result.mismatched.push(`${name}: record ${ref.recordId}: EventID ours ${r.eventId()} theirs ${ref.eventId}; ${differing.join('; ')}`);
    }
  }
  return result;
}

const haveLibevtx = HAVE_CORPUS && toolAvailable('evtxexport');
const havePythonEvtx = HAVE_CORPUS && spawnSync('evtx_dump.py', ['-h']).error === undefined;

test(
  'differential: every record libevtx (evtxexport -f xml) reads, we read identically',
  { skip: !haveLibevtx && 'evtxexport or corpus absent', timeout: 180_000 },
  () => {
    const files = corpusEvtxFiles();
    let matched = 0;
    let filesWithMore = 0;
    let unparsable = 0;
    const missing: string[] = [];
    const mismatched: string[] = [];
    for (const file of files) {
      const reference = referenceEvents('evtxexport', ['-f', 'xml', file], 30_000);
      unparsable += reference.unparsable;
      const result = compare(file, reference.events);
      matched += result.matched;
      if (result.oursMore) filesWithMore++;
      missing.push(...result.missing);
      mismatched.push(...result.mismatched);
    }
    console.log(
      `libevtx differential: ${files.length} files, ${matched} records equal, ${filesWithMore} files where we read more records than libevtx, ` +
        `${unparsable} libevtx blocks not well-formed XML (skipped)`,
    );
    assert.deepEqual(missing.slice(0, 20), [], `${missing.length} records libevtx reads and we do not`);
    assert.deepEqual(
      mismatched.slice(0, 5).map((m) => m.slice(0, 600)),
      [],
      `${mismatched.length} records differ`,
    );
    assert.ok(matched > 10_000);
  },
);

// python-evtx renders string arrays as <string> lists and binary as base64: compare files without them.
test(
  'differential: python-evtx (evtx_dump.py) on a few files',
  { skip: !havePythonEvtx && 'evtx_dump.py or corpus absent', timeout: 60_000 },
  () => {
    let matched = 0;
    for (const name of [
      'new-user-security.evtx',
      'Security_short_selected.evtx',
      'MSExchange_Management_wec.evtx',
      'Security_with_size_t.evtx',
    ]) {
      const reference = referenceEvents('evtx_dump.py', [crateSample(name)], 30_000);
      const result = compare(crateSample(name), reference.events);
      assert.deepEqual(result.missing, []);
      assert.deepEqual(result.mismatched, []);
      matched += result.matched;
    }
    assert.ok(matched >= 20, `${matched}`);
  },
);
