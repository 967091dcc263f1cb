import type { EventDataValue } from '../evtx/index.js';
import type { FieldSource, FieldValue } from './types.js';

/** Which log wrote a process start. */
export type ProcessEventSource = 'sysmon' | 'security';

/** What a report shows of a process start (Sysmon 1, Security 4688), in one shape. Absent = undefined. */
export interface ProcessEvent {
  readonly source: ProcessEventSource;
  readonly image?: string;
  readonly originalFileName?: string;
  readonly commandLine?: string;
  readonly parentImage?: string;
  readonly parentCommandLine?: string;
  /** DOMAIN\name */
  readonly user?: string;
  readonly pid?: number;
  readonly parentPid?: number;
}

type EventData = Readonly<Record<string, EventDataValue>>;

/**
 * An EventData value as text, literally: `-` is a value that rules test for (`IpAddress: '-'`), as
 * Hayabusa, Chainsaw and Zircolite match it. An empty string stays a value too.
 */
export function eventDataText(data: EventData, name: string): string | undefined {
  const value = data[name];
  return Array.isArray(value) ? value.join(' ') : value;
}

/**
 * An EventData value as a property of what the event describes (a process, an account): Windows' `-`
 * placeholder (an unknown parent, a missing OriginalFileName, a failed logon's domain) says there is no
 * such value. 4688's empty CommandLine stays present, but empty.
 */
export function knownText(data: EventData, name: string): string | undefined {
  const text = eventDataText(data, name);
  return text === '-' ? undefined : text;
}

/** DOMAIN\\name, or the name alone when there is no domain; nothing without a name. */
export function domainAccount(domain: string | undefined, name: string | undefined): string | undefined {
  return name === undefined ? undefined : domain === undefined ? name : `${domain}\\${name}`;
}

function text(value: FieldValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function count(value: FieldValue | undefined): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

/** The process start a record's ECS view describes (the event model derives both logs' fields alike). */
export function toProcessEvent(source: ProcessEventSource, ecs: FieldSource): ProcessEvent {
  return {
    source,
    image: text(ecs.get('process.executable')),
    originalFileName: text(ecs.get('process.pe.original_file_name')),
    commandLine: text(ecs.get('process.command_line')),
    parentImage: text(ecs.get('process.parent.executable')),
    parentCommandLine: text(ecs.get('process.parent.command_line')),
    user: domainAccount(text(ecs.get('user.domain')), text(ecs.get('user.name'))),
    pid: count(ecs.get('process.pid')),
    parentPid: count(ecs.get('process.parent.pid')),
  };
}
