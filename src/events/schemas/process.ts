/**
 * Process starts: Sysmon 1 (its ECS in schemas/sysmon.ts, with the other Sysmon events) and Security
 * 4688, as Elastic's Security pipeline presents it (process.*, user.*), with 4688's fields under
 * Sigma's process_creation names as Sigma's thor.yml and Hayabusa's 4688 variants map them.
 */
import {
  argsCount,
  baseName,
  commandLineArgs,
  domainQualified,
  integer,
  known,
  literal,
  mapText,
  type Derivation,
  type TextDerivation,
} from '../model/derive.js';
import type { EcsMapping, EventSchema } from '../model/schema.js';
import type { ProcessEventSource } from '../processEvent.js';
import { SYSMON_PROCESS_CREATE } from './sysmon.js';

/** A process start's schema: the report shows its process columns. */
export interface ProcessStartSchema extends EventSchema {
  readonly service: ProcessEventSource;
}

const PROCESS_START = { category: ['process'], type: ['start'] } as const;

/** The process.* fields of an image and its command line, wherever an event names them. */
function processFields(prefix: string, image: TextDerivation, commandLine: TextDerivation): Record<string, Derivation> {
  return {
    [`${prefix}.executable`]: image,
    [`${prefix}.name`]: baseName(image),
    [`${prefix}.command_line`]: commandLine,
    [`${prefix}.args`]: commandLineArgs(commandLine),
    [`${prefix}.args_count`]: argsCount(commandLine),
  };
}

/** 4688's MandatoryLabel SID -> the integrity level Sysmon writes. */
const INTEGRITY_BY_LABEL: ReadonlyMap<string, string> = new Map([
  ['S-1-16-0', 'Untrusted'],
  ['S-1-16-4096', 'Low'],
  ['S-1-16-8192', 'Medium'],
  ['S-1-16-8448', 'MediumPlus'],
  ['S-1-16-12288', 'High'],
  ['S-1-16-16384', 'System'],
  ['S-1-16-20480', 'Protected'],
]);

const SECURITY_PROCESS_CREATE: Readonly<EcsMapping> = {
  ...PROCESS_START,
  action: 'created-process',
  fields: {
    ...processFields('process', known('NewProcessName'), known('CommandLine')),
    'process.pid': integer(known('NewProcessId')),
    'process.parent.executable': known('ParentProcessName'),
    'process.parent.name': baseName(known('ParentProcessName')),
    'process.parent.pid': integer(known('ProcessId')),
    'user.name': known('SubjectUserName'),
    'user.domain': known('SubjectDomainName'),
    'user.id': known('SubjectUserSid'),
  },
};

/** Sigma process_creation names on 4688; values stay literal (a ParentProcessName of `-` answers ParentImage `-`). */
const SECURITY_4688_SIGMA: Readonly<Record<string, Derivation>> = {
  Image: literal('NewProcessName'),
  ParentImage: literal('ParentProcessName'),
  User: domainQualified(literal('SubjectDomainName'), literal('SubjectUserName')),
  LogonId: literal('SubjectLogonId'),
  ProcessId: integer(known('NewProcessId')),
  ParentProcessId: integer(known('ProcessId')),
  IntegrityLevel: mapText(known('MandatoryLabel'), (label) => INTEGRITY_BY_LABEL.get(label.toUpperCase()) ?? label),
};

export const PROCESS_SCHEMAS: readonly ProcessStartSchema[] = [
  { service: 'sysmon', eventIds: [1], ecs: SYSMON_PROCESS_CREATE },
  { service: 'security', eventIds: [4688], ecs: SECURITY_PROCESS_CREATE, sigma: SECURITY_4688_SIGMA },
];
