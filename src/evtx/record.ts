import type { ElementNode, SystemSources, ValueTable, XmlNode } from './binxml/nodes.js';
import { parseRecordBinXml } from './binxml/parser.js';
import type { ChunkContext } from './chunkContext.js';
import { BinXmlError } from './errors.js';
import { collectEventData, eventDataJson } from './fields/eventData.js';
import { buildSystem, findSystemSources, sourceNumber, sourceText } from './fields/system.js';
import { MAX_RECORD_UNITS, MAX_VALUE_CHARS, type TextBudget } from './fields/textBudget.js';
import { renderXml } from './render/xml.js';
import type { EventDataValue, EvtxInteger, EvtxRecord, EvtxSystem } from './types.js';
import { uint64Value } from './values/render.js';
import { VT_BINXML } from './values/valueTypes.js';

export const RECORD_MAGIC = 0x00002a2a;
/** Magic, size, record id, written FILETIME. */
export const RECORD_HEADER_SIZE = 24;
/** Header plus the trailing copy of the size. */
export const RECORD_MIN_SIZE = 28;

/**
 * Size of the record framed at `offset` (magic 2A 2A 00 00, u32 size, u64 id, u64 FILETIME,
 * BinXML, u32 copy of size), or 0 when the framing is broken.
 */
export function recordSizeAt(buf: Buffer, offset: number): number {
  if (offset + RECORD_MIN_SIZE > buf.length || buf.readUInt32LE(offset) !== RECORD_MAGIC) return 0;
  const size = buf.readUInt32LE(offset + 4);
  if (size < RECORD_MIN_SIZE || offset + size > buf.length) return 0;
  return buf.readUInt32LE(offset + size - 4) === size ? size : 0;
}

/** The decoded <Event>: where its System fields come from and the values that fill them. */
interface DecodedEvent {
  readonly nodes: readonly XmlNode[];
  readonly values: ValueTable | undefined;
  readonly system: SystemSources | undefined;
}

const UNDECODABLE: Readonly<DecodedEvent> = { nodes: [], values: undefined, system: undefined };
const EVENT_NAMESPACE = 'http://schemas.microsoft.com/win/2004/08/events/event';

