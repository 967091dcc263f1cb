import type { EventDataValue } from '../evtx/index.js';
import type { ProcessEvent } from './processEvent.js';
import { domainAccount, eventDataText } from './processEvent.js';
import type { FieldSource, FieldValue } from './types.js';

type EventData = Readonly<Record<string, EventDataValue>>;
type SigmaGetter = (data: EventData, process: ProcessEvent) => FieldValue | undefined;

const eventData =
  (name: string): SigmaGetter =>
  (data) =>
    eventDataText(data, name);

/**
 * Sigma process_creation names on Security 4688, as Sigma's thor.yml and Hayabusa's 4688 variants map
 * them; values stay literal (a ParentProcessName of `-` answers ParentImage `-`). Sysmon 1's EventData
 * names are Sigma's names already. ProcessId and IntegrityLevel need the translation the process event made.
 */
const SECURITY_4688_FIELDS: ReadonlyMap<string, SigmaGetter> = new Map<string, SigmaGetter>([
  ['Image', eventData('NewProcessName')],
  ['ParentImage', eventData('ParentProcessName')],
  ['User', (d) => domainAccount(eventDataText(d, 'SubjectDomainName'), eventDataText(d, 'SubjectUserName'))],
  ['LogonId', eventData('SubjectLogonId')],
  ['ProcessId', (_, p) => p.pid],
  ['ParentProcessId', (_, p) => p.parentPid],
  ['IntegrityLevel', (_, p) => p.integrityLevel],
]);

/**
 * Sigma's generic names of a category, as Sigma's Windows mappings (thor.yml) rename them for the
 * category's channel: Defender's `Threat Name` and `Path` answer the antivirus rules' Signature and Filename.
 */
const FIELD_ALIASES_BY_CATEGORY: Readonly<Record<string, ReadonlyMap<string, string>>> = {
  antivirus: new Map([
    ['Signature', 'ThreatName'],
    ['Filename', 'Path'],
  ]),
};

const NO_NAMES: ReadonlyMap<string, string> = new Map();

/** The aliases of the first of an event's categories that has any. */
export function categoryFieldAliases(categories: readonly string[]): ReadonlyMap<string, string> {
  for (const category of categories) {
    const aliases = FIELD_ALIASES_BY_CATEGORY[category];
    if (aliases !== undefined) return aliases;
  }
  return NO_NAMES;
}

/**
 * EventData names with spaces (Defender's `Threat Name`, `Process Name`), by the name without them,
 * which is how Sigma rules spell them (ThreatName).
 */
function namesWithoutSpaces(data: EventData): ReadonlyMap<string, string> {
  let names: Map<string, string> | undefined;
  for (const name of Object.keys(data)) {
    if (name.includes(' ')) (names ??= new Map()).set(name.replaceAll(' ', ''), name);
  }
  return names ?? NO_NAMES;
}

/** The System fields Sigma rules name, besides EventData. */
export interface SystemFieldValues {
  readonly EventID: number;
  readonly Channel: string;
  readonly Provider_Name?: string;
  readonly Computer?: string;
}

/**
 * An event seen through Sigma's field names: 4688's process fields under Sigma's names first (so
 * NewProcessName answers `Image`), then System fields, then the EventData names, as written or without
 * their spaces; a category's generic names (antivirus Signature) answer through what they alias.
 */
export class SigmaFields implements FieldSource {
  /** Built on the first name the EventData lacks: most lookups find their name as written. */
  private spacedNames: ReadonlyMap<string, string> | undefined;

  constructor(
    private readonly system: SystemFieldValues,
    private readonly data: EventData,
    private readonly process: ProcessEvent | undefined,
    private readonly aliases: ReadonlyMap<string, string> = NO_NAMES,
  ) {}

  get(name: string): FieldValue | undefined {
    if (this.process?.source === 'security') {
      const getter = SECURITY_4688_FIELDS.get(name);
      if (getter !== undefined) return getter(this.data, this.process);
    }
    const system = Object.hasOwn(this.system, name) ? this.system[name as keyof SystemFieldValues] : undefined;
    if (system !== undefined) return system;
    const eventDataName = this.aliases.get(name) ?? name;
    const value = eventDataText(this.data, eventDataName);
    if (value !== undefined) return value;
    const spaced = (this.spacedNames ??= namesWithoutSpaces(this.data)).get(eventDataName);
    return spaced === undefined ? undefined : eventDataText(this.data, spaced);
  }

  *values(): Iterable<string> {
    for (const value of Object.values(this.data)) {
      if (Array.isArray(value)) yield* value;
      else if (value !== '') yield value as string;
    }
  }
}
