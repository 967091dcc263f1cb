import type { CompiledTemplate, ElementNode, XmlNode } from './binxml/nodes.js';
import { parseTemplateBody, type BinXmlChunk, type TemplateBodyTrace } from './binxml/parser.js';
import { BinXmlError } from './errors.js';
import { findSystemSources } from './fields/system.js';
import { CHUNK_SIZE } from './fileHeader.js';
import type { SharedTemplates } from './sharedTemplates.js';
import type { EvtxProblemKind } from './types.js';
import { formatGuid } from './values/render.js';

/** Bytes before a definition body: u32 next-definition offset, 16-byte GUID, u32 body size. */
const DEFINITION_HEADER_SIZE = 24;
/**
 * Definition bytes one chunk may have decoded or compared. Real definitions do not overlap, so
 * they total less than the chunk; crafted instances pointing at thousands of overlapping
 * "definitions" would each cost up to a chunk.
 */
const DEFINITION_BYTES_PER_CHUNK = 2 * CHUNK_SIZE;

/** What decoding definitions reads from their chunk (ChunkContext). */
export interface TemplateChunk extends BinXmlChunk {
  report(kind: EvtxProblemKind, chunkOffset: number, message: string): void;
}

function compileTemplate(guid: string, nodes: readonly XmlNode[]): CompiledTemplate {
  const event = nodes.find((n): n is ElementNode => n.kind === 'element' && n.name === 'Event');
  return { guid, nodes, event, system: event && findSystemSources(event), payloadPlan: undefined };
}

/**
 * The template definitions of one chunk, by chunk offset (offsets are only valid within their
 * chunk), each decoded on first use or taken from an equal definition of an earlier chunk.
 */
export class ChunkTemplates {
  /** null marks a definition that failed to decode, so it is reported once. */
  private readonly compiled = new Map<number, CompiledTemplate | null>();
  /** Definitions being decoded, to refuse a definition that (indirectly) contains itself. */
  private readonly inProgress = new Set<number>();
  private definitionBytesLeft = DEFINITION_BYTES_PER_CHUNK;
  private definitionBytesReported = false;

  constructor(
    private readonly chunk: TemplateChunk,
    private readonly shared: SharedTemplates,
  ) {}

  /**
   * The compiled definition at a chunk offset, decoding and caching it on first use. An offset
   * outside the chunk is no definition: it is reported at `referenceAt`, where it was read.
   */
  get(offset: number, depth: number, referenceAt: number): CompiledTemplate {
    const chunk = this.chunk;
    const buf = chunk.buf;
    if (offset + DEFINITION_HEADER_SIZE > buf.length)
      throw new BinXmlError(referenceAt, `template definition offset ${offset} outside the chunk`);
    const cached = this.compiled.get(offset);
    if (cached !== undefined) {
      if (cached === null) throw new BinXmlError(offset, `template definition at chunk offset ${offset} is undecodable`);
      return cached;
    }
    if (this.inProgress.has(offset)) throw new BinXmlError(offset, `template definition at chunk offset ${offset} contains itself`);
    const bodyStart = offset + DEFINITION_HEADER_SIZE;
    const bodyEnd = bodyStart + buf.readUInt32LE(offset + 20);
    if (bodyEnd <= buf.length && bodyEnd - bodyStart > this.definitionBytesLeft) this.refuseOverBudget(offset);
    try {
      if (bodyEnd > buf.length) throw new BinXmlError(offset, `template definition at ${offset} runs past the chunk`);
      this.definitionBytesLeft -= bodyEnd - bodyStart;
      const shared = this.shared.find(chunk, offset, bodyEnd, depth);
      if (shared !== undefined) {
        this.compiled.set(offset, shared);
        return shared;
      }
      this.inProgress.add(offset);
      const trace: TemplateBodyTrace = { nameFields: [], containsInstance: false };
      const template = compileTemplate(formatGuid(buf, offset + 4), parseTemplateBody(chunk, bodyStart, bodyEnd, depth, trace));
      this.compiled.set(offset, template);
      if (!trace.containsInstance) this.shared.share(chunk, offset, bodyEnd, depth, trace.nameFields, template);
      return template;
    } catch (err) {
      if (!(err instanceof BinXmlError)) throw err;
      this.compiled.set(offset, null);
      chunk.report('bad-template', offset, `template definition at chunk offset ${offset}: ${err.message}`);
      throw err;
    } finally {
      this.inProgress.delete(offset);
    }
  }

  /** Refuses a definition once the chunk's definitions exceed their budget, saying so once per chunk. */
  private refuseOverBudget(offset: number): never {
    const message = `template definitions of this chunk exceed ${DEFINITION_BYTES_PER_CHUNK} bytes: overlapping definitions refused`;
    if (!this.definitionBytesReported) {
      this.definitionBytesReported = true;
      this.chunk.report('bad-template', offset, `template definition at chunk offset ${offset}: ${message}`);
    }
    throw new BinXmlError(offset, message);
  }
}