/** Finds the <Event> element through template instances and nested BinXML values. */
function locateEvent(
  nodes: readonly XmlNode[],
  values: ValueTable | undefined,
  budget: TextBudget,
): { event: ElementNode; values: ValueTable | undefined; system: SystemSources | undefined } | undefined {
  for (const node of nodes) {
    if (!budget.visit()) return undefined;
    if (node.kind === 'instance') {
      const template = node.template;
      if (template.event !== undefined) return { event: template.event, values: node.values, system: template.system };
      const found = locateEvent(template.nodes, node.values, budget);
      if (found !== undefined) return found;
    } else if (node.kind === 'element' && node.name === 'Event') {
      return { event: node, values, system: findSystemSources(node) };
    } else if (node.kind === 'substitution' && values !== undefined && node.index < values.count && values.type(node.index) === VT_BINXML) {
      const found = locateEvent(values.nestedNodes(node.index), undefined, budget);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/**
 * One record. Only its header is read up front; the BinXML is decoded on first use, and the cheap
 * accessors read single substitution values through the chunk's compiled templates. Each accessor
 * renders within the chunk's TextBudget, restarted for it, and reports once when it cut something.
 */
export class ChunkRecord implements EvtxRecord {
  readonly recordId: EvtxInteger;
  private decoded: DecodedEvent | undefined;
  private problemReported = false;
  private truncationReported = false;

  constructor(
    private readonly ctx: ChunkContext,
    /** Chunk-relative offset of the record. */
    private readonly chunkOffset: number,
    private readonly size: number,
    readonly recovered: boolean,
  ) {
    this.recordId = uint64Value(ctx.buf, chunkOffset + 8);
  }

  get file(): string {
    return this.ctx.file;
  }

  get chunkIndex(): number {
    return this.ctx.chunkIndex;
  }

  get offset(): number {
    return this.ctx.fileOffset + this.chunkOffset;
  }

  get written(): string {
    const buf = this.ctx.buf;
    return this.ctx.fileTimes.format(buf.readUInt32LE(this.chunkOffset + 16), buf.readUInt32LE(this.chunkOffset + 20));
  }

  private fail(err: unknown): void {
    if (this.problemReported) return;
    this.problemReported = true;
    const message = err instanceof Error ? err.message : String(err);
    // Point at the byte where decoding broke when known, not only at the record.
    const at = err instanceof BinXmlError ? err.chunkOffset : this.chunkOffset;
    this.ctx.report('bad-binxml', at, `record ${this.recordId}: ${message}`);
  }

  /** After an accessor: says once that this record's text was cut. */
  private checkTruncation(budget: TextBudget): void {
    if (!budget.truncated || this.truncationReported) return;
    this.truncationReported = true;
    this.ctx.report(
      'value-truncated',
      this.chunkOffset,
      `record ${this.recordId}: rendered text cut (at most ${MAX_VALUE_CHARS} characters per value, ${MAX_RECORD_UNITS} characters and nodes per record)`,
    );
  }

  private decode(): DecodedEvent {
    if (this.decoded !== undefined) return this.decoded;
    try {
      const start = this.chunkOffset + RECORD_HEADER_SIZE;
      const nodes = parseRecordBinXml(this.ctx, start, this.chunkOffset + this.size - 4);
      const budget = this.ctx.textBudget.restart();
      const event = locateEvent(nodes, undefined, budget);
      this.checkTruncation(budget);
      this.decoded = { nodes, values: event?.values, system: event?.system };
    } catch (err) {
      this.fail(err);
      this.decoded = UNDECODABLE;
    }
    return this.decoded;
  }

  // Each accessor catches by itself: a shared wrapper taking a closure costs an allocation per call.
  eventId(): number | undefined {
    try {
      const e = this.decode();
      const budget = this.ctx.textBudget.restart();
      const id = sourceNumber(e.system?.eventId, e.values, budget);
      this.checkTruncation(budget);
      return typeof id === 'bigint' ? Number(id) : id;
    } catch (err) {
      this.fail(err);
      return undefined;
    }
  }

  eventRecordId(): EvtxInteger | undefined {
    try {
      const e = this.decode();
      const budget = this.ctx.textBudget.restart();
      const id = sourceNumber(e.system?.eventRecordId, e.values, budget);
      this.checkTruncation(budget);
      return id;
    } catch (err) {
      this.fail(err);
      return undefined;
    }
  }

  channel(): string | undefined {
    return this.systemText('channel');
  }

  provider(): string | undefined {
    return this.systemText('provider') ?? this.systemText('eventSourceName');
  }

  computer(): string | undefined {
    return this.systemText('computer');
  }

  timeCreated(): string | undefined {
    return this.systemText('timeCreated');
  }

  userId(): string | undefined {
    return this.systemText('userId');
  }

  private systemText(field: keyof SystemSources): string | undefined {
    try {
      const e = this.decode();
      if (e.system === undefined) return undefined;
      const budget = this.ctx.textBudget.restart();
      const text = sourceText(e.system[field], e.values, budget);
      this.checkTruncation(budget);
      return text;
    } catch (err) {
      this.fail(err);
      return undefined;
    }
  }

  system(): EvtxSystem {
    try {
      const e = this.decode();
      if (e.system === undefined) return {};
      const budget = this.ctx.textBudget.restart();
      const system = buildSystem(e.system, e.values, budget);
      this.checkTruncation(budget);
      return system;
    } catch (err) {
      this.fail(err);
      return {};
    }
  }

  eventData(): Record<string, EventDataValue> {
    try {
      const nodes = this.decode().nodes;
      const budget = this.ctx.textBudget.restart();
      const data = collectEventData(nodes, undefined, budget);
      this.checkTruncation(budget);
      return data;
    } catch (err) {
      this.fail(err);
      return {};
    }
  }

  /** JSON.stringify(this.eventData()), built without the intermediate object when it can be. */
  eventDataJson(): string {
    try {
      const nodes = this.decode().nodes;
      const budget = this.ctx.textBudget.restart();
      const json = eventDataJson(nodes, budget);
      this.checkTruncation(budget);
      return json;
    } catch (err) {
      this.fail(err);
      return '{}';
    }
  }

  toXml(): string {
    const fallback = `<Event xmlns="${EVENT_NAMESPACE}"><!-- record ${this.recordId}: BinXML could not be decoded --></Event>`;
    try {
      const e = this.decode();
      if (e === UNDECODABLE) return fallback;
      const budget = this.ctx.textBudget.restart();
      const xml = renderXml(e.nodes, undefined, budget);
      this.checkTruncation(budget);
      return xml;
    } catch (err) {
      this.fail(err);
      return fallback;
    }
  }
}

/** JSON text of `record.eventData()`: the fast path for this reader's records, JSON.stringify for others. */
export function recordEventDataJson(record: EvtxRecord): string {
  return record instanceof ChunkRecord ? record.eventDataJson() : JSON.stringify(record.eventData());
}
