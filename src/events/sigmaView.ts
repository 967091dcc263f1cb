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

/** The System fields Sigma rules name, besides EventData. */
export interface SystemFieldValues {
  readonly EventID: number;
  readonly Channel: string;
  readonly Provider_Name?: string;
  readonly Computer?: string;
}

/**
 * An event seen through Sigma's field names: 4688's process fields under Sigma's names first (so
 * NewProcessName answers `Image`), then System fields, then the raw EventData names.
 */
export class SigmaFields implements FieldSource {
  constructor(
    private readonly system: SystemFieldValues,
    private readonly data: EventData,
    private readonly process: ProcessEvent | undefined,
  ) {}

  get(name: string): FieldValue | undefined {
    if (this.process?.source === 'security') {
      const getter = SECURITY_4688_FIELDS.get(name);
      if (getter !== undefined) return getter(this.data, this.process);
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
