import type { SubstitutionNode, ValueTable, XmlNode } from '../binxml/nodes.js';
import { integerValue, isArrayType, renderArrayItems, renderValue } from '../values/render.js';
import { VT_BINXML, VT_NULL } from '../values/valueTypes.js';
import type { EvtxInteger } from '../types.js';
import { MAX_VALUE_CHARS, type TextBudget } from './textBudget.js';

/** Plain (unescaped) text of nodes with their substitutions filled in, within a record's TextBudget. */

const PREDEFINED_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function entityText(name: string): string {
  return PREDEFINED_ENTITIES[name] ?? '&' + name + ';';
}

/** The value a substitution refers to, or undefined when the record does not supply it. */
export function hasValue(node: SubstitutionNode, values: ValueTable | undefined): values is ValueTable {
  return values !== undefined && node.index < values.count;
}

/** An optional substitution without value, or a null value: rendered as nothing at all. */
export function isAbsent(node: SubstitutionNode, values: ValueTable | undefined): boolean {
  if (!hasValue(node, values)) return true;
  const type = values.type(node.index);
  return type === VT_NULL || (node.optional && values.size(node.index) === 0);
}

/**
 * Items of an array substitution, or undefined when it is not one. A substitution the template
 * declares as an array but whose value is absent has no items (its element is not rendered).
 */
export function arrayItems(node: SubstitutionNode, values: ValueTable | undefined, budget: TextBudget): string[] | undefined {
  if (!hasValue(node, values)) return isArrayType(node.declaredType) ? [] : undefined;
  const type = values.type(node.index);
  if (!isArrayType(type)) return isArrayType(node.declaredType) && isAbsent(node, values) ? [] : undefined;
  return budget.items(renderArrayItems(values.buf, type, values.offset(node.index), values.size(node.index), values.fileTimes));
}

/** Value of an element whose whole content is `node`: an array value gives its items (one item: a string). */
export function substitutionValue(node: SubstitutionNode, values: ValueTable | undefined, budget: TextBudget): string | string[] {
  const items = arrayItems(node, values, budget);
  if (items === undefined) return substitutionText(node, values, budget);
  return items.length === 1 ? items[0] : items;
}

export function substitutionText(node: SubstitutionNode, values: ValueTable | undefined, budget: TextBudget): string {
  if (!hasValue(node, values)) return '';
  const i = node.index;
  const type = values.type(i);
  // Nested text is charged as it is rendered.
  if (type === VT_BINXML) return textContent(values.nestedNodes(i), undefined, budget);
  if (isArrayType(type))
    return budget.value(renderArrayItems(values.buf, type, values.offset(i), values.size(i), values.fileTimes).join(', '));
  return budget.value(renderValue(values.buf, type, values.offset(i), values.size(i), values.fileTimes));
}

/** Integer of a substitution holding an integer type, read without rendering text. */
export function substitutionInteger(node: SubstitutionNode, values: ValueTable | undefined): EvtxInteger | undefined {
  if (!hasValue(node, values)) return undefined;
  const i = node.index;
  return integerValue(values.buf, values.type(i), values.offset(i), values.size(i));
}

/** At most MAX_VALUE_CHARS: it stops once it has that many. */
export function textContent(nodes: readonly XmlNode[], values: ValueTable | undefined, budget: TextBudget): string {
  const only = nodes.length === 1 ? nodes[0] : undefined;
  if (only?.kind === 'substitution') return substitutionText(only, values, budget);
  let text = '';
  for (const node of nodes) {
    if (!budget.visit()) break;
    switch (node.kind) {
      case 'text':
      case 'cdata':
        text += budget.value(node.text);
        break;
      case 'substitution':
        text += substitutionText(node, values, budget);
        break;
      case 'charref':
        text += budget.value(String.fromCharCode(node.codePoint));
        break;
      case 'entityref':
        text += budget.value(entityText(node.name));
        break;
      case 'element':
        text += textContent(node.children, values, budget);
        break;
      case 'instance':
        text += textContent(node.template.nodes, node.values, budget);
        break;
      case 'pi':
        break;
    }
    if (text.length > MAX_VALUE_CHARS) return budget.concatenation(text);
  }
  return text;
}
