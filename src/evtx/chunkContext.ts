import { readNameAt } from './names.js';
import type { CompiledTemplate } from './templates.js';
import type { EvtxProblem, EvtxProblemKind } from './types.js';

/** Entries per offset pool block; a chunk's records hold a few thousand values at most. */
const OFFSET_POOL_SIZE = 2048;

/**
 * Per-chunk state shared by all records of a chunk: the chunk bytes, and caches of names and
 * compiled template definitions keyed by chunk offset (both are only valid within their chunk).
 */
export class ChunkContext {
  private readonly names = new Map<number, string>();
  /** null marks a definition that failed to decode, so it is reported once. */
  readonly templates = new Map<number, CompiledTemplate | null>();
  /** Definitions being decoded, to refuse a definition that (indirectly) contains itself. */
  readonly templatesInProgress = new Set<number>();

  /** Value offsets of the chunk's template instances, handed out in slices (no allocation per record). */
  private offsetPool = new Uint32Array(0);
  private offsetPoolUsed = 0;

  constructor(
    readonly buf: Buffer,
    readonly file: string,
    readonly chunkIndex: number,
    readonly fileOffset: number,
    private readonly onProblem: ((p: EvtxProblem) => void) | undefined,
  ) {}

  /** Reserves `count` entries of the offset pool, which may be a new one; returns the first index. */
  reserveOffsets(count: number): number {
    if (this.offsetPoolUsed + count > this.offsetPool.length) {
      this.offsetPool = new Uint32Array(Math.max(OFFSET_POOL_SIZE, count));
      this.offsetPoolUsed = 0;
    }
    const start = this.offsetPoolUsed;
    this.offsetPoolUsed += count;
    return start;
  }

  /** The pool of the last reservation (read after reserving: a reservation may replace it). */
  get currentOffsetPool(): Uint32Array {
    return this.offsetPool;
  }

  name(offset: number): string {
    let name = this.names.get(offset);
    if (name === undefined) {
      name = readNameAt(this.buf, offset);
      this.names.set(offset, name);
    }
    return name;
  }

  report(kind: EvtxProblemKind, chunkOffset: number, message: string): void {
    this.onProblem?.({ file: this.file, chunkIndex: this.chunkIndex, offset: this.fileOffset + chunkOffset, kind, message });
  }
}
