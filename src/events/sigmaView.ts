import type { Derivation } from './model/derive.js';
import type { EventData, RecordView } from './model/recordView.js';
import { eventDataText } from './processEvent.js';
import type { FieldSource, FieldValue } from './types.js';

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
/** No renamed fields: the event's EventData names are Sigma's. */
export const NO_RENAMES: ReadonlyMap<string, Derivation> = new Map();

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
 * An event seen through Sigma's field names: the names its schema renames first (4688's
 * NewProcessName answers `Image`), then System fields, then the EventData names, as written or without
 * their spaces; a category's generic names (antivirus Signature) answer through what they alias.
 */
export class SigmaFields implements FieldSource {
  /** Built on the first name the EventData lacks: most lookups find their name as written. */
  private spacedNames: ReadonlyMap<string, string> | undefined;

  private readonly data: EventData;

  constructor(
    private readonly system: SystemFieldValues,
    private readonly record: RecordView,
    private readonly renamed: ReadonlyMap<string, Derivation>,
    private readonly aliases: ReadonlyMap<string, string> = NO_NAMES,
  ) {
    this.data = record.data;
  }

  get(name: string): FieldValue | undefined {
    const rename = this.renamed.get(name);
    if (rename !== undefined) return rename(this.record);
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
