import { createHash } from 'node:crypto';

/** The XML shape of a template definition, before it is encoded into a chunk. */
export interface ElementNode {
  readonly kind: 'element';
  readonly name: string;
  /** Index of the substitution the element depends on; Windows writes one on most System children. */
  readonly dependency?: number;
  readonly attributes: readonly AttributeNode[];
  readonly children: readonly TemplateNode[];
}

export interface TextNode {
  readonly kind: 'text';
  readonly text: string;
}

export interface SubstitutionNode {
  readonly kind: 'substitution';
  readonly index: number;
  readonly valueType: number;
  /** Optional substitutions (0x0E) vanish when their value is null; normal ones (0x0D) render empty. */
  readonly optional: boolean;
}

export interface AttributeNode {
  readonly name: string;
  readonly value: TextNode | SubstitutionNode;
}

export type TemplateNode = ElementNode | TextNode | SubstitutionNode;

export interface TemplateDefinition {
  /** Identifies the shape: equal keys share one definition per chunk. */
  readonly key: string;
  readonly guid: Buffer;
  /** The first four GUID bytes, little-endian, as Windows does. */
  readonly id: number;
  readonly root: ElementNode;
}

/** Windows derives template GUIDs from the template's content; a digest of the key does the same job. */
export function defineTemplate(key: string, root: ElementNode): TemplateDefinition {
  const guid = createHash('md5').update(key).digest();
  return { key, guid, id: guid.readUInt32LE(0), root };
}

export function element(
  name: string,
  attributes: readonly AttributeNode[],
  children: readonly TemplateNode[],
  dependency?: number,
): ElementNode {
  return dependency === undefined
    ? { kind: 'element', name, attributes, children }
    : { kind: 'element', name, attributes, children, dependency };
}

export function text(value: string): TextNode {
  return { kind: 'text', text: value };
}

export function optionalSubstitution(index: number, valueType: number): SubstitutionNode {
  return { kind: 'substitution', index, valueType, optional: true };
}

export function normalSubstitution(index: number, valueType: number): SubstitutionNode {
  return { kind: 'substitution', index, valueType, optional: false };
}
