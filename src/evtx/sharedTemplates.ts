import type { CompiledTemplate } from './binxml/nodes.js';
import type { BinXmlChunk } from './binxml/parser.js';
import { BinXmlError } from './errors.js';

/** What comparing a definition reads from its chunk. */
type DefinitionChunk = Pick<BinXmlChunk, 'buf' | 'name'>;

/** A definition offered for sharing, with what decoding it read besides its own bytes. */
interface SharedDefinition {
  readonly depth: number;
  /**
   * A copy of GUID, body size and body (an entry must not keep its chunk alive), with the
   * chunk-dependent bytes zeroed.
   */
  readonly maskedBytes: Buffer;
  /** Sorted [start, end) pairs of chunk-dependent bytes: name references and inline names' chain links. */
  readonly chunkDependentBytes: readonly number[];
  /** Positions of the u32 name references, relative to the GUID like the above. */
  readonly nameFields: readonly number[];
  /** The name each reference resolves to; undefined for a name stored inline right after it. */
  readonly names: readonly (string | undefined)[];
  readonly template: CompiledTemplate;
}

/** Bytes from the GUID to the body, in a definition header. */
const GUID_OFFSET = 4;
/** Lists kept; a file uses a few hundred templates at most. */
const MAX_SHARED_KEYS = 1024;
/**
 * Encodings kept per key: a definition's bytes differ with the names that chunk stored inline
 * before it, so a template commonly comes in a few variants.
 */
const MAX_VARIANTS = 4;
/** Bytes of definitions kept; real templates are a few KiB, but crafted ones can each fill a chunk. */
const MAX_SHARED_BYTES = 8 * 1024 * 1024;

/**
 * Compiled templates shared across the chunks of a reader. Every chunk holds its own copy of each
 * definition it uses, so without sharing a file decodes the same few templates again in every
 * chunk. Another chunk's copy is the same definition when its GUID, body size and body are equal
 * byte for byte, except that its name references (chunk offsets, which differ between chunks)
 * resolve to the same names, and it is decoded at the same nesting depth. Decoding reads nothing
 * else, so the trees are equal.
 *
 * Bounded: at most MAX_SHARED_KEYS x MAX_VARIANTS definitions and MAX_SHARED_BYTES of their bytes
 * (all keys are dropped when a new one does not fit, the oldest variant when a key is full), and a
 * scratch buffer as long as the longest definition compared (at most a chunk).
 */
export class SharedTemplates {
  /** Keyed by the GUID's first u32: a number key is cheaper than formatting the GUID. */
  private readonly definitions = new Map<number, SharedDefinition[]>();
  /** Where a candidate definition is copied and masked for one native comparison. */
  private scratch = Buffer.alloc(4096);
  /** Sum of the kept definitions' byte lengths. */
  private bytes = 0;

  /** The template compiled from an equal definition in an earlier chunk, if any. */
  find(chunk: DefinitionChunk, definitionOffset: number, bodyEnd: number, depth: number): CompiledTemplate | undefined {
    const variants = this.definitions.get(chunk.buf.readUInt32LE(definitionOffset + GUID_OFFSET));
    if (variants === undefined) return undefined;
    const start = definitionOffset + GUID_OFFSET;
    for (const shared of variants) {
      if (shared.depth === depth && shared.maskedBytes.length === bodyEnd - start && this.isEqualDefinition(chunk, start, shared))
        return shared.template;
    }
    return undefined;
  }

  private isEqualDefinition(chunk: DefinitionChunk, start: number, shared: SharedDefinition): boolean {
    const length = shared.maskedBytes.length;
    if (this.scratch.length < length) this.scratch = Buffer.alloc(length);
    const scratch = this.scratch;
    chunk.buf.copy(scratch, 0, start, start + length);
    const masked = shared.chunkDependentBytes;
    for (let i = 0; i < masked.length; i += 2) {
      for (let at = masked[i]; at < masked[i + 1]; at++) scratch[at] = 0;
    }
    if (scratch.compare(shared.maskedBytes, 0, length, 0, length) !== 0) return false;
    for (let i = 0; i < shared.nameFields.length; i++) {
      const field = start + shared.nameFields[i];
      const nameOffset = chunk.buf.readUInt32LE(field);
      const inline = nameOffset === field + 4;
      if (inline !== (shared.names[i] === undefined)) return false;
      // A broken reference never matches: the full decode reports it.
      if (!inline && nameAt(chunk, nameOffset) !== shared.names[i]) return false;
    }
    return true;
  }

  /**
   * Offers a definition just decoded for sharing. `nameFields` are the chunk offsets of its name
   * references; a definition that holds template instances depends on more of its chunk and is
   * not to be offered.
   */
  share(
    chunk: DefinitionChunk,
    definitionOffset: number,
    bodyEnd: number,
    depth: number,
    nameFields: readonly number[],
    template: CompiledTemplate,
  ): void {
    const buf = chunk.buf;
    const start = definitionOffset + GUID_OFFSET;
    const maskedBytes = Buffer.from(buf.subarray(start, bodyEnd));
    const relativeFields: number[] = [];
    const names: (string | undefined)[] = [];
    const chunkDependentBytes: number[] = [];
    for (const field of nameFields) {
      const nameOffset = buf.readUInt32LE(field);
      const inline = nameOffset === field + 4;
      const name = inline ? undefined : nameAt(chunk, nameOffset);
      // A reference that does not resolve sits in trailing bytes the decoder gave up on: not shared.
      if (!inline && name === undefined) return;
      relativeFields.push(field - start);
      names.push(name);
      // An inline name starts with a u32 link to the next name of its hash bucket: chunk-specific, never read.
      const end = field - start + (inline ? 8 : 4);
      chunkDependentBytes.push(field - start, end);
      maskedBytes.fill(0, field - start, end);
    }
    const key = buf.readUInt32LE(start);
    if (this.bytes + maskedBytes.length > MAX_SHARED_BYTES) this.clear();
    let variants = this.definitions.get(key);
    if (variants === undefined) {
      if (this.definitions.size >= MAX_SHARED_KEYS) this.clear();
      this.definitions.set(key, (variants = []));
    }
    if (variants.length >= MAX_VARIANTS) this.bytes -= variants.pop()!.maskedBytes.length;
    this.bytes += maskedBytes.length;
    variants.unshift({ depth, maskedBytes, chunkDependentBytes, nameFields: relativeFields, names, template });
  }

  private clear(): void {
    this.definitions.clear();
    this.bytes = 0;
  }
}

/** The name at `nameOffset`, undefined when there is no valid name structure. */
function nameAt(chunk: DefinitionChunk, nameOffset: number): string | undefined {
  try {
    return chunk.name(nameOffset);
  } catch (err) {
    if (err instanceof BinXmlError) return undefined;
    throw err;
  }
}
