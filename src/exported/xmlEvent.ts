import { XMLParser } from 'fast-xml-parser';
import { addEventDataValue, type EventDataValue, type EvtxSystem } from '../evtx/index.js';
import type { EventKey, ExportedEvent } from './record.js';
import { filetimeText, newEventData, parseInteger, xmlValueText } from './values.js';

/**
 * One <Event> element of an XML export (wevtutil, Event Viewer, Get-WinEvent's ToXml, hunt dump,
 * evtxexport, python-evtx) parsed with fast-xml-parser into what the EVTX reader gives for the same
 * record: System fields by the rules of src/evtx/fields/system.ts, the payload by those of
 * src/evtx/fields/eventData.ts. References are decoded here, not by the parser, so that text is
 * decoded exactly once and CDATA not at all.
 */

/** fast-xml-parser's ordered form: `{ name: children, ':@': attributes }`, `{ '#text': text }`, `{ '#cdata': [...] }`. */
type OrderedNode = Record<string, unknown>;

/** Created once: each parse call makes its own parsing state; this holds only the options. */
// frozen after load
const PARSER = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  cdataPropName: '#cdata',
  removeNSPrefix: true,
});

const REFERENCE = /&(?:#[xX]([0-9a-fA-F]{1,6})|#([0-9]{1,7})|(amp|lt|gt|quot|apos));/g;
const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeReference(match: string, hex: string | undefined, decimal: string | undefined, name: string | undefined): string {
  if (name !== undefined) return NAMED[name];
  const code = hex !== undefined ? parseInt(hex, 16) : Number(decimal);
  return code <= 0x10ffff ? String.fromCodePoint(code) : match;
}

function decode(text: string): string {
  return text.includes('&') ? text.replace(REFERENCE, decodeReference) : text;
}

/** The element name of a node, or undefined for text and CDATA. */
function nameOf(node: OrderedNode): string | undefined {
  for (const key in node) if (key !== ':@') return key.startsWith('#') ? undefined : key;
  return undefined;
}

function childrenOf(node: OrderedNode, name: string): OrderedNode[] {
  const children = node[name];
  return Array.isArray(children) ? (children as OrderedNode[]) : [];
}

function attribute(node: OrderedNode, name: string): string | undefined {
  const attributes = node[':@'] as Record<string, unknown> | undefined;
  const value = attributes?.[name];
  return typeof value === 'string' ? decode(value) : undefined;
}

/** A CDATA section's text, which holds no references. */
function cdataText(nodes: readonly OrderedNode[]): string {
  return nodes.map((node) => (typeof node['#text'] === 'string' ? node['#text'] : '')).join('');
}

/** Plain text of nodes: text, CDATA and the text of nested elements, in order. */
function plainText(nodes: readonly OrderedNode[]): string {
  let text = '';
  for (const node of nodes) {
    const plain = node['#text'];
    if (typeof plain === 'string') text += decode(plain);
    else if (Array.isArray(node['#cdata'])) text += cdataText(node['#cdata'] as OrderedNode[]);
    else {
      const name = nameOf(node);
      if (name !== undefined) text += plainText(childrenOf(node, name));
    }
  }
  return text;
}

function nonEmpty(text: string | undefined): string | undefined {
  return text === undefined || text === '' ? undefined : text;
}

function buildSystem(nodes: readonly OrderedNode[]): EvtxSystem {
  const system: EvtxSystem = {};
  const set = <K extends keyof EvtxSystem>(key: K, value: EvtxSystem[K] | undefined): void => {
    if (value !== undefined) system[key] = value;
  };
  let eventSourceName: string | undefined;
  for (const node of nodes) {
    const name = nameOf(node);
    if (name === undefined) continue;
    const text = (): string => plainText(childrenOf(node, name));
    switch (name) {
      case 'Provider':
        set('provider', nonEmpty(attribute(node, 'Name')));
        eventSourceName = nonEmpty(attribute(node, 'EventSourceName'));
        set('providerGuid', nonEmpty(attribute(node, 'Guid')));
        break;
      case 'EventID':
        set('eventId', parseInteger(text()));
        break;
      case 'Version':
        set('version', parseInteger(text()));
        break;
      case 'Level':
        set('level', parseInteger(text()));
        break;
      case 'Task':
        set('task', parseInteger(text()));
        break;
      case 'Opcode':
        set('opcode', parseInteger(text()));
        break;
      case 'Keywords':
        set('keywords', nonEmpty(text()));
        break;
      case 'TimeCreated': {
        const time = nonEmpty(attribute(node, 'SystemTime'));
        set('timeCreated', time === undefined ? undefined : filetimeText(time));
        break;
      }
      case 'EventRecordID':
        set('eventRecordId', parseInteger(text()));
        break;
      case 'Correlation':
        set('activityId', nonEmpty(attribute(node, 'ActivityID')));
        break;
      case 'Execution':
        set('processId', parseInteger(attribute(node, 'ProcessID')));
        set('threadId', parseInteger(attribute(node, 'ThreadID')));
        break;
      case 'Channel':
        set('channel', nonEmpty(text()));
        break;
      case 'Computer':
        set('computer', nonEmpty(text()));
        break;
      case 'Security':
        set('userId', nonEmpty(attribute(node, 'UserID')));
        break;
      default:
        break;
    }
  }
  if (system.provider === undefined && eventSourceName !== undefined) system.provider = eventSourceName;
  return system;
}

/** EventData's items: <Data Name=..> by name, unnamed ones under "Data", other elements by their name. */
function collectDataItems(nodes: readonly OrderedNode[], out: Record<string, EventDataValue>): void {
  for (const node of nodes) {
    const name = nameOf(node);
    if (name === undefined) {
      const text =
        typeof node['#text'] === 'string'
          ? decode(node['#text'])
          : Array.isArray(node['#cdata'])
            ? cdataText(node['#cdata'] as OrderedNode[])
            : '';
      if (text.trim() !== '') addEventDataValue(out, 'Data', text);
      continue;
    }
    const value = xmlValueText(plainText(childrenOf(node, name)));
    if (name === 'Data') addEventDataValue(out, attribute(node, 'Name') || 'Data', value);
    else addEventDataValue(out, name, value);
  }
}

function hasElement(nodes: readonly OrderedNode[]): boolean {
  return nodes.some((node) => nameOf(node) !== undefined);
}

/** UserData's leaves by element name, at any depth. */
function collectLeaves(nodes: readonly OrderedNode[], out: Record<string, EventDataValue>): void {
  for (const node of nodes) {
    const name = nameOf(node);
    if (name === undefined) continue;
    const children = childrenOf(node, name);
    if (hasElement(children)) collectLeaves(children, out);
    else addEventDataValue(out, name, xmlValueText(plainText(children)));
  }
}

/** Thrown for an element that cannot be read as an event; the reader reports it with its offset. */
export class ExportedEventError extends Error {
  override readonly name = 'ExportedEventError';
}

/** A DOCTYPE inside an element could declare entities; none belongs in an event. */
export function declarationIn(xml: string): boolean {
  return /<!(?:DOCTYPE|ENTITY)/i.test(xml);
}

const EVENT_ID_TAG = /<EventID[\s>/]/g;
const CHANNEL_TAG = /<Channel[\s>/]/g;
const EVENT_ID = /<EventID(?:\s[^>]*)?>([^<]*)<\/EventID>/;
const CHANNEL = /<Channel(?:\s[^>]*)?>([^<]*)<\/Channel>/;

function count(pattern: RegExp, text: string): number {
  return text.match(pattern)?.length ?? 0;
}

/**
 * EventID and Channel of an element without parsing it, as parseEventXml reads them; undefined when
 * that cannot be told so simply (no plain <System>, a comment or CDATA in it, an EventID or Channel
 * given twice or not as plain text), and the element is parsed whole instead.
 */
export function eventKeyOf(xml: string): EventKey | undefined {
  const start = xml.indexOf('<System');
  const end = start < 0 ? -1 : xml.indexOf('</System>', start);
  if (end < 0 || !/[\s>]/.test(xml[start + 7] ?? '')) return undefined;
  const system = xml.slice(start, end);
  if (system.includes('<!') || count(EVENT_ID_TAG, system) !== 1 || count(CHANNEL_TAG, system) > 1) return undefined;
  const eventId = EVENT_ID.exec(system);
  if (eventId === null) return undefined;
  const channel = CHANNEL.exec(system);
  if (channel === null && count(CHANNEL_TAG, system) === 1) return undefined;
  return { eventId: parseInteger(decode(eventId[1]!)), channel: channel === null ? undefined : nonEmpty(decode(channel[1]!)) };
}

/** Parses one <Event> element's text. */
export function parseEventXml(xml: string): ExportedEvent {
  if (declarationIn(xml)) throw new ExportedEventError('an <Event> element holding a DOCTYPE or ENTITY declaration');
  let document: OrderedNode[];
  try {
    document = PARSER.parse(xml) as OrderedNode[];
  } catch (error) {
    throw new ExportedEventError(`XML not well-formed: ${error instanceof Error ? error.message : String(error)}`);
  }
  const event = document.find((node) => nameOf(node) === 'Event');
  if (event === undefined) throw new ExportedEventError('no <Event> element');
  const children = childrenOf(event, 'Event');
  const systemNode = children.find((node) => nameOf(node) === 'System');
  if (systemNode === undefined) throw new ExportedEventError('an <Event> without a <System> element');
  const eventData = newEventData();
  for (const node of children) {
    const name = nameOf(node);
    if (name === 'EventData') collectDataItems(childrenOf(node, name), eventData);
    else if (name === 'UserData') collectLeaves(childrenOf(node, name), eventData);
  }
  return { system: buildSystem(childrenOf(systemNode, 'System')), eventData };
}
