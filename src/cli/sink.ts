import { closeSync, openSync, writeSync } from 'node:fs';

/** Bytes collected before each write. */
const BLOCK_BYTES = 1 << 20;

/**
 * Text to a file descriptor in large synchronous blocks: texts are encoded straight into one reused
 * buffer, so memory stays flat however much is written, and output keeps its order with stderr.
 */
export class BlockWriter {
  private readonly block = Buffer.allocUnsafe(BLOCK_BYTES);
  private used = 0;
  /** What Atomics.wait sleeps on while a full pipe drains. */
  private readonly sleepCell = new Int32Array(new SharedArrayBuffer(4));

  constructor(private readonly fd: number) {}

  write(text: string): void {
    // UTF-8 needs at most 3 bytes per UTF-16 code unit.
    if (this.used + text.length * 3 > BLOCK_BYTES) {
      this.flush();
      if (text.length * 3 > BLOCK_BYTES) {
        this.writeFully(Buffer.from(text, 'utf8'));
        return;
      }
    }
    this.used += this.block.write(text, this.used, 'utf8');
  }

  flush(): void {
    if (this.used > 0) this.writeFully(this.block.subarray(0, this.used));
    this.used = 0;
  }

  private writeFully(data: Buffer): void {
    for (let done = 0; done < data.length; ) {
      try {
        done += writeSync(this.fd, data, done, data.length - done);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EPIPE') throw new OutputClosedError();
        // A non-blocking pipe that is full: wait briefly for the reader.
        if (code !== 'EAGAIN') throw err;
        Atomics.wait(this.sleepCell, 0, 0, 1);
      }
    }
  }
}

/** The reader of our output went away (`hunt dump x | head`): stop quietly, as Unix tools do. */
export class OutputClosedError extends Error {
  constructor() {
    super('output closed by its reader');
  }
}

export interface Output {
  readonly writer: BlockWriter;
  /** Flushes, and closes FILE. */
  close(): void;
}

/** stdout, or FILE (created or truncated). */
export function openOutput(path: string | undefined): Output {
  const fd = path === undefined ? 1 : openSync(path, 'w');
  const writer = new BlockWriter(fd);
  return {
    writer,
    close: () => {
      writer.flush();
      if (path !== undefined) closeSync(fd);
    },
  };
}
