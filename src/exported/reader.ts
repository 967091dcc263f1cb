import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { EvtxFileError, type EvtxLayout, type EvtxProblem, type EvtxRecord, type ReadOptions } from '../evtx/index.js';
import { holdsExportedEvents } from './detect.js';
import { parseEventJson, parseJsonObject } from './jsonEvent.js';
import { JsonObjectScanner } from './jsonScanner.js';
import { ExportedRecord, type ExportedEvent } from './record.js';
import { sniffEncoding, TextWindow } from './textWindow.js';
import { EventElementScanner, isElement, type ScanItem } from './xmlScanner.js';
import { declarationIn, eventKeyOf, ExportedEventError, parseEventXml } from './xmlEvent.js';

/** Bytes read at a time: what is held in memory is this plus the element being read. */
const READ_BYTES = 1 << 20;

export type ExportFormat = 'xml' | 'json';

/** An XML or JSON export as readLogLayout describes it: one range, hunted whole by one thread. */
export interface ExportedLayout extends EvtxLayout {
  readonly format: ExportFormat;
}

export function isExportedLayout(layout: EvtxLayout): layout is ExportedLayout {
  return 'format' in layout;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Opens an export whose first 64 KiB show events (holdsExportedEvents); throws EvtxFileError otherwise. */
function openExport(path: string, format: ExportFormat): { fd: number; size: number } {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw new EvtxFileError(path, 0, `cannot open: ${errorText(error)}`);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new EvtxFileError(path, 0, 'not a regular file');
    if (!holdsExportedEvents(path))
      throw new EvtxFileError(
        path,
        0,
        format === 'xml'
          ? 'XML without an <Event> element in its first 64 KiB: not an event export'
          : 'JSON without an event as hunt dump, evtx_dump or Winlogbeat write them in its first 64 KiB: not an event export',
      );
    return { fd, size: stat.size };
  } catch (error) {
    closeSync(fd);
    if (error instanceof EvtxFileError) throw error;
    throw new EvtxFileError(path, 0, `cannot read: ${errorText(error)}`);
  }
}

/** The layout of an export: its size, as one range. Throws EvtxFileError when it cannot be opened. */
export function exportedLayout(path: string, format: ExportFormat): ExportedLayout {
  const { fd, size } = openExport(path, format);
  closeSync(fd);
  return { size, chunkCount: 1, verifyCrc: false, format };
}

/**
 * Streams the events of an XML or JSON export, read a megabyte at a time and split into elements or
 * objects as they come (memory does not grow with the file). A malformed or oversized event is a
 * problem naming its byte offset, and reading goes on after it; a file whose start shows no event
 * throws EvtxFileError, as a file that is not EVTX does for the EVTX reader.
 */
export function* readExportedFile(path: string, format: ExportFormat, options: ReadOptions = {}): Generator<EvtxRecord> {
  const { onProblem, onProgress } = options;
  const { fd, size } = openExport(path, format);
  const report = (offset: number, kind: EvtxProblem['kind'], message: string): void => onProblem?.({ file: path, offset, kind, message });
  try {
    const chunk = Buffer.allocUnsafe(READ_BYTES);
    let position = 0;
    let read: number;
    try {
      read = readSync(fd, chunk, 0, READ_BYTES, 0);
    } catch (error) {
      throw new EvtxFileError(path, 0, `cannot read: ${errorText(error)}`);
    }
    const { encoding, bomBytes } = sniffEncoding(chunk.subarray(0, read));
    const decoder = new TextDecoder(encoding);
    const window = new TextWindow(encoding, bomBytes);
    const scanner = format === 'xml' ? new EventElementScanner(window) : new JsonObjectScanner(window);
    const items: ScanItem[] = [];
    for (;;) {
      const final = read === 0;
      window.append(decoder.decode(chunk.subarray(0, read), { stream: !final }));
      position += read;
      scanner.scan(final, items);
      for (const item of items) {
        if (!isElement(item)) {
          report(item.offset, item.kind, item.message);
          continue;
        }
        const { text, offset } = item;
        const failed = (error: unknown): void => {
          if (!(error instanceof ExportedEventError)) throw error;
          report(offset, 'bad-record', `${format === 'xml' ? '<Event> element' : 'JSON event'}: ${error.message}`);
        };
        if (format === 'xml') {
          if (declarationIn(text)) {
            failed(new ExportedEventError('an <Event> element holding a DOCTYPE or ENTITY declaration'));
            continue;
          }
          // Parsed when a rule wants the event (most are passed over by EventID and Channel).
          const key = eventKeyOf(text);
          if (key !== undefined) {
            yield new ExportedRecord(path, offset, { key, parse: () => parseEventXml(text) }, failed);
            continue;
          }
        }
        let event: ExportedEvent;
        try {
          event = format === 'xml' ? parseEventXml(text) : parseEventJson(parseJsonObject(text));
        } catch (error) {
          failed(error);
          continue;
        }
        yield new ExportedRecord(path, offset, event);
      }
      items.length = 0;
      onProgress?.(position, size);
      if (final) break;
      try {
        read = readSync(fd, chunk, 0, READ_BYTES, position);
      } catch (error) {
        report(position, 'truncated', `read failed: ${errorText(error)}`);
        read = 0;
      }
    }
    if (!scanner.found)
      report(0, 'bad-record', format === 'xml' ? 'no <Event> element in the whole file' : 'no JSON object in the whole file');
  } finally {
    closeSync(fd);
  }
}
