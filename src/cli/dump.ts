import type { EvtxProblem } from '../evtx/index.js';
import { dumpFiles, type DumpResult } from '../hunt/dump.js';
import type { TextSink } from '../output/formats.js';
import { createRecordWriter, type DumpFormat, type RecordFormatError } from '../output/records.js';

/**
 * `hunt dump`: every record of `files` in `format`, jsonl (one object per line), json (one array) or
 * xml (records inside <Events>). Damage is reported through `onProblem`; unreadable files are listed;
 * a record that cannot be formatted goes to `onRecordError` (the default rethrows).
 */
export function runDump(
  files: readonly string[],
  format: DumpFormat,
  out: TextSink,
  onProblem: (problem: EvtxProblem) => void,
  onRecordError?: RecordFormatError,
): DumpResult {
  const writer = createRecordWriter(format, out, onRecordError);
  const result = dumpFiles(files, writer, onProblem);
  writer.end();
  return result;
}
