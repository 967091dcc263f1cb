/**
 * Hand-built EVTX files an attacker could write: one chunk whose template substitutes the same value
 * many times. The writer in dev/evtxWriter only writes what Windows writes, so these are built
 * token by token with test/evtx/chunkWriter.ts.
 */
import { writeFileSync } from 'node:fs';
import { VT_STRING } from '../../src/evtx/values/valueTypes.js';
import { ChunkWriter, fileHeader } from '../evtx/chunkWriter.js';

export const SYSMON_CHANNEL = 'Microsoft-Windows-Sysmon/Operational';

export interface RepeatedValueFile {
  /** Substitutions of value 0 in the template. */
  readonly substitutions: number;
  /** Records, each an instance of the template with its own value 0. */
  readonly records: number;
  /** Value 0 of each record. */
  readonly value: (recordIndex: number) => string;
  /**
   * 'items': the substitutions are the EventData items themselves (each an unnamed "Data" item);
   * 'element': they are the content of one <Data Name="CommandLine">.
   */
  readonly placement: 'items' | 'element';
}

/**
 * A Sysmon event 1 template (EventID and Channel literal) whose EventData repeats substitution 0,
 * defined in the first record and used by every record. Returns the chunk offsets of the records.
 */
export function repeatedValueChunk(spec: RepeatedValueFile): { chunk: Buffer; recordOffsets: number[] } {
  const w = new ChunkWriter();
  let definition = -1;
  const recordOffsets: number[] = [];
  for (let i = 0; i < spec.records; i++) {
    const value = Buffer.from(spec.value(i), 'utf16le');
    recordOffsets.push(
      w.record(i + 1, 0n, (r) => {
        r.fragment();
        if (definition === -1) definition = r.inlineTemplate((t) => templateBody(t, spec));
        else r.templateRef(definition);
        r.values([{ type: VT_STRING, data: value }]).eos();
      }),
    );
  }
  return { chunk: w.finish(1, spec.records), recordOffsets };
}

function templateBody(t: ChunkWriter, spec: RepeatedValueFile): void {
  t.fragment();
  t.open('Event').closeStart();
  t.open('System').closeStart();
  t.open('EventID').closeStart().text('1').end();
  t.open('Channel').closeStart().text(SYSMON_CHANNEL).end();
  t.end();
  t.open('EventData').closeStart();
  if (spec.placement === 'element') t.open('Data', { attributes: true }).attribute('Name').text('CommandLine').closeStart();
  for (let i = 0; i < spec.substitutions; i++) t.subst(0, VT_STRING);
  if (spec.placement === 'element') t.end();
  t.end().end().eos();
}

/** Writes a file of one chunk; returns the file offsets of its records. */
export function writeRepeatedValueFile(path: string, spec: RepeatedValueFile): number[] {
  const { chunk, recordOffsets } = repeatedValueChunk(spec);
  writeFileSync(path, Buffer.concat([fileHeader(1), chunk]));
  return recordOffsets.map((offset) => 4096 + offset);
}

/**
 * A chunk whose one record holds `instances` template instances, each pointing at the next 4-byte
 * step of a run of fragment-header tokens that an end of stream closes: from every step the run
 * reads as another valid, empty definition (its GUID and body size made of the tokens' free bytes),
 * so without a bound each instance decodes and keeps up to a few thousand tokens.
 */
export function overlappingDefinitionsChunk(instances: number): Buffer {
  const w = new ChunkWriter();
  const runStart = 512 + 24 + 4 + instances * 14 + 1 + 4;
  w.record(1, 0n, (r) => {
    r.fragment();
    for (let i = 0; i < instances; i++) r.templateRef(runStart + 4 * i).u32(0);
    r.eos();
  });
  const chunk = w.finish();
  const endOfStream = runStart + 4 * instances + 8;
  // Tokens 0F xx 00 00: body sizes of 12-16 KiB, all past the end of stream, and a different GUID at every step.
  for (let at = runStart, i = 0; at + 4 <= chunk.length; at += 4, i++) {
    chunk.writeUInt32LE(at === endOfStream ? 0 : 0x0f | ((0x30 + ((i * 7) % 0x10)) << 8), at);
  }
  return chunk;
}

/** A Sigma process_creation rule that fires on an encoded PowerShell command line; `id` tells the tests' copies apart. */
export function writeEncodedPowerShellRule(path: string, id: string): void {
  writeFileSync(
    path,
    [
      'title: Encoded PowerShell',
      `id: ${id}`,
      'status: test',
      'logsource:',
      '  category: process_creation',
      '  product: windows',
      'detection:',
      '  selection:',
      "    CommandLine|contains: ' -enc '",
      '  condition: selection',
      'level: high',
      '',
    ].join('\n'),
  );
}
