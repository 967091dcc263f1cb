/**
 * Builds EVTX files the way Windows lays them out, for tests and bundled samples:
 * 64 KiB chunks with filled string and template tables, one shared System template per
 * computer and one EventData template per field shape, each defined inline in the first
 * record of a chunk that uses it and referenced afterwards.
 * Dev-only: dev/ is not shipped, and nothing under src/ may import it.
 */
import { writeFileSync } from 'node:fs';
import { FILE_HEADER_BLOCK_SIZE, FILE_MAGIC, fileHeaderCrc } from '../../src/evtx/fileHeader.js';
import { VT_BINXML, VT_NULL } from '../../src/evtx/values/valueTypes.js';
import type { BinXmlEncoder, InstanceValue } from './binxmlEncoder.js';
import { ChunkBuilder } from './chunkBuilder.js';
import { EvtxWriteError } from './errors.js';
import {
  eventDataTemplate,
  eventDataTemplateKey,
  SYSTEM_SUBSTITUTION,
  systemTemplate,
  systemTemplateKey,
  type EventDataShape,
} from './eventTemplates.js';
import { FILE_HEADER_FIELD, FILE_HEADER_USED } from './layout.js';
import type { TemplateDefinition } from './templateTree.js';
import { dateToFiletime, encodeValue, VALUE_TYPE_CODE, type WriterValue } from './values.js';

export { EvtxWriteError } from './errors.js';
export type { InstanceValue } from './binxmlEncoder.js';
export { defineTemplate, element, normalSubstitution, optionalSubstitution, text } from './templateTree.js';
export type { TemplateDefinition, TemplateNode } from './templateTree.js';
export { encodeValue, VALUE_TYPE_CODE } from './values.js';
export type { WriterValue, WriterValueType } from './values.js';

/** One event. Unset System values default to: version 0, level 4, task 0, opcode 0, keywords 0, pid/tid 0. */
export interface EventSpec {
  provider: string;
  /** `{XXXXXXXX-...}`; omitted from the Provider element when absent (classic providers). */
  providerGuid?: string;
  eventId: number;
  /** EventID's Qualifiers attribute (classic providers); absent when undefined. */
  qualifiers?: number;
  version?: number;
  level?: number;
  task?: number;
  opcode?: number;
  /** A bigint or a `0x`-prefixed hex string. */
  keywords?: bigint | string;
  timeCreated: Date;
  /** Defaults to the previous record's id + 1 (the first defaults to `firstRecordId`); a u64. */
  recordId?: number | bigint;
  activityId?: string;
  processId?: number;
  threadId?: number;
  channel: string;
  computer: string;
  userSid?: string;
  /** EventData entries, in order. */
  data: EventDataEntry[];
}

/** One EventData `<Data Name=..>` entry with the BinXML value type it is stored as. */
export interface EventDataEntry {
  name: string;
  value: WriterValue;
  /**
   * Hostile files only: the Data element's template holds the substitution this many times
   * (default 1), so the value is stored once and rendered `repeat` times.
   */
  repeat?: number;
}

/**
 * A record that is one instance of a caller-built template (see templateTree.ts), for crafted
 * files whose shape the System and EventData templates cannot express. Its System fields are
 * whatever the template and values hold; `timeCreated` and `recordId` fill the record header.
 */
export interface RawEventSpec {
  kind: 'raw';
  timeCreated: Date;
  /** Defaults to the previous record's id + 1, as for EventSpec. */
  recordId?: number;
  template: TemplateDefinition;
  values: InstanceValue[];
}

export interface WriteEvtxOptions {
  /** Id of the first record when the first event has no `recordId`; default 1. */
  firstRecordId?: number;
}

const MAJOR_VERSION = 3;
/** Windows 10 writes 3.2. */
const MINOR_VERSION = 2;
/** The file's flags: neither dirty nor full, CRCs valid. */
const NO_FLAGS = 0;
const NULL_VALUE: InstanceValue = { typeCode: VT_NULL, bytes: Buffer.alloc(0) };

