import type { AttributeNode, ElementNode, ValueTable, XmlNode } from '../binxml/nodes.js';
import { arrayItems, hasValue, isAbsent, substitutionText } from '../fields/text.js';
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

export function renderXml(nodes: readonly XmlNode[], values: ValueTable | undefined): string {
  let xml = '';
  for (const node of nodes) xml += renderNode(node, values);
  return xml;
}

function renderNode(node: XmlNode, values: ValueTable | undefined): string {
  switch (node.kind) {
    case 'element': return renderElement(node, values);
    case 'text': return escapeText(node.text);
    case 'cdata': return '<![CDATA[' + node.text + ']]>';
    case 'charref': return '&#' + node.codePoint + ';';
    case 'entityref': return '&' + node.name + ';';
    case 'pi': return '<?' + node.target + (node.data === '' ? '' : ' ' + node.data) + '?>';
    case 'instance': return renderXml(node.template.nodes, node.values);
    case 'substitution':
      if (!hasValue(node, values)) return '';
      if (values.type(node.index) === VT_BINXML) return renderXml(values.nestedNodes(node.index), undefined);
      return escapeText(substitutionText(node, values));
  }
}

/** An attribute whose value is only absent substitutions is left out, as Windows does. */
function renderAttribute(attribute: AttributeNode, values: ValueTable | undefined): string {
  let allAbsent = true;
  let text = '';
  for (const part of attribute.value) {
    switch (part.kind) {
      case 'substitution':
        if (!isAbsent(part, values)) allAbsent = false;
        text += escapeAttribute(substitutionText(part, values));
        break;
      case 'text': case 'cdata': allAbsent = false; text += escapeAttribute(part.text); break;
      case 'charref': allAbsent = false; text += '&#' + part.codePoint + ';'; break;
      case 'entityref': allAbsent = false; text += '&' + part.name + ';'; break;
      default: break;
    }
  }
  return allAbsent && attribute.value.length > 0 ? '' : ' ' + attribute.name + '="' + text + '"';
}

function renderElement(element: ElementNode, values: ValueTable | undefined): string {
  let start = '<' + element.name;
  for (const attribute of element.attributes) start += renderAttribute(attribute, values);
  if (element.empty) return start + '/>';
  const end = '</' + element.name + '>';
  const only = element.children.length === 1 ? element.children[0] : undefined;
  if (only?.kind === 'substitution') {
    // An array value as the whole content repeats the element once per item.
    const items = arrayItems(only, values);
    if (items !== undefined) {
      let xml = '';
      for (const item of items) xml += start + '>' + escapeText(item) + end;
      return xml;
    }
  }
  return start + '>' + renderXml(element.children, values) + end;
}
