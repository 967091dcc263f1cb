import type { CompiledTemplate } from '../templates.js';
import type { ValueTable } from './valueTable.js';

/** Decoded BinXML tree. Template definitions decode once per chunk into these nodes. */
export type XmlNode = ElementNode | TextNode | CDataNode | CharRefNode | EntityRefNode | PiNode | SubstitutionNode | InstanceNode;

export interface ElementNode {
  readonly kind: 'element';
  readonly name: string;
  readonly attributes: readonly AttributeNode[];
  readonly children: readonly XmlNode[];
  /** Written with the close-empty-element token: rendered as <name/>. */
  readonly empty: boolean;
}

export interface AttributeNode {
  readonly name: string;
  /** Text, substitution, character and entity reference nodes. */
  readonly value: readonly XmlNode[];
}

export interface TextNode {
  readonly kind: 'text';
  readonly text: string;
}

export interface CDataNode {
  readonly kind: 'cdata';
  readonly text: string;
}

export interface CharRefNode {
  readonly kind: 'charref';
  readonly codePoint: number;
}

export interface EntityRefNode {
  readonly kind: 'entityref';
  readonly name: string;
}

export interface PiNode {
  readonly kind: 'pi';
  readonly target: string;
  readonly data: string;
}

export interface SubstitutionNode {
  readonly kind: 'substitution';
  readonly index: number;
  /** The type the definition declares; the record's value descriptor type wins when rendering. */
  readonly declaredType: number;
  /** Optional substitutions vanish when their value is empty. */
  readonly optional: boolean;
}

/** A template instance in a record (or nested BinXML value): a definition plus this record's values. */
export interface InstanceNode {
  readonly kind: 'instance';
  readonly template: CompiledTemplate;
  readonly values: ValueTable;
}
