import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readEvtxFile, type EvtxProblem, type EvtxProblemKind, type EvtxRecord } from '../../src/evtx/index.js';
import { HAVE_CORPUS, crateSample } from './corpus.js';

interface ReadResult {
  records: EvtxRecord[];
  problems: EvtxProblem[];
}

function readAll(name: string, recover = false): ReadResult {
  const problems: EvtxProblem[] = [];
  const records = [...readEvtxFile(crateSample(name), { onProblem: (p) => problems.push(p), recover })];
  return { records, problems };
}

function kinds(problems: EvtxProblem[]): Set<EvtxProblemKind> {
  return new Set(problems.map((p) => p.kind));
}

/** Every record decodes to an event with an id (apart from `allowedUndecodable`). */
function assertDecodes(result: ReadResult, allowedUndecodable = 0): void {
  const undecodable = result.records.filter((r) => r.eventId() === undefined);
  assert.ok(undecodable.length <= allowedUndecodable, `${undecodable.length} records without EventID`);
}

/** Each problem is reported once: no two with the same kind at the same offset. */
function assertReportedOnce(problems: EvtxProblem[]): void {
  const keys = problems.map((p) => `${p.kind}@${p.offset}`);
  assert.equal(new Set(keys).size, keys.length, 'a problem was reported twice');
  for (const p of problems) assert.ok(p.file.length > 0 && p.offset >= 0 && p.message.length > 0);
}

const opts = { skip: !HAVE_CORPUS && 'corpus absent' };

// Counts are those the Rust evtx crate reads (evtx-format.md); we must read at least as many.
test('2-vss_0 RdpCoreTS: garbage records and bad data CRC are reported, the rest is read', opts, () => {
  const r = readAll('2-vss_0-Microsoft-Windows-RemoteDesktopServices-RdpCoreTS%4Operational.evtx');
  assert.ok(r.records.length >= 1910, `${r.records.length}`);
  assert.ok(kinds(r.problems).has('bad-chunk-data-crc'));
  assert.ok(kinds(r.problems).has('bad-record'));
  assertReportedOnce(r.problems);
});

test('2-vss_0 RemoteConnectionManager: garbage record and bad data CRCs', opts, () => {
  const r = readAll('2-vss_0-Microsoft-Windows-TerminalServices-RemoteConnectionManager%4Operational.evtx');
  assert.ok(r.records.length >= 1774, `${r.records.length}`);
  assert.ok(kinds(r.problems).has('bad-chunk-data-crc'));
  assert.ok(kinds(r.problems).has('bad-record'));
  assertDecodes(r);
});

test('2-vss_7-System: header says 4 chunks, valid chunks after zeroed ones are read', opts, () => {
  const r = readAll('2-vss_7-System.evtx');
  assert.ok(r.records.length >= 1160, `${r.records.length}`);
  assert.ok(
    r.records.some((rec) => rec.chunkIndex >= 12),
    'the chunk after the zeroed ones is read',
  );
  assertDecodes(r);
});

test('sample_with_a_bad_chunk_magic: chunks with zeroed magic but records are read and reported', opts, () => {
  const r = readAll('sample_with_a_bad_chunk_magic.evtx');
  assert.ok(r.records.length >= 270, `${r.records.length}`);
  const badMagic = r.problems.filter((p) => p.kind === 'bad-chunk-magic');
  assert.ok(badMagic.length >= 2);
  assert.ok(badMagic.every((p) => p.chunkIndex !== undefined && p.offset === 4096 + p.chunkIndex * 65536));
  assertReportedOnce(r.problems);
});

test('HelloForBusiness: partly zeroed last record is still read and reported', opts, () => {
  const r = readAll('Microsoft-Windows-HelloForBusiness%4Operational.evtx');
  assert.ok(r.records.length >= 6, `${r.records.length}`);
  assert.ok(kinds(r.problems).has('bad-record'));
});

test('LanguagePackSetup: partly zeroed last record is still read and reported', opts, () => {
  const r = readAll('Microsoft-Windows-LanguagePackSetup%4Operational.evtx');
  assert.ok(r.records.length >= 17, `${r.records.length}`);
  assert.ok(kinds(r.problems).has('bad-record'));
});

test('Shell-Core: several fragments per record, chunks beyond the header count', opts, () => {
  const r = readAll('E_Windows_system32_winevt_logs_Microsoft-Windows-Shell-Core%4Operational.evtx');
  assert.ok(r.records.length >= 1146, `${r.records.length}`);
  assert.ok(
    r.records.some((rec) => rec.chunkIndex >= 5),
    'chunks beyond the header count of 5 are read',
  );
  assertDecodes(r);
  assert.deepEqual(r.problems, []);
});

test('CAPI2 (ShadowCopy6): entity refs in attributes, PIs, nested BinXML', opts, () => {
  const r = readAll('E_ShadowCopy6_windows_system32_winevt_logs_Microsoft-Windows-CAPI2%4Operational.evtx');
  assert.ok(r.records.length >= 459, `${r.records.length}`);
  assertDecodes(r);
  for (const rec of r.records) rec.toXml();
  assert.deepEqual(r.problems, []);
});

