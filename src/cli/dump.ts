import { writeSync } from 'node:fs';
import { EvtxFileError, readEvtxFile, type EvtxProblem, type EvtxRecord } from '../evtx/index.js';

/** Bytes collected before each write. */
const BLOCK_BYTES = 1 << 20;
const SLEEP_CELL = new Int32Array(new SharedArrayBuffer(4));

export interface DumpResult {
  records: number;
  /** Files that could not be read at all (not EVTX, unreadable). */
  unreadable: string[];
}

/**
 * Writes text to a stream in blocks. When the stream exposes a file descriptor (process.stdout,
 * or fs.createWriteStream(path, { fd })) texts are encoded straight into one reused buffer that is
 * written synchronously, so memory stays flat however large the dump; otherwise blocks go through
 * stream.write() and are buffered by the stream.
 */
class BlockWriter {
  private readonly fd: number | undefined;
  private readonly block = Buffer.allocUnsafe(BLOCK_BYTES);
  private used = 0;
  private pending: string[] = [];
  private pendingChars = 0;

  constructor(private readonly out: NodeJS.WritableStream) {
    const fd = (out as { fd?: unknown }).fd;
    this.fd = typeof fd === 'number' ? fd : undefined;
  }

  write(text: string): void {
    if (this.fd === undefined) {
      this.pending.push(text);
      this.pendingChars += text.length;
      if (this.pendingChars >= BLOCK_BYTES) this.flush();
      return;
    }
    // UTF-8 needs at most 3 bytes per UTF-16 code unit.
    if (this.used + text.length * 3 > BLOCK_BYTES) {
      this.flush();
      if (text.length * 3 > BLOCK_BYTES) {
        writeFully(this.fd, Buffer.from(text, 'utf8'));
        return;
      }
    }
    this.used += this.block.write(text, this.used, 'utf8');
  }

  flush(): void {
    if (this.fd === undefined) {
      if (this.pending.length > 0) this.out.write(this.pending.join(''));
      this.pending = [];
      this.pendingChars = 0;
    } else if (this.used > 0) {
      writeFully(this.fd, this.block.subarray(0, this.used));
      this.used = 0;
    }
  }
}

function writeFully(fd: number, data: Buffer): void {
  for (let done = 0; done < data.length; ) {
    try {
      done += writeSync(fd, data, done, data.length - done);
    } catch (err) {
      // A non-blocking pipe that is full: wait briefly for the reader.
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
      Atomics.wait(SLEEP_CELL, 0, 0, 1);
    }
  }
}

/** JSON of an optional string or number field: `null` stands for absent in this hand-built object. */
function jsonField(value: string | number | undefined): string {
  return value === undefined ? 'null' : typeof value === 'number' ? String(value) : JSON.stringify(value);
}

/**
 * One JSONL object. Built by hand around JSON.stringify of the parts: cheaper than stringifying
 * a fresh object per record, and the file name is encoded once per file.
 */
function jsonRecord(record: EvtxRecord, fileJson: string): string {
  return (
    '{"file":' + fileJson +
    ',"record_id":' + record.recordId +
    ',"timestamp":' + JSON.stringify(record.timeCreated() ?? record.written) +
    ',"event_id":' + jsonField(record.eventId()) +
    ',"provider":' + jsonField(record.provider()) +
    ',"channel":' + jsonField(record.channel()) +
    ',"computer":' + jsonField(record.computer()) +
    ',"event_data":' + JSON.stringify(record.eventData()) +
    '}'
  );
}

/**
 * Dumps every record of `files`: jsonl (one object per line), json (one array) or xml (records
 * inside <Events>). Damage is reported through `onProblem`; unreadable files are listed.
 */
export function runDump(
  files: string[],
  format: 'jsonl' | 'json' | 'xml',
  out: NodeJS.WritableStream,
  onProblem: (p: EvtxProblem) => void,
): DumpResult {
  const writer = new BlockWriter(out);
  const unreadable: string[] = [];
  let records = 0;
  if (format === 'json') writer.write('[');
  else if (format === 'xml') writer.write('<Events>\n');
  for (const file of files) {
    const fileJson = JSON.stringify(file);
    try {
      for (const record of readEvtxFile(file, { onProblem })) {
        if (format === 'xml') writer.write(record.toXml() + '\n');
        else if (format === 'json') writer.write((records === 0 ? '\n' : ',\n') + jsonRecord(record, fileJson));
        else writer.write(jsonRecord(record, fileJson) + '\n');
        records++;
      }
    } catch (err) {
      if (!(err instanceof EvtxFileError)) throw err;
      unreadable.push(file);
    }
  }
  if (format === 'json') writer.write(records === 0 ? ']\n' : '\n]\n');
  else if (format === 'xml') writer.write('</Events>\n');
  writer.flush();
  return { records, unreadable };
}
