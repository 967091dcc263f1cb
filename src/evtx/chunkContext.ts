import type { CompiledTemplate, XmlNode } from './binxml/nodes.js';
import { parseNestedBinXml } from './binxml/parser.js';
import { TextBudget } from './fields/textBudget.js';
import type { KnownNames } from './names.js';
import type { ReaderCaches } from './readerCaches.js';
import { ChunkTemplates, type TemplateChunk } from './templates.js';
import type { EvtxProblem, EvtxProblemKind } from './types.js';
import type { FileTimeFormatter } from './values/time.js';

/** Entries per offset pool block; a chunk's records hold a few thousand values at most. */
const OFFSET_POOL_SIZE = 2048;

/**
 * Per-chunk state shared by all records of a chunk: the chunk bytes, caches of names and
 * compiled template definitions keyed by chunk offset (both are only valid within their chunk),
 * and the reader's caches that outlive the chunk.
 */
export class ChunkContext implements TemplateChunk {
  private readonly names = new Map<number, string>();
  private readonly knownNames: KnownNames;
  private readonly templates: ChunkTemplates;
  readonly fileTimes: FileTimeFormatter;
  /**
   * The budget every accessor of the chunk's records renders within. One for all: accessors run one
   * at a time, and each restarts it.
   */
  readonly textBudget = new TextBudget();

  /** Value offsets of the chunk's template instances, handed out in slices (no allocation per record). */
  private offsetPool = new Uint32Array(0);
  private offsetPoolUsed = 0;

  constructor(
    readonly buf: Buffer,
    readonly file: string,
    readonly chunkIndex: number,
    readonly fileOffset: number,
    private readonly onProblem: ((p: EvtxProblem) => void) | undefined,
    caches: ReaderCaches,
  ) {
    this.knownNames = caches.names;
    this.templates = new ChunkTemplates(this, caches.templates);
    this.fileTimes = caches.fileTimes;
  }

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
      name = this.knownNames.read(this.buf, offset);
      this.names.set(offset, name);
    }
    return name;
  }

  template(offset: number, depth: number, referenceAt: number): CompiledTemplate {
    return this.templates.get(offset, depth, referenceAt);
  }

  parseNestedBinXml(start: number, end: number, depth: number): XmlNode[] {
    return parseNestedBinXml(this, start, end, depth);
  }

  report(kind: EvtxProblemKind, chunkOffset: number, message: string): void {
    this.onProblem?.({ file: this.file, chunkIndex: this.chunkIndex, offset: this.fileOffset + chunkOffset, kind, message });
  }
}
