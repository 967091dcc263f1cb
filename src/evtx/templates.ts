import type { ElementNode, XmlNode } from './binxml/nodes.js';
import { parseTemplateBody, type TemplateBodyTrace } from './binxml/parser.js';
import type { ChunkContext } from './chunkContext.js';
import { BinXmlError } from './errors.js';
import type { PayloadPlan } from './fields/eventDataPlan.js';
import { findSystemSources, type SystemSources } from './fields/system.js';
import { sharedTemplate, shareTemplate } from './sharedTemplates.js';
import { formatGuid } from './values/render.js';

/** Bytes before a definition body: u32 next-definition offset, 16-byte GUID, u32 body size. */
const DEFINITION_HEADER_SIZE = 24;

/**
 * A template definition decoded once (per chunk, or for all chunks: sharedTemplates.ts), with the
 * places that feed the System fields found up front, so that eventId()/channel() read one
 * substitution value instead of rendering the event.
 */
export interface CompiledTemplate {
  readonly guid: string;
  readonly nodes: readonly XmlNode[];
  /** The root <Event> element, when the definition holds it. */
  readonly event: ElementNode | undefined;
  /** Parts feeding each System field, when <System> is in the definition itself. */
  readonly system: SystemSources | undefined;
  /** Set by payloadPlan() on first use (null: no plan), so that scans never pay for it. */
  payloadPlan: PayloadPlan | null | undefined;
}

function compileTemplate(guid: string, nodes: readonly XmlNode[]): CompiledTemplate {
  const event = nodes.find((n): n is ElementNode => n.kind === 'element' && n.name === 'Event');
  return { guid, nodes, event, system: event && findSystemSources(event), payloadPlan: undefined };
}

/** The compiled definition at a chunk offset, decoding and caching it on first use. */
export function getTemplate(ctx: ChunkContext, offset: number, depth: number): CompiledTemplate {
  const cached = ctx.templates.get(offset);
  if (cached !== undefined) {
    if (cached === null) throw new BinXmlError(offset, `template definition at chunk offset ${offset} is undecodable`);
    return cached;
  }
  if (ctx.templatesInProgress.has(offset)) throw new BinXmlError(offset, `template definition at chunk offset ${offset} contains itself`);
  const buf = ctx.buf;
  try {
    if (offset + DEFINITION_HEADER_SIZE > buf.length) throw new BinXmlError(offset, `template definition offset ${offset} outside the chunk`);
    const bodyStart = offset + DEFINITION_HEADER_SIZE;
    const bodyEnd = bodyStart + buf.readUInt32LE(offset + 20);
    if (bodyEnd > buf.length) throw new BinXmlError(offset, `template definition at ${offset} runs past the chunk`);
    const shared = sharedTemplate(ctx, offset, bodyEnd, depth);
    if (shared !== undefined) {
      ctx.templates.set(offset, shared);
      return shared;
    }
    ctx.templatesInProgress.add(offset);
    const trace: TemplateBodyTrace = { nameFields: [], containsInstance: false };
    const template = compileTemplate(formatGuid(buf, offset + 4), parseTemplateBody(ctx, bodyStart, bodyEnd, depth, trace));
    ctx.templates.set(offset, template);
    if (!trace.containsInstance) shareTemplate(ctx, offset, bodyEnd, depth, trace.nameFields, template);
    return template;
  } catch (err) {
    if (!(err instanceof BinXmlError)) throw err;
    ctx.templates.set(offset, null);
    ctx.report('bad-template', offset, `template definition at chunk offset ${offset}: ${err.message}`);
    throw err;
  } finally {
    ctx.templatesInProgress.delete(offset);
  }
}