/** Encodes events into a complete EVTX file, in the order given. */
export function writeEvtx(events: readonly (EventSpec | RawEventSpec)[], options: WriteEvtxOptions = {}): Buffer {
  const templates = new TemplateCache();
  const chunks: Buffer[] = [];
  let builder = new ChunkBuilder();
  let nextRecordId = BigInt(options.firstRecordId ?? 1);
  events.forEach((event, index) => {
    const recordId = event.recordId === undefined ? nextRecordId : BigInt(event.recordId);
    nextRecordId = recordId + 1n;
    const where = `event ${index} (record ${recordId})`;
    const written = checked(where, () => dateToFiletime(event.timeCreated));
    const encodeRecord = (encoder: BinXmlEncoder) =>
      'kind' in event ? encodeRawEvent(encoder, event) : encodeEvent(encoder, event, recordId, templates, where);
    if (builder.tryAppend(recordId, written, where, encodeRecord)) return;
    if (builder.isEmpty) throw new EvtxWriteError(where, 'record does not fit in an empty chunk');
    chunks.push(builder.finish());
    builder = new ChunkBuilder();
    if (!builder.tryAppend(recordId, written, where, encodeRecord)) {
      throw new EvtxWriteError(where, 'record does not fit in an empty chunk');
    }
  });
  if (!builder.isEmpty) chunks.push(builder.finish());
  return Buffer.concat([fileHeader(chunks.length, nextRecordId), ...chunks]);
}

export function writeEvtxFile(path: string, events: readonly (EventSpec | RawEventSpec)[], options: WriteEvtxOptions = {}): void {
  writeFileSync(path, writeEvtx(events, options));
}

function fileHeader(chunkCount: number, nextRecordId: bigint): Buffer {
  if (chunkCount > 0xffff) throw new RangeError(`${chunkCount} chunks exceed the header's 16-bit count`);
  const F = FILE_HEADER_FIELD;
  const header = Buffer.alloc(FILE_HEADER_BLOCK_SIZE);
  FILE_MAGIC.copy(header, 0);
  header.writeBigUInt64LE(0n, F.oldestChunk);
  header.writeBigUInt64LE(BigInt(Math.max(chunkCount - 1, 0)), F.currentChunk);
  header.writeBigUInt64LE(nextRecordId, F.nextRecordId);
  header.writeUInt32LE(FILE_HEADER_USED, F.headerSize);
  header.writeUInt16LE(MINOR_VERSION, F.minorVersion);
  header.writeUInt16LE(MAJOR_VERSION, F.majorVersion);
  header.writeUInt16LE(FILE_HEADER_BLOCK_SIZE, F.headerBlockSize);
  header.writeUInt16LE(chunkCount, F.chunkCount);
  header.writeUInt32LE(NO_FLAGS, F.flags);
  header.writeUInt32LE(fileHeaderCrc(header), F.crc);
  return header;
}

/** Template definitions are chunk-independent; build each shape once per file. */
class TemplateCache {
  private readonly byKey = new Map<string, TemplateDefinition>();

  system(computer: string): TemplateDefinition {
    return this.cached(systemTemplateKey(computer), () => systemTemplate(computer));
  }

  eventData(fields: EventDataShape): TemplateDefinition {
    return this.cached(eventDataTemplateKey(fields), () => eventDataTemplate(fields));
  }

  private cached(key: string, build: () => TemplateDefinition): TemplateDefinition {
    let template = this.byKey.get(key);
    if (template === undefined) {
      template = build();
      this.byKey.set(key, template);
    }
    return template;
  }
}

function encodeRawEvent(encoder: BinXmlEncoder, event: RawEventSpec): void {
  encoder.fragmentHeader();
  encoder.templateInstance(event.template, event.values);
  encoder.endOfStream();
}

