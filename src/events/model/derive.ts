/**
 * Field derivations as small composable pieces, so the per-log-source tables in src/events/schemas
 * read as data: `['file.name', baseName(known('TargetFilename'))]`.
 */
import { commandLineToArgv } from '../argv.js';
import { eventDataText, knownText } from '../processEvent.js';
import type { FieldValue } from '../types.js';
import type { RecordView } from './recordView.js';

/** One field's value derived from a record; undefined = the event does not have the field. */
export type Derivation = (record: RecordView) => FieldValue | undefined;
/** A derivation that yields text, which the transformers below build on. */
export type TextDerivation = (record: RecordView) => string | undefined;

/**
 * An EventData value as written (`-` and the empty string are values: Sigma rules test for
 * `IpAddress: '-'`); a multi-valued item is joined with spaces.
 */
export function literal(name: string): TextDerivation {
  return (record) => eventDataText(record.data, name);
}

/** An EventData value as a property of what the event describes: Windows' `-` placeholder says there is none. */
export function known(name: string): TextDerivation {
  return (record) => knownText(record.data, name);
}

/** The GUID Windows writes for "no GUID". */
export const NULL_GUID = '{00000000-0000-0000-0000-000000000000}';

/**
 * An EventData value as Elastic's Windows pipelines keep it: their first step drops `-`, empty and
 * null-GUID items; the Security pipeline drops blank ones too (`dropBlank`).
 */
export function pipelineKept(name: string, dropBlank = false): TextDerivation {
  return (record) => {
    const text = knownText(record.data, name);
    if (text === undefined || text === NULL_GUID) return undefined;
    return (dropBlank ? text.trim() : text) === '' ? undefined : text;
  };
}

/** The first of `derivations` that gives a value. */
export function firstOf(...derivations: readonly TextDerivation[]): TextDerivation {
  return (record) => {
    for (const derive of derivations) {
      const value = derive(record);
      if (value !== undefined) return value;
    }
    return undefined;
  };
}

export function constant(value: FieldValue): Derivation {
  return () => value;
}

/** A text derivation passed through `transform` when it has a value. */
export function mapText<T extends FieldValue>(
  text: TextDerivation,
  transform: (value: string) => T | undefined,
): (record: RecordView) => T | undefined {
  return (record) => {
    const value = text(record);
    return value === undefined ? undefined : transform(value);
  };
}

/** The last component of a Windows (or POSIX) path. */
function pathBaseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/')) + 1);
}

export function baseName(path: TextDerivation): TextDerivation {
  return mapText(path, pathBaseName);
}

/** A non-negative decimal or 0x-hex integer (Windows writes both); nothing when it is not one. */
export function integer(text: TextDerivation): (record: RecordView) => number | undefined {
  return mapText(text, (value) => {
    const parsed = Number(value.trim());
    return value.trim() !== '' && Number.isSafeInteger(parsed) && parsed >= 0 ? parsed : undefined;
  });
}

/** DOMAIN\name from two fields, or the name alone without a domain; nothing without a name. */
export function domainQualified(domain: TextDerivation, name: TextDerivation): TextDerivation {
  return (record) => {
    const user = name(record);
    if (user === undefined) return undefined;
    const qualifier = domain(record);
    return qualifier === undefined ? user : `${qualifier}\\${user}`;
  };
}

/**
 * A command line split as CommandLineToArgvW splits it, which is how Elastic's integrations fill
 * `process.args`; an empty command line (4688 without the audit policy) has no arguments.
 * Kept per record: rules ask for args and args_count of the same event.
 */
export function commandLineArgs(commandLine: TextDerivation): (record: RecordView) => readonly string[] | undefined {
  return (record) => {
    const value = commandLine(record);
    if (value === undefined || value === '') return undefined;
    return record.memo(`args\u0000${value}`, () => commandLineToArgv(value));
  };
}

export function argsCount(commandLine: TextDerivation): Derivation {
  const args = commandLineArgs(commandLine);
  return (record) => args(record)?.length;
}

/** A value looked up in a table (a logon type number -> its name); unknown values pass through or not. */
export function lookup(text: TextDerivation, table: ReadonlyMap<string, string>, keepUnknown: boolean): TextDerivation {
  return mapText(text, (value) => table.get(value) ?? (keepUnknown ? value : undefined));
}
