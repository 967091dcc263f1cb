import { commandLineToArgv } from './argv.js';
import type { ProcessEvent } from './processEvent.js';
import type { FieldSource, FieldValue } from './types.js';

type EcsGetter = (event: EcsFields) => FieldValue | undefined;

/** The basename of a Windows path. */
function baseName(path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  const cut = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
  return path.slice(cut + 1);
}

/** `SHA1=..,MD5=..` (Sysmon's Hashes) -> one algorithm's value, lower-case as Elastic stores it. */
function hash(hashes: string | undefined, algorithm: string): string | undefined {
  if (hashes === undefined) return undefined;
  const prefix = `${algorithm}=`;
  for (const part of hashes.split(',')) {
    if (part.toUpperCase().startsWith(prefix)) return part.slice(prefix.length).toLowerCase();
  }
  return undefined;
}

const EVENT_TYPE: readonly string[] = ['start'];
const EVENT_CATEGORY: readonly string[] = ['process'];

/** ECS name -> value, derived as Elastic's Sysmon and Security integrations derive them. */
const ECS_FIELDS: ReadonlyMap<string, EcsGetter> = new Map<string, EcsGetter>([
  ['process.executable', (e) => e.process.image],
  ['process.name', (e) => baseName(e.process.image)],
  ['process.command_line', (e) => e.process.commandLine],
  ['process.args', (e) => e.args()],
  ['process.args_count', (e) => e.args()?.length],
  ['process.pid', (e) => e.process.pid],
  ['process.entity_id', (e) => e.process.processGuid],
  ['process.working_directory', (e) => e.process.currentDirectory],
  ['process.pe.original_file_name', (e) => e.process.originalFileName],
  ['process.pe.description', (e) => e.process.description],
  ['process.pe.product', (e) => e.process.product],
  ['process.pe.company', (e) => e.process.company],
  ['process.pe.file_version', (e) => e.process.fileVersion],
  ['process.hash.md5', (e) => hash(e.process.hashes, 'MD5')],
  ['process.hash.sha1', (e) => hash(e.process.hashes, 'SHA1')],
  ['process.hash.sha256', (e) => hash(e.process.hashes, 'SHA256')],
  ['process.hash.imphash', (e) => hash(e.process.hashes, 'IMPHASH')],
  ['process.parent.executable', (e) => e.process.parentImage],
  ['process.parent.name', (e) => baseName(e.process.parentImage)],
  ['process.parent.command_line', (e) => e.process.parentCommandLine],
  ['process.parent.args', (e) => e.parentArgs()],
  ['process.parent.args_count', (e) => e.parentArgs()?.length],
  ['process.parent.pid', (e) => e.process.parentPid],
  ['process.parent.entity_id', (e) => e.process.parentProcessGuid],
  ['user.name', (e) => e.process.userName],
  ['user.domain', (e) => e.process.userDomain],
  ['user.id', (e) => e.process.userSid],
  ['host.name', (e) => e.process.host],
  ['host.os.type', () => 'windows'],
  ['event.code', (e) => String(e.eventId)],
  ['event.type', () => EVENT_TYPE],
  ['event.category', () => EVENT_CATEGORY],
  ['event.module', (e) => (e.process.source === 'sysmon' ? 'sysmon' : 'security')],
  ['@timestamp', (e) => e.process.time],
]);

/**
 * A process event seen through Elastic Common Schema names. Values are derived on first use and
 * kept: many rules ask the same event for process.name and process.args.
 */
export class EcsFields implements FieldSource {
  private argsCache: readonly string[] | undefined | null = null;
  private parentArgsCache: readonly string[] | undefined | null = null;
  private readonly derived = new Map<string, FieldValue | undefined>();

  constructor(
    readonly process: ProcessEvent,
    readonly eventId: number,
  ) {}

  args(): readonly string[] | undefined {
    if (this.argsCache === null) this.argsCache = splitOrAbsent(this.process.commandLine);
    return this.argsCache;
  }

  parentArgs(): readonly string[] | undefined {
    if (this.parentArgsCache === null) this.parentArgsCache = splitOrAbsent(this.process.parentCommandLine);
    return this.parentArgsCache;
  }

  get(name: string): FieldValue | undefined {
    if (this.derived.has(name)) return this.derived.get(name);
    const value = ECS_FIELDS.get(name)?.(this);
    this.derived.set(name, value);
    return value;
  }

  *values(): Iterable<string> {
    for (const getter of ECS_FIELDS.values()) {
      const value = getter(this);
      if (Array.isArray(value)) yield* value;
      else if (value !== undefined) yield String(value);
    }
  }
}

/** An empty command line (4688 without the audit policy) gives no args rather than an empty list. */
function splitOrAbsent(commandLine: string | undefined): readonly string[] | undefined {
  if (commandLine === undefined || commandLine === '') return undefined;
  return commandLineToArgv(commandLine);
}
