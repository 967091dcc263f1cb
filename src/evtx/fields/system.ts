import type { ElementNode, SystemSources, ValueTable, XmlNode } from '../binxml/nodes.js';
import type { EvtxInteger, EvtxSystem } from '../types.js';
import { substitutionInteger, textContent } from './text.js';
import type { TextBudget } from './textBudget.js';

type Source = keyof SystemSources;

/**
 * Element name -> field for System children whose text is the field. Maps rather than object
 * literals: names decoded from a chunk are not internalized strings, and looking them up as
 * property keys goes through V8's runtime every time.
 */
const CONTENT_FIELDS: ReadonlyMap<string, Source> = new Map<string, Source>([
  ['EventID', 'eventId'],
  ['Version', 'version'],
  ['Level', 'level'],
  ['Task', 'task'],
  ['Opcode', 'opcode'],
  ['Keywords', 'keywords'],
  ['EventRecordID', 'eventRecordId'],
  ['Channel', 'channel'],
  ['Computer', 'computer'],
]);

/** Element name -> attribute name -> field for System attributes. */
const ATTRIBUTE_FIELDS: ReadonlyMap<string, ReadonlyMap<string, Source>> = new Map<string, ReadonlyMap<string, Source>>([
  [
    'Provider',
    new Map<string, Source>([
      ['Name', 'provider'],
      ['EventSourceName', 'eventSourceName'],
      ['Guid', 'providerGuid'],
    ]),
  ],
  ['TimeCreated', new Map<string, Source>([['SystemTime', 'timeCreated']])],
  ['Correlation', new Map<string, Source>([['ActivityID', 'activityId']])],
  [
    'Execution',
    new Map<string, Source>([
      ['ProcessID', 'processId'],
      ['ThreadID', 'threadId'],
    ]),
  ],
  ['Security', new Map<string, Source>([['UserID', 'userId']])],
]);

/** Sources of the System fields of an <Event> element, or undefined when it has no <System> child. */
export function findSystemSources(event: ElementNode): SystemSources | undefined {
  const system = event.children.find((n): n is ElementNode => n.kind === 'element' && n.name === 'System');
  if (system === undefined) return undefined;
  const sources: SystemSources = {};
  for (const child of system.children) {
    if (child.kind !== 'element') continue;
    const contentField = CONTENT_FIELDS.get(child.name);
    if (contentField !== undefined) sources[contentField] = child.children;
    const attributeFields = ATTRIBUTE_FIELDS.get(child.name);
    if (attributeFields === undefined) continue;
    for (const attribute of child.attributes) {
      const attributeField = attributeFields.get(attribute.name);
      if (attributeField !== undefined) sources[attributeField] = attribute.value;
    }
  }
  return sources;
}

/** Text of a field; undefined when absent or empty. */
export function sourceText(parts: readonly XmlNode[] | undefined, values: ValueTable | undefined, budget: TextBudget): string | undefined {
  if (parts === undefined) return undefined;
  const text = textContent(parts, values, budget);
  return text === '' ? undefined : text;
}

/** An integer written out in decimal or 0x-hex, which Number() would round beyond 2^53. */
const INTEGER_TEXT = /^(?:[+-]?[0-9]+|0[xX][0-9a-fA-F]+)$/;

/**
 * Number of a field, read straight from an integer substitution when it is one. Integers stay
 * exact (EvtxInteger); other text goes through Number().
 */
export function sourceNumber(
  parts: readonly XmlNode[] | undefined,
  values: ValueTable | undefined,
  budget: TextBudget,
): EvtxInteger | undefined {
  if (parts === undefined) return undefined;
  const only = parts.length === 1 ? parts[0] : undefined;
  if (only?.kind === 'substitution') {
    const n = substitutionInteger(only, values);
    if (n !== undefined) return n;
  }
  const text = textContent(parts, values, budget).trim();
  if (text === '') return undefined;
  const n = Number(text);
  if (!Number.isFinite(n)) return undefined;
  return Number.isSafeInteger(n) || !INTEGER_TEXT.test(text) ? n : BigInt(text);
}

export function buildSystem(sources: SystemSources, values: ValueTable | undefined, budget: TextBudget): EvtxSystem {
  const system: EvtxSystem = {};
  const text = (s: Source): string | undefined => sourceText(sources[s], values, budget);
  const num = (s: Source): EvtxInteger | undefined => sourceNumber(sources[s], values, budget);
  const set = <K extends keyof EvtxSystem>(key: K, value: EvtxSystem[K] | undefined): void => {
    if (value !== undefined) system[key] = value;
  };
  set('provider', text('provider') ?? text('eventSourceName'));
  set('providerGuid', text('providerGuid'));
  set('eventId', num('eventId'));
  set('version', num('version'));
  set('level', num('level'));
  set('task', num('task'));
  set('opcode', num('opcode'));
  set('keywords', text('keywords'));
  set('timeCreated', text('timeCreated'));
  set('eventRecordId', num('eventRecordId'));
  set('activityId', text('activityId'));
  set('processId', num('processId'));
  set('threadId', num('threadId'));
  set('channel', text('channel'));
  set('computer', text('computer'));
  set('userId', text('userId'));
  return system;
}
