/**
 * What Windows and Sysmon events describe (accounts, programs, processes) and the parts all their
 * events share, for the builders in sysmon.ts and security.ts.
 */
import type { EventDataEntry, EventSpec, WriterValue, WriterValueType } from '../evtxWriter/index.js';

export const LOCAL_SYSTEM_SID = 'S-1-5-18';

export interface Account {
  readonly name: string;
  readonly domain: string;
  readonly sid: string;
  readonly logonId: bigint;
  readonly logonGuid: string;
}

/** An executable and its version resource. */
export interface Program {
  readonly image: string;
  readonly description: string;
  readonly product: string;
  readonly company: string;
  readonly fileVersion: string;
  readonly originalFileName: string;
}

export type IntegrityLevel = 'System' | 'High' | 'Medium';

export interface RunningProcess {
  readonly processId: number;
  /** Sysmon's ProcessGuid. */
  readonly processGuid: string;
  readonly program: Program;
  readonly account: Account;
}

export interface ParentProcess {
  readonly processId: number;
  readonly processGuid: string;
  readonly image: string;
  readonly commandLine: string;
}

/** A process start, as both Sysmon 1 and Security 4688 record it. */
export interface ProcessCreation extends RunningProcess {
  readonly commandLine: string;
  readonly integrity: IntegrityLevel;
  readonly parent: ParentProcess;
}

/** The host an event is logged on, when, and by which process and thread (System/Execution). */
export interface EventOrigin {
  readonly computer: string;
  readonly timeCreated: Date;
  readonly processId?: number;
  readonly threadId?: number;
}

/** The provider identity every event of one log shares. */
export interface Provider {
  readonly provider: string;
  readonly providerGuid: string;
  readonly channel: string;
  readonly keywords: bigint;
}

export function isLocalSystem(account: Account): boolean {
  return account.sid === LOCAL_SYSTEM_SID;
}

/** What a writer value of type T holds (several types share one variant of WriterValue). */
type ValueOf<T extends WriterValueType> = WriterValue extends infer V
  ? V extends { type: infer U; value: infer X }
    ? T extends U
      ? X
      : never
    : never
  : never;

/** An EventData entry of the given BinXML value type. */
export function field<T extends WriterValueType>(name: string, type: T, value: ValueOf<T>): EventDataEntry {
  return { name, value: { type, value } as WriterValue };
}

/** An event of `provider` with its System values; level, task and version are the event's own. */
export function providerEvent(
  provider: Provider,
  origin: EventOrigin,
  system: { eventId: number; version: number; level: number; task: number; userSid?: string },
  data: EventDataEntry[],
): EventSpec {
  return {
    ...provider,
    ...system,
    computer: origin.computer,
    timeCreated: origin.timeCreated,
    processId: origin.processId,
    threadId: origin.threadId,
    data,
  };
}
