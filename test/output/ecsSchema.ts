/**
 * Checks documents against the Elastic Common Schema's field definitions (the @elastic/ecs package's
 * flat list: each field's name, type and whether it is an array). Every leaf of a document must be
 * an ECS field with a value of its type, or lie under a namespace ECS leaves to others: `winlog.*`
 * (Winlogbeat's and the Windows integrations' fields, which Elastic's rules read), `sysmon.*` (the
 * Sysmon integration's own: `sysmon.file.archived`, `sysmon.dns.status`) and `hunt.*`.
 */
import { isIP } from 'node:net';
import { EcsFlat } from '@elastic/ecs/build/esm/ecs_flat.js';

interface EcsFieldDefinition {
  readonly type: string;
  readonly normalize: readonly string[];
}

const FIELDS: ReadonlyMap<string, EcsFieldDefinition> = new Map(Object.entries(EcsFlat as Record<string, EcsFieldDefinition>));

/** Every object path ECS fields lie under (`process`, `process.parent`, ...). */
const FIELD_SETS: ReadonlySet<string> = new Set(
  [...FIELDS.keys()].flatMap((name) =>
    name
      .split('.')
      .slice(0, -1)
      .map((_, i, parts) => parts.slice(0, i + 1).join('.')),
  ),
);

/** Namespaces outside ECS that the documents may use (neither is an ECS field set). */
export const CUSTOM_NAMESPACES: readonly string[] = ['winlog', 'sysmon', 'hunt'];

/** ECS types whose values are objects of any keys (stop descending there). */
const OBJECT_TYPES: ReadonlySet<string> = new Set(['object', 'flattened', 'nested']);

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;

function valueProblem(type: string, value: unknown): string | undefined {
  switch (type) {
    case 'keyword':
    case 'constant_keyword':
    case 'wildcard':
    case 'match_only_text':
    case 'text':
      return typeof value === 'string' ? undefined : `a ${type} must be a string`;
    case 'long':
    case 'integer':
    case 'short':
    case 'byte':
    case 'unsigned_long':
      return Number.isInteger(value) ? undefined : `a ${type} must be a whole number`;
    case 'float':
    case 'double':
    case 'scaled_float':
    case 'half_float':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : `a ${type} must be a number`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'a boolean must be true or false';
    case 'date':
      return typeof value === 'string' && ISO_8601.test(value) && !Number.isNaN(Date.parse(value))
        ? undefined
        : 'a date must be ISO 8601 with a zone';
    case 'ip':
      return typeof value === 'string' && isIP(value) !== 0 ? undefined : 'an ip must be an IPv4 or IPv6 address';
    default:
      return `type ${type} is not checked here`;
  }
}

/** The ECS problems of one document: `name: what is wrong`, empty when it conforms. */
export function ecsProblems(document: Readonly<Record<string, unknown>>): string[] {
  const problems: string[] = [];
  const visit = (name: string, value: unknown): void => {
    const field = FIELDS.get(name);
    const namespace = name.split('.')[0]!;
    if (field === undefined) {
      if (CUSTOM_NAMESPACES.includes(namespace)) return;
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
        if (!FIELD_SETS.has(name)) problems.push(`${name}: no ECS field set of that name`);
        for (const [key, child] of Object.entries(value)) visit(`${name}.${key}`, child);
        return;
      }
      problems.push(`${name}: not an ECS field`);
      return;
    }
    if (OBJECT_TYPES.has(field.type)) {
      if (typeof value !== 'object' || value === null) problems.push(`${name}: an ${field.type} must be an object`);
      return;
    }
    const isArray = Array.isArray(value);
    if (field.normalize.includes('array') && !isArray) problems.push(`${name}: ECS says it is an array`);
    for (const item of isArray ? (value as unknown[]) : [value]) {
      const problem = valueProblem(field.type, item);
      if (problem !== undefined) problems.push(`${name}: ${problem} (${JSON.stringify(item)?.slice(0, 80)})`);
    }
  };
  for (const [key, value] of Object.entries(document)) visit(key, value);
  return problems;
}

/** ECS's own field names: a custom namespace must not be one of its field sets. */
export function isEcsFieldSet(namespace: string): boolean {
  return FIELDS.has(namespace) || FIELD_SETS.has(namespace);
}
