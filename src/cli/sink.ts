import { closeSync, constants, fstatSync, ftruncateSync, openSync, statSync, writeSync, type Stats } from 'node:fs';
import { terminalSafe } from '../output/sanitize.js';
import { errorText, OutputError, OutputExistsError, OutputIsInputError } from './errors.js';

/** Bytes collected before each write. */
const BLOCK_BYTES = 1 << 20;

/** What Atomics.wait sleeps on while a full pipe drains. */
const sleepCell = (): Int32Array => new Int32Array(new SharedArrayBuffer(4));

/**
 * Writes all of `data` to `fd`, waiting while a non-blocking pipe is full. The reader going away
 * (EPIPE) is an OutputClosedError; any other failure an OutputError naming `target`.
 */
function writeFully(fd: number, data: Buffer, target: string, cell: Int32Array): void {
  for (let done = 0; done < data.length;) {
    try {
      done += writeSync(fd, data, done, data.length - done);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') throw new OutputClosedError();
      // A non-blocking pipe that is full: wait briefly for the reader.
      if (code !== 'EAGAIN') throw new OutputError(target, errorText(err));
      Atomics.wait(cell, 0, 0, 1);
    }
  }
}

/**
 * Text to a file descriptor in large synchronous blocks: texts are encoded straight into one reused
 * buffer, so memory stays flat however much is written, and output keeps its order with stderr.
 * A block holds whole texts (each a record, a line, a table), so when a write fails on a file hunt
 * created, the file is cut back to the blocks written whole: what it holds stays valid lines.
 */
export class BlockWriter {
  private readonly block = Buffer.allocUnsafe(BLOCK_BYTES);
  private used = 0;
  private readonly sleepCell = sleepCell();
  /** Bytes written whole so far, when the file started empty at offset 0; else undefined. */
  private written: number | undefined;

  constructor(
    private readonly fd: number,
    /** How messages name the output: the file's path, or `stdout`. */
    private readonly target: string,
    startsEmpty = false,
  ) {
    this.written = startsEmpty ? 0 : undefined;
  }

  write(text: string): void {
    // UTF-8 needs at most 3 bytes per UTF-16 code unit.
    if (this.used + text.length * 3 > BLOCK_BYTES) {
      this.flush();
      if (text.length * 3 > BLOCK_BYTES) {
        this.writeWhole(Buffer.from(text, 'utf8'));
        return;
      }
    }
    this.used += this.block.write(text, this.used, 'utf8');
  }

  flush(): void {
    const used = this.used;
    this.used = 0;
    if (used > 0) this.writeWhole(this.block.subarray(0, used));
  }

  private writeWhole(data: Buffer): void {
    try {
      writeFully(this.fd, data, this.target, this.sleepCell);
    } catch (error) {
      // Drop the part of this block that made it to disk: the file ends after a whole text.
      if (this.written !== undefined) {
        try {
          ftruncateSync(this.fd, this.written);
        } catch {
          // the error being reported is the write's
        }
      }
      throw error;
    }
    if (this.written !== undefined) this.written += data.length;
  }
}

/** The reader of our output went away (`hunt dump x | head`): stop quietly, as Unix tools do. */
export class OutputClosedError extends Error {
  constructor() {
    super('output closed by its reader');
  }
}

/** Where messages go: stderr (MessageWriter), or nowhere (QUIET, for --quiet). */
export interface Messages {
  line(text: string): void;
  write(text: string): void;
}

/** Drops every message: what --quiet does with all but the errors that end a run. */
export const QUIET: Messages = Object.freeze({ line: () => {}, write: () => {} });

/**
 * Messages to stderr, synchronously (they keep their order with the output). When stderr's reader
 * has gone away (`hunt ... 2>&1 >/dev/null | head -1`), or stderr cannot be written at all, the
 * messages are dropped and the run goes on: the hits still reach their output.
 */
export class MessageWriter implements Messages {
  private gone = false;
  private readonly sleepCell = sleepCell();

  constructor(private readonly fd = 2) {}

