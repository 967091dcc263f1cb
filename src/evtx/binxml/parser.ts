import { BinXmlError } from '../errors.js';
import { NAME_HEADER_SIZE, nameStructSize } from '../names.js';
import { VT_STRING } from '../values/valueTypes.js';
import type { AttributeNode, CompiledTemplate, ElementNode, InstanceNode, XmlNode } from './nodes.js';
import * as T from './tokens.js';
import { ChunkValueTable, type ValueTableChunk } from './valueTable.js';

/** Element nesting plus template/nested-value nesting allowed before giving up (crafted input). */
const MAX_DEPTH = 64;
/** Fragment header (4) plus the smallest element or template instance (10). */
const MIN_TRAILING_FRAGMENT = 14;

/**
 * What decoding reads besides the bytes (ChunkContext): names and template definitions are
 * referenced by chunk offset and resolved, and cached, by the chunk.
 */
export interface BinXmlChunk extends ValueTableChunk {
  /** The name structure at a chunk offset. */
  name(offset: number): string;
  /**
   * The compiled template definition at a chunk offset, decoded at `depth` on first use;
   * `referenceAt` is where the offset was read, where an offset outside the chunk is reported.
   */
  template(offset: number, depth: number, referenceAt: number): CompiledTemplate;
}

/**
 * Decodes a record's BinXML stream (fragments of template instances or plain elements). Only
 * elements inside template definitions carry the u16 dependency id; plain elements in records
 * (forwarded events) and in nested BinXML values do not.
 */
export function parseRecordBinXml(chunk: BinXmlChunk, start: number, end: number): XmlNode[] {
  return new BinXmlParser(chunk, start, end, false, 0).stream();
}

/** What decoding a template body read besides the body's own bytes. */
export interface TemplateBodyTrace {
  /** Chunk offsets of the body's u32 name references, in order. */
  readonly nameFields: number[];
  /** The body holds a template instance, whose definition lies elsewhere in the chunk. */
  containsInstance: boolean;
}

/** Decodes a template definition body, noting in `trace` what the result depends on. */
export function parseTemplateBody(chunk: BinXmlChunk, start: number, end: number, depth: number, trace?: TemplateBodyTrace): XmlNode[] {
  return new BinXmlParser(chunk, start, end, true, depth, trace).stream();
}

/** Decodes a nested BinXML value (type 0x21). */
export function parseNestedBinXml(chunk: BinXmlChunk, start: number, end: number, depth: number): XmlNode[] {
  return new BinXmlParser(chunk, start, end, false, depth).stream();
}

class BinXmlParser {
  private readonly buf: Buffer;
  private pos: number;

  constructor(
    private readonly chunk: BinXmlChunk,
    start: number,
    private readonly end: number,
    private readonly hasDependencyId: boolean,
    private depth: number,
    private readonly trace?: TemplateBodyTrace,
  ) {
    this.buf = chunk.buf;
    this.pos = start;
    if (end > this.buf.length) this.end = this.buf.length;
    if (depth > MAX_DEPTH) throw new BinXmlError(start, 'BinXML nested too deeply');
  }

  private need(bytes: number): void {
    if (this.pos + bytes > this.end) throw new BinXmlError(this.pos, 'BinXML runs past its end');
  }

  private u8(): number {
    this.need(1);
    return this.buf[this.pos++];
  }

  private u16(): number {
    this.need(2);
    const v = this.buf.readUInt16LE(this.pos);
    this.pos += 2;
    return v;
  }

  private u32(): number {
    this.need(4);
    const v = this.buf.readUInt32LE(this.pos);
    this.pos += 4;
    return v;
  }

  private utf16(chars: number): string {
    this.need(chars * 2);
    const s = this.buf.toString('utf16le', this.pos, this.pos + chars * 2);
    this.pos += chars * 2;
    return s;
  }

  /** A name reference; a name stored inline right here is skipped. */
  private name(): string {
    const nameOffset = this.u32();
    const referenceAt = this.pos - 4;
    this.trace?.nameFields.push(referenceAt);
    // The offset is data: one outside the chunk is reported where it was read, not where it points.
    if (nameOffset + NAME_HEADER_SIZE > this.buf.length) throw new BinXmlError(referenceAt, `name offset ${nameOffset} outside the chunk`);
    if (nameOffset === this.pos) {
      this.need(8);
      this.need(nameStructSize(this.buf, this.pos));
      const name = this.chunk.name(nameOffset);
      this.pos += nameStructSize(this.buf, nameOffset);
      return name;
    }
    return this.chunk.name(nameOffset);
  }

  /**
   * Some records hold several fragments back to back; others have leftover bytes after the end
   * of stream that only look like a fragment start. Each further fragment is kept only if it
   * decodes whole, and the ones after a broken one are dropped.
   */
  stream(): XmlNode[] {
    const nodes = this.fragment();
    while (this.hasTrailingFragment()) {
      try {
        for (const node of this.fragment()) nodes.push(node);
      } catch (err) {
        if (!(err instanceof BinXmlError)) throw err;
        break;
      }
    }
    return nodes;
  }

  /** Nodes up to and including the next end-of-stream token, or to the end. */
  private fragment(): XmlNode[] {
    const nodes: XmlNode[] = [];
    while (this.pos < this.end) {
      const token = this.buf[this.pos] & ~T.TOKEN_MORE_DATA_FLAG;
      if (token === T.TOKEN_END_OF_STREAM) {
        this.pos++;
        break;
      } else if (token === T.TOKEN_FRAGMENT_HEADER) {
        this.need(4);
        this.pos += 4;
      } else {
        nodes.push(this.node(token));
      }
    }
    return nodes;
  }

