import { XMLParser } from 'fast-xml-parser';
import type { EventDataValue } from '../../src/evtx/index.js';

/** Events as another tool (libevtx's evtxexport, python-evtx) renders them, reduced to what we compare. */
export interface ReferenceEvent {
  recordId: number;
  eventId: number | undefined;
  data: Record<string, EventDataValue>;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  // Decoded below: the parser's own entity handling caps expansions, and long escaped XML
  // payloads (LiveId events) exceed the cap.
  processEntities: false,
});

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, ref: string) =>
    ref.startsWith('#x')
      ? String.fromCodePoint(parseInt(ref.slice(2), 16))
      : ref.startsWith('#')
        ? String.fromCodePoint(Number(ref.slice(1)))
        : ENTITIES[ref],
  );
}

type XmlValue = string | XmlObject | XmlValue[];
interface XmlObject {
  [key: string]: XmlValue;
}

function asList(v: XmlValue | undefined): XmlValue[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

function text(v: XmlValue | undefined): string {
  if (v === undefined) return '';
  if (typeof v === 'string') return decodeEntities(v);
  if (Array.isArray(v)) return v.map(text).join('');
  const t = v['#text'];
  return typeof t === 'string' ? decodeEntities(t) : '';
}

/**
 * Stands for a value libevtx wrote without escaping (XML text inside <Data>): the parsed form
 * cannot give back the string, so it is not compared.
 */
export const UNESCAPED_MARKUP = '\u0000unescaped markup';

function hasChildElements(v: XmlValue): boolean {
  return typeof v === 'object' && !Array.isArray(v) && Object.keys(v).some((k) => !k.startsWith('@') && k !== '#text');
}

function add(out: Record<string, EventDataValue>, name: string, value: string): void {
  const existing = out[name];
  out[name] = existing === undefined ? value : (typeof existing === 'string' ? [existing] : existing).concat(value);
}

function leaves(node: XmlValue, name: string, out: Record<string, EventDataValue>): void {
  if (typeof node === 'string') return add(out, name, decodeEntities(node));
  if (Array.isArray(node)) return node.forEach((n) => leaves(n, name, out));
  const children = Object.keys(node).filter((k) => !k.startsWith('@') && k !== '#text');
  if (children.length === 0) return add(out, name, text(node));
  for (const child of children) leaves(node[child], child, out);
}

/** The same reduction as EvtxRecord.eventData(), applied to a rendered <Event>. */
function eventData(event: XmlObject): Record<string, EventDataValue> {
  const out: Record<string, EventDataValue> = {};
  for (const eventDataNode of asList(event['EventData'])) {
    if (typeof eventDataNode !== 'object' || Array.isArray(eventDataNode)) continue;
    for (const [key, value] of Object.entries(eventDataNode)) {
      if (key.startsWith('@') || key === '#text') continue;
      for (const item of asList(value)) {
        const name = key === 'Data' && typeof item === 'object' && !Array.isArray(item) ? text(item['@Name']) : '';
        add(out, key === 'Data' ? name || 'Data' : key, hasChildElements(item) ? UNESCAPED_MARKUP : text(item));
      }
    }
  }
  for (const userData of asList(event['UserData'])) {
    if (typeof userData === 'object' && !Array.isArray(userData)) {
      for (const [key, value] of Object.entries(userData)) if (!key.startsWith('@')) leaves(value, key, out);
    }
  }
  return out;
}

/** Parses one rendered <Event>...</Event> block; undefined when it is not well-formed. */
export function parseEventXml(xml: string): ReferenceEvent | undefined {
  let doc: XmlObject;
  try {
    doc = parser.parse(xml, true) as XmlObject;
  } catch {
    return undefined;
  }
  const event = doc['Event'];
  if (typeof event !== 'object' || Array.isArray(event)) return undefined;
  const system = event['System'];
  if (typeof system !== 'object' || Array.isArray(system)) return undefined;
  const recordId = Number(text(system['EventRecordID']));
  const eventIdText = text(system['EventID']);
  return {
    recordId,
    eventId: eventIdText === '' ? undefined : Number(eventIdText),
    data: eventData(event),
  };
}

/** Splits a tool's output into <Event> blocks. */
export function eventBlocks(output: string): string[] {
  const blocks: string[] = [];
  let at = output.indexOf('<Event ');
  while (at !== -1) {
    const end = output.indexOf('</Event>', at);
    if (end === -1) break;
    blocks.push(output.slice(at, end + 8));
    at = output.indexOf('<Event ', end);
  }
  return blocks;
}

/**
 * Rendering differences between tools that are not content differences: libevtx and
 * python-evtx pad hex (0x00000000000003e7), libevtx prints 9 fraction digits and python-evtx 6
 * with a space separator, python-evtx writes GUIDs in lower case; whitespace around values is
 * indentation in their output, and XML parsing turns CR LF into LF.
 */
export function normalizeValue(value: string): string {
  let v = value.replace(/\r\n?/g, '\n').trim();
  const hex = /^0x0*([0-9a-fA-F]+)$/.exec(v);
  if (hex) return '0x' + hex[1].toLowerCase();
  const time = /^(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d:\d\d)(?:\.(\d+))?Z?$/.exec(v);
  if (time) return `${time[1]}T${time[2]}.${(time[3] ?? '').padEnd(9, '0').slice(0, 6)}`;
  if (/^\{[0-9a-fA-F-]{36}\}$/.test(v)) v = v.toUpperCase();
  return v;
}

export function normalizeData(data: Record<string, EventDataValue>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(data)) out[k] = typeof v === 'string' ? normalizeValue(v) : v.map(normalizeValue);
  return out;
}
