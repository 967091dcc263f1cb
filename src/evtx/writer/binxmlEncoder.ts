import type { ByteSink } from './byteSink.js';
import { nameHash } from '../names.js';
import type { ChunkTables } from './chunkTables.js';
import { EvtxWriteError } from './errors.js';
import { BINXML_VALUE_TYPE } from './values.js';
import type { ElementNode, SubstitutionNode, TemplateDefinition, TemplateNode, TextNode } from './templateTree.js';

const TOKEN_END_OF_STREAM = 0x00;
const TOKEN_OPEN_START_ELEMENT = 0x01;
const TOKEN_CLOSE_START_ELEMENT = 0x02;
const TOKEN_CLOSE_EMPTY_ELEMENT = 0x03;
const TOKEN_END_ELEMENT = 0x04;
const TOKEN_VALUE_TEXT = 0x05;
const TOKEN_ATTRIBUTE = 0x06;
const TOKEN_TEMPLATE_INSTANCE = 0x0c;
const TOKEN_NORMAL_SUBSTITUTION = 0x0d;
const TOKEN_OPTIONAL_SUBSTITUTION = 0x0e;
const TOKEN_FRAGMENT_HEADER = 0x0f;
/** On element and attribute tokens: "has attributes" / "another attribute follows". */
const FLAG_MORE = 0x40;
const NO_DEPENDENCY = 0xffff;
const VALUE_TYPE_UTF16 = 0x01;
const MAX_VALUE_SIZE = 0xffff;

/** A template instance value: encoded bytes, or a nested BinXML fragment written in place. */
export type InstanceValue =
  | { readonly typeCode: number; readonly bytes: Buffer }
  | { readonly typeCode: typeof BINXML_VALUE_TYPE; readonly writeFragment: (encoder: BinXmlEncoder) => void };

/**
 * Writes BinXML into a sink positioned inside a chunk: names and template definitions are
 * stored inline on first use in the chunk and referenced by chunk offset afterwards.
 */
export class BinXmlEncoder {
  constructor(
    private readonly sink: ByteSink,
    private readonly tables: ChunkTables,
    private readonly where: string,
  ) {}

  fragmentHeader(): void {
    this.sink.u8(TOKEN_FRAGMENT_HEADER);
    this.sink.u8(1);
    this.sink.u8(1);
    this.sink.u8(0);
  }

  endOfStream(): void {
    this.sink.u8(TOKEN_END_OF_STREAM);
  }

  templateInstance(template: TemplateDefinition, values: readonly InstanceValue[]): void {
    const sink = this.sink;
    sink.u8(TOKEN_TEMPLATE_INSTANCE);
    sink.u8(1);
    sink.u32(template.id);
    const definedAt = this.tables.templateOffset(template.key);
    if (definedAt !== undefined) {
      sink.u32(definedAt);
    } else {
      const offset = sink.chunkOffset + 4;
      sink.u32(offset);
      sink.u32(this.tables.addTemplate(template.key, template.id, offset));
      sink.bytes(template.guid);
      const sizePosition = sink.placeholderU32();
      const start = sink.length;
      this.fragmentHeader();
      this.element(template.root);
      this.endOfStream();
      sink.patchU32(sizePosition, sink.length - start);
    }
    this.instanceValues(values);
  }

  private instanceValues(values: readonly InstanceValue[]): void {
    const sink = this.sink;
    sink.u32(values.length);
    const sizePositions: number[] = [];
    for (const value of values) {
      sizePositions.push(sink.length);
      sink.u16('bytes' in value ? this.checkedSize(value.bytes.length) : 0);
      sink.u8(value.typeCode);
      sink.u8(0);
    }
    values.forEach((value, i) => {
      if ('bytes' in value) {
        sink.bytes(value.bytes);
        return;
      }
      const start = sink.length;
      value.writeFragment(this);
      sink.patchU16(sizePositions[i] as number, this.checkedSize(sink.length - start));
    });
  }

  private checkedSize(size: number): number {
    if (size > MAX_VALUE_SIZE) throw new EvtxWriteError(this.where, `value of ${size} bytes exceeds 65535`);
    return size;
  }

  private element(node: ElementNode): void {
    const sink = this.sink;
    const hasAttributes = node.attributes.length > 0;
    sink.u8(TOKEN_OPEN_START_ELEMENT | (hasAttributes ? FLAG_MORE : 0));
    sink.u16(node.dependency ?? NO_DEPENDENCY);
    const sizePosition = sink.placeholderU32();
    const start = sink.length;
    this.name(node.name);
    if (hasAttributes) {
      const attributesSizePosition = sink.placeholderU32();
      const attributesStart = sink.length;
      node.attributes.forEach((attribute, i) => {
        const more = i < node.attributes.length - 1;
        sink.u8(TOKEN_ATTRIBUTE | (more ? FLAG_MORE : 0));
        this.name(attribute.name);
        this.content(attribute.value);
      });
      sink.patchU32(attributesSizePosition, sink.length - attributesStart);
    }
    if (node.children.length === 0) {
      sink.u8(TOKEN_CLOSE_EMPTY_ELEMENT);
    } else {
      sink.u8(TOKEN_CLOSE_START_ELEMENT);
      for (const child of node.children) this.content(child);
      sink.u8(TOKEN_END_ELEMENT);
    }
    sink.patchU32(sizePosition, sink.length - start);
  }

  private content(node: TemplateNode): void {
    if (node.kind === 'element') this.element(node);
    else if (node.kind === 'text') this.valueText(node);
    else this.substitution(node);
  }

  private valueText(node: TextNode): void {
    this.sink.u8(TOKEN_VALUE_TEXT);
    this.sink.u8(VALUE_TYPE_UTF16);
    this.sink.u16(node.text.length);
    this.sink.utf16(node.text);
  }

  private substitution(node: SubstitutionNode): void {
    this.sink.u8(node.optional ? TOKEN_OPTIONAL_SUBSTITUTION : TOKEN_NORMAL_SUBSTITUTION);
    this.sink.u16(node.index);
    this.sink.u8(node.valueType);
  }

  /** A name reference; the first use in a chunk carries the name itself right after it. */
  private name(name: string): void {
    const sink = this.sink;
    const storedAt = this.tables.nameOffset(name);
    if (storedAt !== undefined) {
      sink.u32(storedAt);
      return;
    }
    if (name.length > 0xffff) throw new EvtxWriteError(this.where, `name of ${name.length} characters`);
    const offset = sink.chunkOffset + 4;
    sink.u32(offset);
    sink.u32(this.tables.addName(name, offset));
    sink.u16(nameHash(name));
    sink.u16(name.length);
    sink.utf16(name);
    sink.u16(0);
  }
}