function encodeEvent(encoder: BinXmlEncoder, event: EventSpec, recordId: bigint, templates: TemplateCache, where: string): void {
  const fields = event.data.map((entry) =>
    entry.repeat === undefined
      ? { name: entry.name, typeCode: VALUE_TYPE_CODE[entry.value.type] }
      : { name: entry.name, typeCode: VALUE_TYPE_CODE[entry.value.type], repeat: entry.repeat },
  );
  const dataTemplate = templates.eventData(fields);
  const dataValues: InstanceValue[] = event.data.map((entry) => ({
    typeCode: VALUE_TYPE_CODE[entry.value.type],
    bytes: encodeValue(entry.value, `${where}, Data '${entry.name}'`),
  }));
  const systemValues = systemSubstitutions(event, recordId, where);
  systemValues[SYSTEM_SUBSTITUTION.eventData] = {
    typeCode: VT_BINXML,
    writeFragment: (nested) => {
      nested.fragmentHeader();
      nested.templateInstance(dataTemplate, dataValues);
      nested.endOfStream();
    },
  };
  encoder.fragmentHeader();
  encoder.templateInstance(templates.system(event.computer), systemValues);
  encoder.endOfStream();
}

function systemSubstitutions(event: EventSpec, recordId: bigint, where: string): InstanceValue[] {
  const S = SYSTEM_SUBSTITUTION;
  const values: InstanceValue[] = new Array<InstanceValue>(S.eventData + 1).fill(NULL_VALUE);
  const set = (index: number, field: string, value: WriterValue | undefined) => {
    if (value === undefined) return;
    values[index] = { typeCode: VALUE_TYPE_CODE[value.type], bytes: encodeValue(value, `${where}, ${field}`) };
  };
  set(S.level, 'Level', { type: 'uint8', value: event.level ?? 4 });
  set(S.opcode, 'Opcode', { type: 'uint8', value: event.opcode ?? 0 });
  set(S.task, 'Task', { type: 'uint16', value: event.task ?? 0 });
  set(S.eventId, 'EventID', { type: 'uint16', value: event.eventId });
  set(S.qualifiers, 'Qualifiers', event.qualifiers === undefined ? undefined : { type: 'uint16', value: event.qualifiers });
  set(S.keywords, 'Keywords', { type: 'hexint64', value: parseKeywords(event.keywords, where) });
  set(S.timeCreated, 'TimeCreated', { type: 'filetime', value: event.timeCreated });
  set(S.activityId, 'ActivityID', event.activityId === undefined ? undefined : { type: 'guid', value: event.activityId });
  set(S.processId, 'ProcessID', { type: 'uint32', value: event.processId ?? 0 });
  set(S.threadId, 'ThreadID', { type: 'uint32', value: event.threadId ?? 0 });
  set(S.eventRecordId, 'EventRecordID', { type: 'uint64', value: recordId });
  set(S.version, 'Version', { type: 'uint8', value: event.version ?? 0 });
  set(S.userId, 'UserID', event.userSid === undefined ? undefined : { type: 'sid', value: event.userSid });
  set(S.providerName, 'Provider', { type: 'string', value: event.provider });
  set(S.providerGuid, 'Provider Guid', event.providerGuid === undefined ? undefined : { type: 'guid', value: event.providerGuid });
  set(S.channel, 'Channel', { type: 'string', value: event.channel });
  return values;
}

function parseKeywords(keywords: bigint | string | undefined, where: string): bigint {
  if (keywords === undefined) return 0n;
  if (typeof keywords === 'bigint') return keywords;
  if (!/^0x[0-9a-f]{1,16}$/i.test(keywords)) throw new EvtxWriteError(`${where}, Keywords`, `not a hex number: ${keywords}`);
  return BigInt(keywords);
}

function checked<T>(where: string, compute: () => T): T {
  try {
    return compute();
  } catch (error) {
    throw new EvtxWriteError(where, (error as Error).message);
  }
}