  /**
   * Whether a fragment follows the one just read. Room left means it ended at an end of stream;
   * a further fragment needs at least its header and a template instance token.
   */
  private hasTrailingFragment(): boolean {
    return this.end - this.pos >= MIN_TRAILING_FRAGMENT && this.buf[this.pos] === T.TOKEN_FRAGMENT_HEADER;
  }

  private node(token: number): XmlNode {
    switch (token) {
      case T.TOKEN_OPEN_START_ELEMENT:
        return this.element();
      case T.TOKEN_TEMPLATE_INSTANCE:
        return this.instance();
      case T.TOKEN_PI_TARGET: {
        this.pos++;
        const target = this.name();
        let data = '';
        if (this.pos < this.end && (this.buf[this.pos] & ~T.TOKEN_MORE_DATA_FLAG) === T.TOKEN_PI_DATA) {
          this.pos++;
          data = this.utf16(this.u16());
        }
        return { kind: 'pi', target, data };
      }
      default:
        return this.leaf(token);
    }
  }

  /** Tokens that can also appear in attribute values. */
  private leaf(token: number): XmlNode {
    const at = this.pos++;
    switch (token) {
      case T.TOKEN_VALUE: {
        const type = this.u8();
        if (type !== VT_STRING) throw new BinXmlError(at, `value text of type 0x${type.toString(16)} is not supported`);
        return { kind: 'text', text: this.utf16(this.u16()) };
      }
      case T.TOKEN_CDATA:
        return { kind: 'cdata', text: this.utf16(this.u16()) };
      case T.TOKEN_CHAR_REF:
        return { kind: 'charref', codePoint: this.u16() };
      case T.TOKEN_ENTITY_REF:
        return { kind: 'entityref', name: this.name() };
      case T.TOKEN_NORMAL_SUBSTITUTION:
      case T.TOKEN_OPTIONAL_SUBSTITUTION: {
        const index = this.u16();
        return { kind: 'substitution', index, declaredType: this.u8(), optional: token === T.TOKEN_OPTIONAL_SUBSTITUTION };
      }
      default:
        throw new BinXmlError(at, `unexpected BinXML token 0x${this.buf[at].toString(16)}`);
    }
  }

  private element(): ElementNode {
    const hasAttributeList = (this.buf[this.pos] & T.TOKEN_MORE_DATA_FLAG) !== 0;
    this.pos++;
    if (++this.depth > MAX_DEPTH) throw new BinXmlError(this.pos, 'BinXML elements nested too deeply');
    if (this.hasDependencyId) this.u16();
    this.u32(); // data size: redundant with the end-element token
    const name = this.name();
    if (hasAttributeList) this.u32(); // attribute list size: attributes are read token by token
    const attributes: AttributeNode[] = [];
    while (this.pos < this.end && (this.buf[this.pos] & ~T.TOKEN_MORE_DATA_FLAG) === T.TOKEN_ATTRIBUTE) {
      this.pos++;
      attributes.push({ name: this.name(), value: this.attributeValue() });
    }
    const close = this.u8() & ~T.TOKEN_MORE_DATA_FLAG;
    let element: ElementNode;
    if (close === T.TOKEN_CLOSE_EMPTY_ELEMENT) {
      element = { kind: 'element', name, attributes, children: [], empty: true };
    } else if (close === T.TOKEN_CLOSE_START_ELEMENT) {
      element = { kind: 'element', name, attributes, children: this.children(), empty: false };
    } else {
      throw new BinXmlError(this.pos - 1, `expected the end of start element <${name}>, found token 0x${close.toString(16)}`);
    }
    this.depth--;
    return element;
  }

  private attributeValue(): XmlNode[] {
    const parts: XmlNode[] = [];
    while (this.pos < this.end) {
      const token = this.buf[this.pos] & ~T.TOKEN_MORE_DATA_FLAG;
      if (
        token !== T.TOKEN_VALUE &&
        token !== T.TOKEN_NORMAL_SUBSTITUTION &&
        token !== T.TOKEN_OPTIONAL_SUBSTITUTION &&
        token !== T.TOKEN_CHAR_REF &&
        token !== T.TOKEN_ENTITY_REF &&
        token !== T.TOKEN_CDATA
      ) {
        break;
      }
      parts.push(this.leaf(token));
    }
    return parts;
  }

  private children(): XmlNode[] {
    const children: XmlNode[] = [];
    for (;;) {
      this.need(1);
      const token = this.buf[this.pos] & ~T.TOKEN_MORE_DATA_FLAG;
      if (token === T.TOKEN_END_ELEMENT) {
        this.pos++;
        return children;
      }
      if (token === T.TOKEN_FRAGMENT_HEADER) {
        this.need(4);
        this.pos += 4;
      } else if (token === T.TOKEN_END_OF_STREAM) {
        throw new BinXmlError(this.pos, 'BinXML ends inside an element');
      } else {
        children.push(this.node(token));
      }
    }
  }

  /** 0x0C, u8, u32 template id, u32 definition offset, [inline definition], value table. */
  private instance(): InstanceNode {
    if (this.trace !== undefined) this.trace.containsInstance = true;
    this.pos++;
    this.u8();
    this.u32(); // template id: definitions are identified by offset within the chunk
    const definitionOffset = this.u32();
    const referenceAt = this.pos - 4;
    if (definitionOffset === this.pos) {
      // Inline definition: u32 next, 16-byte GUID, u32 body size, body.
      this.need(24);
      const bodySize = this.buf.readUInt32LE(this.pos + 20);
      this.need(24 + bodySize);
      this.pos += 24 + bodySize;
    }
    const template = this.chunk.template(definitionOffset, this.depth + 1, referenceAt);
    const values = new ChunkValueTable(this.chunk, this.pos, this.end, this.depth + 1);
    this.pos += values.byteLength;
    return { kind: 'instance', template, values };
  }
}
