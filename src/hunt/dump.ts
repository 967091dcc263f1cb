import { EvtxFileError, type EvtxProblem, type EvtxRecord } from '../evtx/index.js';
import { readLogFile } from '../exported/index.js';

/** Where a dump sends every record, with the file it was read from. */
export interface RecordSink {
  write(record: EvtxRecord, file: string): void;
}

export interface DumpResult {
  records: number;
  /** Files that could not be read at all (not EVTX, unreadable), with the reason. */
  unreadable: EvtxFileError[];
}

/** Every record of `files` to the sink, in order. Damage is reported through `onProblem`; unreadable files are listed. */
export function dumpFiles(files: readonly string[], sink: RecordSink, onProblem: (problem: EvtxProblem) => void): DumpResult {
  const unreadable: EvtxFileError[] = [];
  let records = 0;
  for (const file of files) {
    try {
      for (const record of readLogFile(file, { onProblem })) {
        sink.write(record, file);
        records++;
      }
    } catch (err) {
      if (!(err instanceof EvtxFileError)) throw err;
      unreadable.push(err);
    }
  }
  return { records, unreadable };
}
