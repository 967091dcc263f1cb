import { EvtxFileError, ReaderCaches, type EvtxProblem, type EvtxRecord } from '../evtx/index.js';
import { readLogChunks, readLogLayout } from '../exported/index.js';
import { dumpFiles, type DumpResult } from '../hunt/dump.js';
import type { TextSink } from '../output/formats.js';
import { createRecordWriter, type DumpFormat, type RecordFormatError } from '../output/records.js';
import { InterruptedError, type Interruption } from './interrupt.js';

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

/** Chunks read between two looks at `interruption` (2 MiB, as a hunt's ranges). */
const CHUNKS_BETWEEN_CHECKS = 32;

/** What dumpInterruptibly wrote, and the signal that stopped it, if one did. */
export interface InterruptibleDumpResult extends DumpResult {
  readonly interrupted?: InterruptedError;
}

/**
 * runDump as the CLI runs it: the same records, problems and unreadable files, read a range of
 * chunks at a time with the event loop let in between, so that Ctrl-C or SIGTERM (`interruption`)
 * is heard there; then the output is ended as valid (a JSON array's `]`, `</Events>`) and the
 * signal returned.
 */
export async function dumpInterruptibly(
  files: readonly string[],
  format: DumpFormat,
  out: TextSink,
  onProblem: (problem: EvtxProblem) => void,
  onRecordError: RecordFormatError,
  interruption: Interruption,
): Promise<InterruptibleDumpResult> {
  const writer = createRecordWriter(format, out, onRecordError);
  // One reader's caches for every range, as one readEvtxFile would keep them for a file.
  const caches = new ReaderCaches();
  const unreadable: EvtxFileError[] = [];
  let records = 0;
  const write = (range: Generator<EvtxRecord, boolean>, file: string): boolean => {
    for (let step = range.next(); ; step = range.next()) {
      if (step.done === true) return step.value;
      writer.write(step.value, file);
      records++;
    }
  };
  try {
    for (const file of files) {
      let layout;
      try {
        layout = readLogLayout(file, onProblem);
      } catch (error) {
        if (!(error instanceof EvtxFileError)) throw error;
        unreadable.push(error);
        continue;
      }
      for (let first = 0; first < layout.chunkCount; first += CHUNKS_BETWEEN_CHECKS) {
        if (!write(readLogChunks(file, layout, first, first + CHUNKS_BETWEEN_CHECKS, { onProblem, caches }), file)) break;
        await new Promise<void>((resolve) => setImmediate(resolve));
        interruption.check();
      }
    }
  } catch (error) {
    if (!(error instanceof InterruptedError)) throw error;
    writer.end();
    return { records, unreadable, interrupted: error };
  }
  writer.end();
  return { records, unreadable };
}
