import type {
  CompiledTemplate,
  ElementNode,
  ItemsPlan,
  PayloadPlan,
  PlannedItem,
  SubstitutionNode,
  ValueTable,
  XmlNode,
} from '../binxml/nodes.js';
import { jsonValue } from '../render/json.js';
import type { EventDataValue } from '../types.js';
import { VT_BINXML } from '../values/valueTypes.js';
import { hasValue, substitutionValue, textContent } from './text.js';
import { TextBudget } from './textBudget.js';

/** A record's event data read through its template's PayloadPlan, worked out once per compiled template. */

/** Names that a plain object would not keep in insertion order (array indices) or at all. */
const UNORDERED_KEY = /^(?:0|[1-9][0-9]*)$|^__proto__$/;

/** The template's plan, or null when its payload needs the generic walk (collectEventData). */
export function payloadPlan(template: CompiledTemplate): PayloadPlan | null {
  if (template.payloadPlan === undefined) template.payloadPlan = planPayload(template.nodes);
  return template.payloadPlan;
}

/** A record's event data through plans: an items plan and the values it reads. */
interface PlannedPayload {
  readonly plan: ItemsPlan;
  readonly values: ValueTable;
}

/**
 * The items plan that covers all of a record's event data, found by following nested plans
 * through their BinXML values; undefined when the generic walk is needed.
 */
function plannedPayload(nodes: readonly XmlNode[]): PlannedPayload | undefined {
  for (;;) {
    const only = nodes.length === 1 ? nodes[0] : undefined;
    if (only?.kind !== 'instance') return undefined;
    const plan = payloadPlan(only.template);
    if (plan === null) return undefined;
    if (plan.kind === 'items') return { plan, values: only.values };
    const index = plan.substitution.index;
    if (!hasValue(plan.substitution, only.values) || only.values.type(index) !== VT_BINXML) return undefined;
    nodes = only.values.nestedNodes(index);
  }
}

/** What collectEventData's walk meets in a template, where the template alone tells. */
interface PayloadSources {
  items: PlannedItem[];
  /** The names of `items`: a template may hold thousands of items. */
  itemNames: Set<string>;
  substitutions: SubstitutionNode[];
  /** Something only the generic walk handles (UserData, template instances, odd items). */
  unplannable: boolean;
}

function planPayload(nodes: readonly XmlNode[]): PayloadPlan | null {
  const sources: PayloadSources = { items: [], itemNames: new Set(), substitutions: [], unplannable: false };
  findSources(nodes, sources);
  if (sources.unplannable) return null;
  if (sources.substitutions.length === 0) return { kind: 'items', items: sources.items };
  if (sources.substitutions.length === 1 && sources.items.length === 0) return { kind: 'nested', substitution: sources.substitutions[0] };
  return null;
}

/** Mirrors findPayload in eventData.ts. */
function findSources(nodes: readonly XmlNode[], sources: PayloadSources): void {
  for (const node of nodes) {
    if (node.kind === 'instance') sources.unplannable = true;
    else if (node.kind === 'substitution') sources.substitutions.push(node);
    else if (node.kind === 'element') {
      if (node.name === 'Event') findSources(node.children, sources);
      else if (node.name === 'EventData') findDataItems(node.children, sources);
      else if (node.name === 'UserData') sources.unplannable = true;
    }
  }
}

/** Mirrors collectDataItems in eventData.ts, for items that are one substitution each. */
function findDataItems(nodes: readonly XmlNode[], sources: PayloadSources): void {
  for (const node of nodes) {
    switch (node.kind) {
      case 'element': {
        const name = node.name === 'Data' ? literalDataName(node) : node.name;
        const only = node.children.length === 1 ? node.children[0] : undefined;
        // Repeated names merge into lists in the generic walk.
        if (name === undefined || only?.kind !== 'substitution' || UNORDERED_KEY.test(name) || sources.itemNames.has(name)) {
          sources.unplannable = true;
        } else {
          const jsonKey = JSON.stringify(name) + ':';
          sources.items.push({ name, firstJsonKey: '{' + jsonKey, nextJsonKey: ',' + jsonKey, substitution: only });
          sources.itemNames.add(name);
        }
        break;
      }
      case 'text':
        if (node.text.trim() !== '') sources.unplannable = true;
        break;
      case 'instance':
      case 'substitution':
        sources.unplannable = true;
        break;
      default:
        break;
    }
  }
}

/** The item name of a <Data> element when its Name attribute is literal text; undefined otherwise. */
function literalDataName(element: ElementNode): string | undefined {
  const attribute = element.attributes.find((a) => a.name === 'Name');
  if (attribute === undefined) return 'Data';
  if (attribute.value.some((part) => part.kind === 'substitution')) return undefined;
  // Literal text: as long as the definition's bytes allow, and a name longer than a value is no plan.
  const budget = new TextBudget();
  const name = textContent(attribute.value, undefined, budget);
  return budget.truncated ? undefined : name || 'Data';
}

/** A record's event data through plans, equal to the generic walk's unless the budget runs out; undefined when there is no plan. */
export function plannedEventData(recordNodes: readonly XmlNode[], budget: TextBudget): Record<string, EventDataValue> | undefined {
  const payload = plannedPayload(recordNodes);
  if (payload === undefined) return undefined;
  const out: Record<string, EventDataValue> = Object.create(null) as Record<string, EventDataValue>;
  for (const item of payload.plan.items) {
    if (!budget.visit()) break;
    const value = substitutionValue(item.substitution, payload.values, budget);
    // An array without items is not rendered, so it is no item either.
    if (typeof value === 'string' || value.length > 0) out[item.name] = value;
  }
  return out;
}

/** JSON.stringify(plannedEventData(recordNodes)), built without the object. */
export function plannedEventDataJson(recordNodes: readonly XmlNode[], budget: TextBudget): string | undefined {
  const payload = plannedPayload(recordNodes);
  if (payload === undefined) return undefined;
  let json = '';
  for (const item of payload.plan.items) {
    if (!budget.visit()) break;
    const value = substitutionValue(item.substitution, payload.values, budget);
    if (typeof value !== 'string' && value.length === 0) continue;
    json += (json === '' ? item.firstJsonKey : item.nextJsonKey) + jsonValue(value);
  }
  return json === '' ? '{}' : json + '}';
}