test('CAPI2: entity refs in attributes render as references', opts, () => {
  const r = readAll('E_Windows_system32_winevt_logs_Microsoft-Windows-CAPI2%4Operational.evtx');
  assert.ok(r.records.length >= 340, `${r.records.length}`);
  assertDecodes(r);
  const xml = r.records.map((rec) => rec.toXml()).join('\n');
  assert.match(xml, /="[^"]*&(amp|lt|gt|quot|apos);[^"]*"/, 'an attribute value holds an entity reference');
  assert.deepEqual(r.problems, []);
});

test('Application_no_crc32: no-CRC flag means invalid CRCs are not problems', opts, () => {
  const r = readAll('Application_no_crc32.evtx');
  assert.ok(r.records.length >= 17, `${r.records.length}`);
  assert.deepEqual(r.problems, []);
  assertDecodes(r);
});

test('post-Security: odd header flags', opts, () => {
  const r = readAll('post-Security.evtx');
  assert.ok(r.records.length >= 126, `${r.records.length}`);
  assertDecodes(r);
});

test('sample-with-zero-data-size-event: the broken record is skipped and reported', opts, () => {
  const r = readAll('sample-with-zero-data-size-event.evtx');
  assert.ok(r.records.length >= 335, `${r.records.length}`);
  assert.ok(kinds(r.problems).has('bad-record'));
});

test('sample-with-irregular-bool-values: bools other than 0/1 render true', opts, () => {
  const r = readAll('sample-with-irregular-bool-values.evtx');
  assert.ok(r.records.length >= 3028, `${r.records.length}`);
  const booleans = new Set<string>();
  for (const rec of r.records) {
    const data = rec.eventData();
    for (const key of ['IsMachineBoot', 'IsServiceRestart']) if (key in data) booleans.add(String(data[key]));
  }
  assert.deepEqual([...booleans].sort(), ['false', 'true']);
  assertDecodes(r);
});

test('MSExchange_Management_wec: forwarded event, values as text, empty Data', opts, () => {
  const r = readAll('MSExchange_Management_wec.evtx');
  assert.ok(r.records.length >= 1);
  const [rec] = r.records;
  assert.equal(rec!.eventId(), 1);
  assert.equal(rec!.channel(), 'MSExchange Management');
  const data = rec!.eventData()['Data'];
  assert.ok(Array.isArray(data) && data[0] === 'Set-Mailbox' && data.includes(''));
  assert.deepEqual(r.problems, []);
});

test('issue_201: forwarded event', opts, () => {
  const r = readAll('issue_201.evtx');
  assert.ok(r.records.length >= 1);
  assert.notEqual(r.records[0].eventId(), undefined);
  assert.deepEqual(r.problems, []);
});

test('security_bad_string_cache: bad header CRC reported, all records read', opts, () => {
  const r = readAll('security_bad_string_cache.evtx');
  assert.ok(r.records.length >= 2261, `${r.records.length}`);
  assert.ok(kinds(r.problems).has('bad-chunk-header-crc'));
  assertDecodes(r);
});

test('Security_with_size_t: size_t values render as 0x hex', opts, () => {
  const r = readAll('Security_with_size_t.evtx');
  assert.ok(r.records.length >= 636, `${r.records.length}`);
  assertDecodes(r);
});

test('sysmon: valid chunks beyond the header count are read, garbage chunks reported', opts, () => {
  const r = readAll('sysmon.evtx');
  assert.ok(
    r.records.some((rec) => rec.chunkIndex >= 1),
    'chunks beyond the header count of 1 are read',
  );
  assert.ok(kinds(r.problems).has('bad-chunk-magic'));
  assertDecodes(r);
  const first = r.records[0];
  assert.equal(first.provider(), 'Microsoft-Windows-Sysmon');
  assert.ok(Object.keys(first.eventData()).length > 0);
});

for (const name of [
  '2-system-Microsoft-Windows-LiveId%4Operational.evtx',
  'Security_short_selected.evtx',
  'new-user-security.evtx',
  'security.evtx',
  'system.evtx',
]) {
  test(`${name}: clean file reads without problems`, opts, () => {
    const r = readAll(name);
    assert.ok(r.records.length > 0);
    assert.deepEqual(r.problems, []);
    assertDecodes(r);
    const ids = r.records.map((rec) => rec.recordId);
    assert.equal(new Set(ids).size, ids.length, 'record ids are unique');
  });
}

test('recover: carving chunk slack yields extra records marked recovered', opts, () => {
  const plain = readAll('2-vss_0-Microsoft-Windows-RemoteDesktopServices-RdpCoreTS%4Operational.evtx');
  const carved = readAll('2-vss_0-Microsoft-Windows-RemoteDesktopServices-RdpCoreTS%4Operational.evtx', true);
  const recovered = carved.records.filter((r) => r.recovered);
  assert.equal(carved.records.length - recovered.length, plain.records.length);
  assert.ok(recovered.length > 0);
});
