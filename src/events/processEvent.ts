import type { EventDataValue, EvtxRecord } from '../evtx/index.js';
import type { ProcessEventSource } from './logsource.js';

/** A process start, from Sysmon Event ID 1 or Security Event ID 4688, in one shape. Absent = undefined. */
export interface ProcessEvent {
  readonly source: ProcessEventSource;
  readonly image?: string;
  readonly originalFileName?: string;
  readonly commandLine?: string;
  readonly parentImage?: string;
  readonly parentCommandLine?: string;
  /** DOMAIN\name */
  readonly user?: string;
  readonly userName?: string;
  readonly userDomain?: string;
  readonly userSid?: string;
  readonly logonId?: string;
  readonly pid?: number;
  readonly parentPid?: number;
  readonly processGuid?: string;
  readonly parentProcessGuid?: string;
  /** Low, Medium, High, System (Sysmon's words; 4688's mandatory label is translated). */
  readonly integrityLevel?: string;
  readonly hashes?: string;
  readonly currentDirectory?: string;
  readonly description?: string;
  readonly product?: string;
  readonly company?: string;
  readonly fileVersion?: string;
  readonly parentUser?: string;
  readonly host?: string;
  readonly time?: string;
}

type EventData = Record<string, EventDataValue>;
type Writable<T> = { -readonly [K in keyof T]: T[K] };
type ProcessField = Exclude<keyof ProcessEvent, 'source' | 'host' | 'time'>;

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

function integer(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  return Number.isSafeInteger(parsed) && parsed >= 0 ? parsed : undefined;
}

const INTEGRITY_BY_LABEL: ReadonlyMap<string, string> = new Map([
  ['S-1-16-0', 'Untrusted'],
  ['S-1-16-4096', 'Low'],
  ['S-1-16-8192', 'Medium'],
  ['S-1-16-8448', 'MediumPlus'],
  ['S-1-16-12288', 'High'],
  ['S-1-16-16384', 'System'],
  ['S-1-16-20480', 'Protected'],
]);

type Extractor = (data: EventData) => string | number | undefined;
const field =
  (name: string): Extractor =>
  (data) =>
    knownText(data, name);
const number =
  (name: string): Extractor =>
  (data) =>
    integer(knownText(data, name));

/** DOMAIN\\name, or the name alone when there is no domain; nothing without a name. */
export function domainAccount(domain: string | undefined, name: string | undefined): string | undefined {
  return name === undefined ? undefined : domain === undefined ? name : `${domain}\\${name}`;
}

function splitUser(user: string | undefined): { domain?: string; name?: string } {
  if (user === undefined) return {};
  const slash = user.indexOf('\\');
  return slash < 0 ? { name: user } : { domain: user.slice(0, slash), name: user.slice(slash + 1) };
}

/** Sysmon EID 1: EventData names are Sigma's names already. */
const SYSMON_1: Readonly<Partial<Record<ProcessField, Extractor>>> = {
  image: field('Image'),
  originalFileName: field('OriginalFileName'),
  commandLine: field('CommandLine'),
  parentImage: field('ParentImage'),
  parentCommandLine: field('ParentCommandLine'),
  user: field('User'),
  userName: (d) => splitUser(knownText(d, 'User')).name,
  userDomain: (d) => splitUser(knownText(d, 'User')).domain,
  logonId: field('LogonId'),
  pid: number('ProcessId'),
  parentPid: number('ParentProcessId'),
  processGuid: field('ProcessGuid'),
  parentProcessGuid: field('ParentProcessGuid'),
  integrityLevel: field('IntegrityLevel'),
  hashes: field('Hashes'),
  currentDirectory: field('CurrentDirectory'),
  description: field('Description'),
  product: field('Product'),
  company: field('Company'),
  fileVersion: field('FileVersion'),
  parentUser: field('ParentUser'),
};

/** Security 4688, mapped as in Sigma's thor.yml and Hayabusa's 4688 variants. */
const SECURITY_4688: Readonly<Partial<Record<ProcessField, Extractor>>> = {
  image: field('NewProcessName'),
  commandLine: field('CommandLine'),
  parentImage: field('ParentProcessName'),
  user: (d) => domainAccount(knownText(d, 'SubjectDomainName'), knownText(d, 'SubjectUserName')),
  userName: field('SubjectUserName'),
  userDomain: field('SubjectDomainName'),
  userSid: field('SubjectUserSid'),
  logonId: field('SubjectLogonId'),
  pid: number('NewProcessId'),
  parentPid: number('ProcessId'),
  integrityLevel: (d) => {
    const label = knownText(d, 'MandatoryLabel');
    return label === undefined ? undefined : (INTEGRITY_BY_LABEL.get(label.toUpperCase()) ?? label);
  },
};

/**
 * Builds the ProcessEvent of a Sysmon 1 or Security 4688 record; the caller has checked which it is
 * (processEventSource) from EventID and Channel before paying for the EventData.
 */
export function toProcessEvent(record: EvtxRecord, source: ProcessEventSource, data: EventData): ProcessEvent {
  const event: Writable<ProcessEvent> = { source, host: record.computer(), time: record.timeCreated() ?? record.written };
  const extractors = source === 'sysmon' ? SYSMON_1 : SECURITY_4688;
  for (const key of Object.keys(extractors) as ProcessField[]) {
    const value = extractors[key]!(data);
    if (value !== undefined) (event as Record<string, unknown>)[key] = value;
  }
  return event;
}
