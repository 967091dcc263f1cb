import type { AttributeNode, ElementNode, ValueTable, XmlNode } from '../binxml/nodes.js';
import { arrayItems, hasValue, isAbsent, substitutionText } from '../fields/text.js';
import { cutText, MAX_VALUE_CHARS, type TextBudget } from '../fields/textBudget.js';
import { VT_BINXML } from '../values/valueTypes.js';

/**
 * Renders nodes as XML on one line, attributes in double quotes, substitutions filled in. Log content
 * is attacker-controlled, and the output is well-formed XML 1.0 whatever it holds:
 * - characters XML allows but a terminal would act on (DEL, C1 controls) and line breaks are written
 *   as character references (`&#x9b;`, `&#xA;`), as are tabs in attributes, so that parsers keep them;
 * - characters XML 1.0 does not allow even as references (C0 controls other than tab, LF and CR,
 *   U+FFFE, U+FFFF, lone surrogates) are written as the visible text `\u{1b}`, as the terminal
 *   sanitizer (src/output/sanitize.ts) shows them;
 * - names that are not XML names have each offending character replaced by `_`; entity references
 *   other than XML's five are written as the text they stand for (`&amp;name;`); CDATA sections and
 *   processing instructions that could not hold their content are written as escaped text or cleaned.
 */

/** Everything escapeText changes (u: a surrogate pair is one character, so only lone ones match). */
const TEXT_SPECIAL = /[&<>\n\r\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ud800-\udfff\ufffe\uffff]/u;
const TEXT_SPECIALS = /[&<>\n\r\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ud800-\udfff\ufffe\uffff]/gu;
const ATTRIBUTE_SPECIAL = /[&<>"\t\n\r\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ud800-\udfff\ufffe\uffff]/u;
const ATTRIBUTE_SPECIALS = /[&<>"\t\n\r\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ud800-\udfff\ufffe\uffff]/gu;
/** What a processing instruction cannot hold: no references are read there. */
const PI_SPECIALS = /\?>|[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ud800-\udfff\ufffe\uffff]/gu;
const CDATA_UNSAFE = /\]\]>|[\r\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ud800-\udfff\ufffe\uffff]/u;
const NAMED_REFERENCES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const PREDEFINED_ENTITIES: ReadonlySet<string> = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);

const NAME_START =
  'A-Z_a-z:\\u00c0-\\u00d6\\u00d8-\\u00f6\\u00f8-\\u02ff\\u0370-\\u037d\\u037f-\\u1fff\\u200c\\u200d\\u2070-\\u218f\\u2c00-\\u2fef\\u3001-\\ud7ff\\uf900-\\ufdcf\\ufdf0-\\ufffd\\u{10000}-\\u{effff}';
const NAME_REST = NAME_START + '\\-.0-9\\u00b7\\u0300-\\u036f\\u203f\\u2040';
/** XML 1.0's Name production; regexes keep no state but the lastIndex that replace() resets. */
const XML_NAME = new RegExp(`^[${NAME_START}][${NAME_REST}]*$`, 'u'); // frozen after load
const NOT_NAME_CHARS = new RegExp(`[^${NAME_REST}]`, 'gu'); // frozen after load
const NAME_START_CHAR = new RegExp(`^[${NAME_START}]`, 'u'); // frozen after load

/** Is `code` a character XML 1.0 allows (as itself or as a reference)? */
function isXmlChar(code: number): boolean {
  return code >= 0x20 ? code < 0xd800 || (code > 0xdfff && code < 0xfffe) : code === 0x9 || code === 0xa || code === 0xd;
}

/** A character XML 1.0 does not allow, as the terminal sanitizer shows it. */
function visibleEscape(char: string): string {
  return `\\u{${char.charCodeAt(0).toString(16)}}`;
}

function replaceSpecial(char: string): string {
  const named = NAMED_REFERENCES[char];
  if (named !== undefined) return named;
  const code = char.charCodeAt(0);
  return isXmlChar(code) ? `&#x${code.toString(16).toUpperCase()};` : visibleEscape(char);
}

function escapeText(s: string): string {
  return TEXT_SPECIAL.test(s) ? s.replace(TEXT_SPECIALS, replaceSpecial) : s;
}

function escapeAttribute(s: string): string {
  return ATTRIBUTE_SPECIAL.test(s) ? s.replace(ATTRIBUTE_SPECIALS, replaceSpecial) : s;
}

/** `name` when it is an XML name; otherwise with `_` for each character a name cannot have there. */
function xmlName(name: string): string {
  if (XML_NAME.test(name)) return name;
  const cleaned = name.replace(NOT_NAME_CHARS, '_');
  return NAME_START_CHAR.test(cleaned) ? cleaned : '_' + cleaned;
}

function piTarget(target: string): string {
  const name = xmlName(target);
  // Targets named xml in any case are reserved for the XML declaration.
  return name.toLowerCase() === 'xml' ? '_' + name : name;
}

function piData(data: string): string {
  return data.replace(PI_SPECIALS, (match) => (match === '?>' ? '? >' : visibleEscape(match)));
}

function charReference(codePoint: number): string {
  return isXmlChar(codePoint) ? '&#' + codePoint + ';' : visibleEscape(String.fromCharCode(codePoint));
}

/** Usable in text and in attributes alike. */
function entityReference(name: string): string {
  return PREDEFINED_ENTITIES.has(name) ? '&' + name + ';' : '&amp;' + escapeAttribute(name) + ';';
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
      case 'element':
        this.element(node, values);
        break;
      case 'text':
        this.text(this.budget.value(node.text));
        break;
      case 'cdata':
        this.cdata(this.budget.value(node.text));
        break;
      case 'charref':
        this.budget.markup(8);
        this.xml += charReference(node.codePoint);
        break;
      case 'entityref':
        this.budget.markup(node.name.length + 6);
        this.xml += entityReference(node.name);
        break;
      case 'pi':
        this.budget.markup(node.target.length + node.data.length + 5);
        this.xml += '<?' + piTarget(node.target) + (node.data === '' ? '' : ' ' + piData(node.data)) + '?>';
        break;
      case 'instance':
        this.nodes(node.template.nodes, node.values);
        break;
      case 'substitution':
        if (!hasValue(node, values)) break;
        if (values.type(node.index) === VT_BINXML) this.nodes(values.nestedNodes(node.index), undefined);
        else this.text(substitutionText(node, values, this.budget));
        break;
    }
  }

  /** A CDATA section, or the same characters as escaped text when a section cannot hold them. */
  private cdata(text: string): void {
    if (CDATA_UNSAFE.test(text)) {
      this.text(text);
      return;
    }
    this.budget.markup(12);
    this.xml += '<![CDATA[' + text + ']]>';
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
        case 'text':
        case 'cdata':
          allAbsent = false;
          plain = budget.value(part.text);
          break;
        case 'charref':
          allAbsent = false;
          budget.markup(8);
          text += charReference(part.codePoint);
          continue;
        case 'entityref':
          allAbsent = false;
          budget.markup(part.name.length + 6);
          text += entityReference(part.name);
          continue;
        default:
          continue;
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
    return ' ' + xmlName(attribute.name) + '="' + text + '"';
  }

  private element(element: ElementNode, values: ValueTable | undefined): void {
    const budget = this.budget;
    const name = xmlName(element.name);
    let start = '<' + name;
    for (const attribute of element.attributes) {
      if (!budget.visit()) break;
      start += this.attribute(attribute, values);
    }
    budget.markup(name.length * 2 + 5);
    if (element.empty) {
      this.xml += start + '/>';
      return;
    }
    const end = '</' + name + '>';
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
