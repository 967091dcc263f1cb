import {
  TOKEN_ATTRIBUTE,
  TOKEN_CLOSE_EMPTY_ELEMENT,
  TOKEN_CLOSE_START_ELEMENT,
  TOKEN_END_ELEMENT,
  TOKEN_END_OF_STREAM,
  TOKEN_FRAGMENT_HEADER,
  TOKEN_MORE_DATA_FLAG,
  TOKEN_NORMAL_SUBSTITUTION,
  TOKEN_OPEN_START_ELEMENT,
  TOKEN_OPTIONAL_SUBSTITUTION,
  TOKEN_TEMPLATE_INSTANCE,
  TOKEN_VALUE,
} from '../../src/evtx/binxml/tokens.js';
import { nameHash } from '../../src/evtx/names.js';
import { VT_BINXML, VT_STRING } from '../../src/evtx/values/valueTypes.js';
import type { ByteSink } from './byteSink.js';
import type { ChunkTables } from './chunkTables.js';
import { EvtxWriteError } from './errors.js';
import type { ElementNode, SubstitutionNode, TemplateDefinition, TemplateNode, TextNode } from './templateTree.js';

/** The dependency id of an element that depends on no substitution. */
const NO_DEPENDENCY = 0xffff;
const MAX_VALUE_SIZE = 0xffff;

/** A template instance value: encoded bytes, or a nested BinXML fragment written in place. */
export type InstanceValue =
  | { readonly typeCode: number; readonly bytes: Buffer }
  | { readonly typeCode: typeof VT_BINXML; readonly writeFragment: (encoder: BinXmlEncoder) => void };

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
    sink.u8(TOKEN_OPEN_START_ELEMENT | (hasAttributes ? TOKEN_MORE_DATA_FLAG : 0));
    sink.u16(node.dependency ?? NO_DEPENDENCY);
    const sizePosition = sink.placeholderU32();
    const start = sink.length;
    this.name(node.name);
    if (hasAttributes) {
      const attributesSizePosition = sink.placeholderU32();
      const attributesStart = sink.length;
      node.attributes.forEach((attribute, i) => {
        const more = i < node.attributes.length - 1;
        sink.u8(TOKEN_ATTRIBUTE | (more ? TOKEN_MORE_DATA_FLAG : 0));
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
    this.sink.u8(TOKEN_VALUE);
    this.sink.u8(VT_STRING);
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
