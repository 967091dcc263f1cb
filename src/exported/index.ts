/**
 * The read layer for every log hunt takes: EVTX files (src/evtx) and XML and JSON exports of event
 * logs, told apart by their content. Exports give records as the EVTX reader does, so that
 * normalization and the rules apply to them unchanged.
 */
import { readEvtxChunks, readEvtxFile, readEvtxLayout, type EvtxLayout, type EvtxRecord, type ReadOptions } from '../evtx/index.js';
import { detectLogFormat } from './detect.js';
import { exportedLayout, isExportedLayout, readExportedFile } from './reader.js';

export { detectLogFormat, holdsExportedEvents, type LogFormat } from './detect.js';
export { ExportedRecord } from './record.js';
export { isExportedLayout, readExportedFile, type ExportedLayout, type ExportFormat } from './reader.js';
export { MAX_EVENT_CHARS } from './xmlScanner.js';

/** The records of a log file, whatever its format; throws EvtxFileError for one that cannot be read at all. */
export function readLogFile(path: string, options: ReadOptions = {}): Generator<EvtxRecord> {
  const format = detectLogFormat(path);
  return format === 'evtx' ? readEvtxFile(path, options) : readExportedFile(path, format, options);
}

/**
 * readEvtxLayout for any log: an export's layout is one range of one chunk (ExportedLayout), which
 * readLogChunks reads whole. Throws EvtxFileError as readEvtxLayout does.
 */
export function readLogLayout(path: string, onProblem?: ReadOptions['onProblem']): EvtxLayout {
  const format = detectLogFormat(path);
  return format === 'evtx' ? readEvtxLayout(path, onProblem) : exportedLayout(path, format);
}

/** readEvtxChunks for any log whose layout readLogLayout read; an export is read whole as its range 0. */
export function* readLogChunks(
  path: string,
  layout: EvtxLayout,
  first: number,
  end: number,
  options: ReadOptions = {},
): Generator<EvtxRecord, boolean> {
  if (!isExportedLayout(layout)) return yield* readEvtxChunks(path, layout, first, end, options);
  if (first === 0) yield* readExportedFile(path, layout.format, options);
  return true;
}
