import type { FileTimeFormatter } from '../values/time.js';

/**
 * Decoded BinXML tree: nodes, the compiled template definitions that template instances refer
 * to, and the substitution values that fill them. One module, as these types refer to each other;
 * it holds types only, so every module of the reader can import it without forming a cycle.
 */

/** Template definitions decode once per chunk (or once for all chunks) into these nodes. */
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

/**
 * The substitution values of one template instance, read from the chunk on demand
 * (binxml/valueTable.ts).
 */
export interface ValueTable {
  readonly count: number;
  /** The chunk bytes the offsets point into. */
  readonly buf: Buffer;
  /** The reader's FILETIME formatter, for rendering time values. */
  readonly fileTimes: FileTimeFormatter;
  type(index: number): number;
  size(index: number): number;
  /** Chunk offset of value `index`. */
  offset(index: number): number;
  /** Nodes of a nested BinXML value (type 0x21), decoded on first use. */
  nestedNodes(index: number): readonly XmlNode[];
}

/**
 * A template definition decoded once, with the places that feed the System fields found up
 * front, so that eventId()/channel() read one substitution value instead of rendering the event.
 */
export interface CompiledTemplate {
  readonly guid: string;
  readonly nodes: readonly XmlNode[];
  /** The root <Event> element, when the definition holds it. */
  readonly event: ElementNode | undefined;
  /** Parts feeding each System field, when <System> is in the definition itself. */
  readonly system: SystemSources | undefined;
  /** Set by payloadPlan() (fields/eventDataPlan.ts) on first use (null: no plan), so that scans never pay for it. */
  payloadPlan: PayloadPlan | null | undefined;
}

/** Where each <System> field comes from: the parts of the element or attribute that holds it (fields/system.ts). */
export interface SystemSources {
  provider?: readonly XmlNode[];
  eventSourceName?: readonly XmlNode[];
  providerGuid?: readonly XmlNode[];
  eventId?: readonly XmlNode[];
  version?: readonly XmlNode[];
  level?: readonly XmlNode[];
  task?: readonly XmlNode[];
  opcode?: readonly XmlNode[];
  keywords?: readonly XmlNode[];
  timeCreated?: readonly XmlNode[];
  eventRecordId?: readonly XmlNode[];
  activityId?: readonly XmlNode[];
  processId?: readonly XmlNode[];
  threadId?: readonly XmlNode[];
  channel?: readonly XmlNode[];
  computer?: readonly XmlNode[];
  userId?: readonly XmlNode[];
}

/**
 * Where a template's event data comes from, worked out once per compiled template
 * (fields/eventDataPlan.ts) so that a record's event data is read without walking the template
 * tree. Windows' event templates keep the payload in one BinXML value (`nested`) holding an
 * instance of a second template whose EventData items are elements of one substitution each (`items`).
 */
export type PayloadPlan = ItemsPlan | NestedPlan;

export interface ItemsPlan {
  readonly kind: 'items';
  /** Unique names in document order, none that a plain object would reorder. */
  readonly items: readonly PlannedItem[];
}

/** The payload is whatever the BinXML value of this substitution holds (nothing for other values). */
export interface NestedPlan {
  readonly kind: 'nested';
  readonly substitution: SubstitutionNode;
}

export interface PlannedItem {
  readonly name: string;
  /** `{"name":` and `,"name":`, encoded once for building JSON without an object. */
  readonly firstJsonKey: string;
  readonly nextJsonKey: string;
  readonly substitution: SubstitutionNode;
}
