import type { EventDataValue } from '../evtx/index.js';
import type { ProcessEvent } from './processEvent.js';
import { eventDataText } from './processEvent.js';
import type { FieldSource, FieldValue } from './types.js';

/** Sigma process_creation field -> ProcessEvent property: the same names on Sysmon 1 and 4688. */
const SIGMA_PROCESS_FIELDS: ReadonlyMap<string, keyof ProcessEvent> = new Map<string, keyof ProcessEvent>([
  ['Image', 'image'],
  ['OriginalFileName', 'originalFileName'],
  ['CommandLine', 'commandLine'],
  ['ParentImage', 'parentImage'],
  ['ParentCommandLine', 'parentCommandLine'],
  ['User', 'user'],
  ['LogonId', 'logonId'],
  ['ProcessId', 'pid'],
  ['ParentProcessId', 'parentPid'],
  ['ProcessGuid', 'processGuid'],
  ['ParentProcessGuid', 'parentProcessGuid'],
  ['IntegrityLevel', 'integrityLevel'],
  ['Hashes', 'hashes'],
  ['CurrentDirectory', 'currentDirectory'],
  ['Description', 'description'],
  ['Product', 'product'],
  ['Company', 'company'],
  ['FileVersion', 'fileVersion'],
  ['ParentUser', 'parentUser'],
]);

/** The System fields Sigma rules name, besides EventData. */
export interface SystemFieldValues {
  readonly EventID: number;
  readonly Channel: string;
  readonly Provider_Name?: string;
  readonly Computer?: string;
}

/**
 * An event seen through Sigma's field names: the normalized process fields first (so 4688's
 * NewProcessName answers `Image`), then System fields, then the raw EventData names.
 */
export class SigmaFields implements FieldSource {
  constructor(
    private readonly system: SystemFieldValues,
    private readonly data: Readonly<Record<string, EventDataValue>>,
    private readonly process: ProcessEvent | undefined,
  ) {}

  get(name: string): FieldValue | undefined {
    if (this.process !== undefined) {
      const key = SIGMA_PROCESS_FIELDS.get(name);
      if (key !== undefined) return this.process[key];
    }
    const system = Object.hasOwn(this.system, name) ? this.system[name as keyof SystemFieldValues] : undefined;
    if (system !== undefined) return system;
    return eventDataText(this.data, name);
  }

  *values(): Iterable<string> {
    for (const value of Object.values(this.data)) {
      if (Array.isArray(value)) yield* value;
      else if (value !== '') yield value as string;
    }
  }
}