  /**
   * One message line. Every message passes here and is escaped for the terminal: paths, rule names
   * and reasons come from files and folders an attacker may have named.
   */
  line(text: string): void {
    this.write(terminalSafe(text) + '\n');
  }

  /** Text as it is: the progress line's own control sequences, or lines escaped already. */
  write(text: string): void {
    if (this.gone) return;
    try {
      writeFully(this.fd, Buffer.from(text, 'utf8'), 'stderr', this.sleepCell);
    } catch {
      this.gone = true;
    }
  }
}

export interface Output {
  readonly writer: BlockWriter;
  /** Flushes, and closes FILE. */
  close(): void;
}

/** The device and inode of every input, with the path it was given by. */
export type InputIdentities = ReadonlyMap<string, string>;

const identity = (stats: Stats): string => `${stats.dev}:${stats.ino}`;

/** The identities of the files a run reads (logs, rule files); one that cannot be stat'ed is left out. */
export function inputIdentities(paths: readonly string[]): InputIdentities {
  const identities = new Map<string, string>();
  for (const path of paths) {
    try {
      const key = identity(statSync(path));
      if (!identities.has(key)) identities.set(key, path);
    } catch {
      // not read either
    }
  }
  return identities;
}

function refuseInput(target: string, stats: Stats, inputs: InputIdentities): void {
  const input = stats.isFile() ? inputs.get(identity(stats)) : undefined;
  if (input !== undefined) throw new OutputIsInputError(target, input);
}

/**
 * stdout, or FILE (created; an existing regular file only with `overwrite`, emptied once it is
 * known to be no input: OutputExistsError otherwise). An output that is one of
 * `inputs` (the same file by device and inode, however it is reached: link, hard link, or stdout
 * redirected onto it) is refused before anything is opened for writing; FILE is checked once more
 * on the opened descriptor, before it is emptied, so a file swapped in meanwhile is not destroyed
 * either. Failures are OutputErrors naming the path and the reason.
 */
export function openOutput(path: string | undefined, inputs: InputIdentities = new Map(), { overwrite = false } = {}): Output {
  if (path === undefined) {
    let stats: Stats | undefined;
    try {
      stats = fstatSync(1);
    } catch {
      // no stdout: writes will say so
    }
    if (stats !== undefined) refuseInput('stdout', stats, inputs);
    const writer = new BlockWriter(1, 'stdout');
    return { writer, close: () => writer.flush() };
  }
  let existing: Stats | undefined;
  try {
    existing = statSync(path);
  } catch {
    // created below (or the open says why not)
  }
  if (existing !== undefined) {
    refuseInput(path, existing, inputs);
    if (existing.isDirectory()) throw new OutputError(path, errorText({ code: 'EISDIR' }));
    if (existing.isFile() && !overwrite) throw new OutputExistsError(path);
  }
  // A file only hunt creates (O_EXCL), unless one may be overwritten: one made meanwhile is not
  // emptied either. Devices and pipes (/dev/null, a FIFO) are opened as they are.
  const exclusive = existing === undefined && !overwrite ? constants.O_EXCL : 0;
  let fd: number;
  try {
    // Not O_TRUNC: the file is emptied only once its descriptor is known to be no input.
    fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | exclusive, 0o666);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new OutputExistsError(path);
    throw new OutputError(path, errorText(error));
  }
  let regular: boolean;
  try {
    const opened = fstatSync(fd);
    refuseInput(path, opened, inputs);
    regular = opened.isFile();
    if (regular) ftruncateSync(fd, 0);
  } catch (error) {
    closeSync(fd);
    throw error instanceof OutputIsInputError ? error : new OutputError(path, errorText(error));
  }
  const writer = new BlockWriter(fd, path, regular);
  return {
    writer,
    close: () => {
      try {
        writer.flush();
      } catch (error) {
        closeSync(fd);
        throw error;
      }
      try {
        closeSync(fd);
      } catch (error) {
        throw new OutputError(path, errorText(error));
      }
    },
  };
}
