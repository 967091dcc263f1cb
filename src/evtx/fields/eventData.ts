import type { ElementNode, SubstitutionNode, ValueTable, XmlNode } from '../binxml/nodes.js';
import type { EventDataValue } from '../types.js';
import { VT_BINXML } from '../values/valueTypes.js';
import { plannedEventData, plannedEventDataJson } from './eventDataPlan.js';
import { hasValue, substitutionText, substitutionValue, textContent } from './text.js';
import type { TextBudget } from './textBudget.js';

/**
 * Collects the event's payload: EventData <Data Name=..> -> value (unnamed items under "Data",
 * other elements such as <Binary> under their name); UserData leaves by element name. Template
 * instances and nested BinXML values are followed wherever they occur, each node charged to
 * `budget`. Written as plain loops: this runs for every record of a dump.
 */
export function collectEventData(
  nodes: readonly XmlNode[],
  values: ValueTable | undefined,
  budget: TextBudget,
): Record<string, EventDataValue> {
  const planned = values === undefined ? plannedEventData(nodes, budget) : undefined;
  if (planned !== undefined) return planned;
  // No prototype: a Data Name such as "constructor" or "__proto__" is just a name here.
  const out: Record<string, EventDataValue> = Object.create(null) as Record<string, EventDataValue>;
  findPayload(nodes, values, out, budget);
  return out;
}

/** JSON.stringify(collectEventData(recordNodes, undefined, budget)), built without the object when plans allow. */
export function eventDataJson(recordNodes: readonly XmlNode[], budget: TextBudget): string {
  return plannedEventDataJson(recordNodes, budget) ?? JSON.stringify(collectEventData(recordNodes, undefined, budget));
}

/**
 * Adds a value; a repeated name turns into a list rather than losing the earlier value. An array
 * without items adds nothing, as its element is not rendered either. Every list in `out` was made
 * for this record (renderArrayItems returns a new one), so it grows in place: copying it for each
 * repeated name costs quadratic time in a crafted record.
 */
export function addEventDataValue(out: Record<string, EventDataValue>, name: string, value: EventDataValue): void {
  if (typeof value !== 'string' && value.length === 0) return;
  const existing = out[name];
  if (existing === undefined) {
    out[name] = value;
    return;
  }
  const list = typeof existing === 'string' ? (out[name] = [existing]) : existing;
  if (typeof value === 'string') list.push(value);
  else for (const item of value) list.push(item);
}

function isNested(node: SubstitutionNode, values: ValueTable | undefined): values is ValueTable {
  return hasValue(node, values) && values.type(node.index) === VT_BINXML;
}

function findPayload(
  nodes: readonly XmlNode[],
  values: ValueTable | undefined,
  out: Record<string, EventDataValue>,
  budget: TextBudget,
): void {
  for (const node of nodes) {
    if (!budget.visit()) return;
    if (node.kind === 'instance') findPayload(node.template.nodes, node.values, out, budget);
    else if (node.kind === 'substitution') {
      if (isNested(node, values)) findPayload(values.nestedNodes(node.index), undefined, out, budget);
    } else if (node.kind === 'element') {
      if (node.name === 'Event') findPayload(node.children, values, out, budget);
      else if (node.name === 'EventData') collectDataItems(node.children, values, out, budget);
      else if (node.name === 'UserData') collectLeaves(node.children, values, out, budget);
    }
  }
}

function elementValue(element: ElementNode, values: ValueTable | undefined, budget: TextBudget): EventDataValue {
  const only = element.children.length === 1 ? element.children[0] : undefined;
  return only?.kind === 'substitution' ? substitutionValue(only, values, budget) : textContent(element.children, values, budget);
}

function dataName(element: ElementNode, values: ValueTable | undefined, budget: TextBudget): string {
  for (const attribute of element.attributes) {
    if (attribute.name === 'Name') return textContent(attribute.value, values, budget);
  }
  return '';
}

function collectDataItems(
  nodes: readonly XmlNode[],
  values: ValueTable | undefined,
  out: Record<string, EventDataValue>,
  budget: TextBudget,
): void {
  for (const node of nodes) {
    if (!budget.visit()) return;
    switch (node.kind) {
      case 'element':
        if (node.name === 'Data') addEventDataValue(out, dataName(node, values, budget) || 'Data', elementValue(node, values, budget));
        else addEventDataValue(out, node.name, elementValue(node, values, budget));
        break;
      case 'instance':
        collectDataItems(node.template.nodes, node.values, out, budget);
        break;
      case 'substitution':
        if (isNested(node, values)) collectDataItems(values.nestedNodes(node.index), undefined, out, budget);
        else {
          const text = substitutionText(node, values, budget);
          if (text !== '') addEventDataValue(out, 'Data', text);
        }
        break;
      case 'text':
        if (node.text.trim() !== '') addEventDataValue(out, 'Data', budget.value(node.text));
        break;
      default:
        break;
    }
  }
}

function hasElementContent(nodes: readonly XmlNode[], values: ValueTable | undefined, budget: TextBudget): boolean {
  for (const node of nodes) {
    if (!budget.visit()) return false;
    if (node.kind === 'element') return true;
    if (node.kind === 'instance' && hasElementContent(node.template.nodes, node.values, budget)) return true;
    if (node.kind === 'substitution' && isNested(node, values) && hasElementContent(values.nestedNodes(node.index), undefined, budget))
      return true;
  }
  return false;
}

function collectLeaves(
  nodes: readonly XmlNode[],
  values: ValueTable | undefined,
  out: Record<string, EventDataValue>,
  budget: TextBudget,
): void {
  for (const node of nodes) {
    if (!budget.visit()) return;
    if (node.kind === 'instance') collectLeaves(node.template.nodes, node.values, out, budget);
    else if (node.kind === 'substitution') {
      if (isNested(node, values)) collectLeaves(values.nestedNodes(node.index), undefined, out, budget);
    } else if (node.kind === 'element') {
      if (hasElementContent(node.children, values, budget)) collectLeaves(node.children, values, out, budget);
      else addEventDataValue(out, node.name, elementValue(node, values, budget));
    }
  }
}
