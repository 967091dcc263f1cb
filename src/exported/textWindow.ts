/** Text decoded from a file chunk by chunk, with the byte offset in the file of any position in it. */

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

/** The encoding a file's first bytes show (a byte order mark, or UTF-16 without one), and the mark's length. */
export function sniffEncoding(head: Buffer): { encoding: TextEncoding; bomBytes: number } {
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bomBytes: 3 };
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bomBytes: 2 };
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bomBytes: 2 };
  // Without a mark, ASCII markup in UTF-16 shows as a NUL beside each character.
  if (head.length >= 2 && head[0] !== 0 && head[1] === 0) return { encoding: 'utf-16le', bomBytes: 0 };
  if (head.length >= 2 && head[0] === 0 && head[1] !== 0) return { encoding: 'utf-16be', bomBytes: 0 };
  return { encoding: 'utf-8', bomBytes: 0 };
}

/**
 * The not yet consumed text of a file and where it starts in the file. Offsets are exact for valid
 * UTF-8 and UTF-16; an invalid UTF-8 sequence decodes to U+FFFD (3 bytes), so offsets after one may
 * be off by a few bytes.
 */
export class TextWindow {
  text = '';
  /** File offset of text[0]. */
  private startByte: number;
  /** A position whose offset is known, so that offsets asked for in order cost what the text between costs. */
  private knownIndex = 0;
  private knownByte: number;

  constructor(
    private readonly encoding: TextEncoding,
    startByte: number,
  ) {
    this.startByte = startByte;
    this.knownByte = startByte;
  }

  append(more: string): void {
    this.text = this.text.length === 0 ? more : this.text + more;
  }

  /** File offset of text[index]. */
  byteAt(index: number): number {
    if (index < this.knownIndex) {
      this.knownIndex = 0;
      this.knownByte = this.startByte;
    }
    this.knownByte += this.byteLength(this.knownIndex, index);
    this.knownIndex = index;
    return this.knownByte;
  }

  /** Drops text[0, index): it has been consumed. */
  drop(index: number): void {
    if (index === 0) return;
    this.startByte = this.byteAt(index);
    this.text = this.text.slice(index);
    this.knownIndex = 0;
    this.knownByte = this.startByte;
  }

  private byteLength(from: number, to: number): number {
    if (to <= from) return 0;
    return this.encoding === 'utf-8' ? Buffer.byteLength(this.text.slice(from, to), 'utf8') : 2 * (to - from);
  }
}
