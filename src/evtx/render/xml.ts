import type { AttributeNode, ElementNode, ValueTable, XmlNode } from '../binxml/nodes.js';
import { arrayItems, hasValue, isAbsent, substitutionText } from '../fields/text.js';
import { cutText, MAX_VALUE_CHARS, type TextBudget } from '../fields/textBudget.js';
import { VT_BINXML } from '../values/valueTypes.js';

/** Renders nodes as XML on one line, attributes in double quotes, substitutions filled in. */

const TEXT_SPECIAL = /[&<>]/;
const ATTRIBUTE_SPECIAL = /[&<>"]/;

function escapeText(s: string): string {
  return TEXT_SPECIAL.test(s) ? s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') : s;
}

function escapeAttribute(s: string): string {
  return ATTRIBUTE_SPECIAL.test(s)
    ? s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
    : s;
}

/**
 * The XML of `nodes` within `budget`: every node visited and character rendered is charged, and
 * the text of one element or attribute is cut at MAX_VALUE_CHARS, as in the event data.
 */
export function renderXml(nodes: readonly XmlNode[], values: ValueTable | undefined, budget: TextBudget): string {
  return new XmlRenderer(budget).render(nodes, values);
}

class XmlRenderer {
  private xml = '';
  /** What the text of the element being rendered may still add, in UTF-16 units. */
  private textLeft = MAX_VALUE_CHARS;

  constructor(private readonly budget: TextBudget) {}

  render(nodes: readonly XmlNode[], values: ValueTable | undefined): string {
    this.nodes(nodes, values);
    return this.xml;
  }

  private nodes(nodes: readonly XmlNode[], values: ValueTable | undefined): void {
    for (const node of nodes) {
      if (!this.budget.visit()) return;
      this.node(node, values);
    }
  }

  /** Plain text of the current element, already charged to the budget. */
  private text(text: string): void {
    if (text.length > this.textLeft) {
      this.budget.truncated = true;
      text = cutText(text, this.textLeft);
    }
    this.textLeft -= text.length;
    this.xml += escapeText(text);
  }

  private node(node: XmlNode, values: ValueTable | undefined): void {
    switch (node.kind) {
      case 'element': this.element(node, values); break;
      case 'text': this.text(this.budget.value(node.text)); break;
      case 'cdata': this.budget.markup(node.text.length + 12); this.xml += '<![CDATA[' + node.text + ']]>'; break;
      case 'charref': this.budget.markup(8); this.xml += '&#' + node.codePoint + ';'; break;
      case 'entityref': this.budget.markup(node.name.length + 2); this.xml += '&' + node.name + ';'; break;
      case 'pi':
        this.budget.markup(node.target.length + node.data.length + 5);
        this.xml += '<?' + node.target + (node.data === '' ? '' : ' ' + node.data) + '?>';
        break;
      case 'instance': this.nodes(node.template.nodes, node.values); break;
      case 'substitution':
        if (!hasValue(node, values)) break;
        if (values.type(node.index) === VT_BINXML) this.nodes(values.nestedNodes(node.index), undefined);
        else this.text(substitutionText(node, values, this.budget));
        break;
    }
  }

  /** An attribute whose value is only absent substitutions is left out, as Windows does. */
  private attribute(attribute: AttributeNode, values: ValueTable | undefined): string {
    const budget = this.budget;
    let allAbsent = true;
    let text = '';
    let textLeft = MAX_VALUE_CHARS;
    for (const part of attribute.value) {
      if (!budget.visit()) break;
      let plain: string;
      switch (part.kind) {
        case 'substitution':
          if (!isAbsent(part, values)) allAbsent = false;
          plain = substitutionText(part, values, budget);
          break;
        case 'text': case 'cdata': allAbsent = false; plain = budget.value(part.text); break;
        case 'charref': allAbsent = false; budget.markup(8); text += '&#' + part.codePoint + ';'; continue;
        case 'entityref': allAbsent = false; budget.markup(part.name.length + 2); text += '&' + part.name + ';'; continue;
        default: continue;
      }
      if (plain.length > textLeft) {
        budget.truncated = true;
        plain = cutText(plain, textLeft);
      }
      textLeft -= plain.length;
      text += escapeAttribute(plain);
    }
    if (allAbsent && attribute.value.length > 0) return '';
    budget.markup(attribute.name.length + 4);
    return ' ' + attribute.name + '="' + text + '"';
  }

  private element(element: ElementNode, values: ValueTable | undefined): void {
    const budget = this.budget;
    let start = '<' + element.name;
    for (const attribute of element.attributes) {
      if (!budget.visit()) break;
      start += this.attribute(attribute, values);
    }
    budget.markup(element.name.length * 2 + 5);
    if (element.empty) {
      this.xml += start + '/>';
      return;
    }
    const end = '</' + element.name + '>';
    const only = element.children.length === 1 ? element.children[0] : undefined;
    if (only?.kind === 'substitution') {
      // An array value as the whole content repeats the element once per item.
      const items = arrayItems(only, values, budget);
      if (items !== undefined) {
        for (const item of items) {
          if (!budget.visit()) break;
          budget.markup(start.length + end.length + 1);
          this.xml += start + '>' + escapeText(item) + end;
        }
        return;
      }
    }
    const outerTextLeft = this.textLeft;
    this.textLeft = MAX_VALUE_CHARS;
    this.xml += start + '>';
    this.nodes(element.children, values);
    this.xml += end;
    this.textLeft = outerTextLeft;
  }
}
