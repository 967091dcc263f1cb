import type { ReaderCaches } from './readerCaches.js';

/** Public types of the EVTX reader. */

export type EventDataValue = string | string[];

/**
 * An integer field: a number while it is a safe integer (|n| <= 2^53 - 1), a bigint beyond, so
 * that 64-bit values stay exact. String() and template literals print both as their digits.
 */
export type EvtxInteger = number | bigint;

/** The fields of an event's <System> element. */
export interface EvtxSystem {
  provider?: string;
  providerGuid?: string;
  eventId?: EvtxInteger;
  version?: EvtxInteger;
  level?: EvtxInteger;
  task?: EvtxInteger;
  opcode?: EvtxInteger;
  keywords?: string;
  timeCreated?: string;
  eventRecordId?: EvtxInteger;
  activityId?: string;
  processId?: EvtxInteger;
  threadId?: EvtxInteger;
  channel?: string;
  computer?: string;
  userId?: string;
}

export interface EvtxRecord {
  readonly file: string;
  /** Index of the chunk in the file (0-based). */
  readonly chunkIndex: number;
  /** Absolute file offset of the record. */
  readonly offset: number;
  /** Record header id (= EventRecordID), a u64. */
  readonly recordId: EvtxInteger;
  /** Record header FILETIME, ISO-8601 UTC. */
  readonly written: string;
  /** True when carved from chunk slack or from a chunk whose header is unusable. */
  readonly recovered: boolean;
  /**
   * System/EventID, for selecting rules. It is 16-bit: a crafted one beyond 2^53 comes as the nearest
   * number (system().eventId has it exact).
   */
  eventId(): number | undefined;
  /**
   * System/EventRecordID: the id Event Viewer shows. Usually equal to `recordId`, but exported and
   * copied logs renumber the record headers and keep this one.
   */
  eventRecordId(): EvtxInteger | undefined;
  channel(): string | undefined;
  provider(): string | undefined;
  computer(): string | undefined;
  timeCreated(): string | undefined;
  /** System/Security UserID: the SID the event was logged for, when the provider gives one. */
  userId(): string | undefined;
  system(): EvtxSystem;
  /**
   * EventData <Data Name=..> -> value; unnamed <Data> items collected under "Data" (string[] when >1);
   * <Binary> under "Binary"; UserData: leaf element name -> text. Empty values are "".
   */
  eventData(): Record<string, EventDataValue>;
  /** The record as Windows' XML view shows it (<Event xmlns=...>...</Event>), on one line. */
  toXml(): string;
}

export type EvtxProblemKind =
  | 'bad-file-header' // wrong magic or implausible fields: chunks are still read by position
  | 'bad-file-header-crc'
  | 'bad-chunk-magic'
  | 'bad-chunk-header' // implausible chunk header fields (e.g. free-space offset)
  | 'bad-chunk-header-crc'
  | 'bad-chunk-data-crc'
  | 'bad-record' // record framing broken (magic, size, trailing size copy): bytes skipped
  | 'truncated' // file ends inside a chunk, or a read failed
  | 'bad-binxml' // a record's XML cannot be decoded
  | 'bad-template' // a template definition cannot be decoded
  | 'value-truncated'; // a record renders to more text than allowed (fields/textBudget.ts): cut, once per record

export interface EvtxProblem {
  file: string;
  chunkIndex?: number;
  /** Absolute file offset where the problem was found. */
  offset: number;
  kind: EvtxProblemKind;
  message: string;
}

export interface ReadOptions {
  onProblem?: (p: EvtxProblem) => void;
  onProgress?: (bytesDone: number, bytesTotal: number) => void;
  /** Carve records from chunk slack and from chunks with an unusable header (default false). */
  recover?: boolean;
  /** Caches to share with other reads, e.g. of the files of one hunt (default: new ones for this file). */
  caches?: ReaderCaches;
}
