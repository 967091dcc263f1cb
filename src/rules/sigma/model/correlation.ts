/**
 * Reads a Sigma correlation document (Sigma correlation rules specification v2.1): its type, the
 * rules it references, `group-by`, `timespan`, `condition`, `aliases` and `generate`.
 */
import { invalid, unsupported } from '../../problem.js';
import type { RuleMeta } from '../../types.js';
import { readMeta } from './ruleDocument.js';
import { YamlNumber, isYamlMap as isMap } from './yaml.js';

export type CorrelationType = 'event_count' | 'value_count' | 'temporal' | 'temporal_ordered';

const TYPES: ReadonlySet<string> = new Set<CorrelationType>(['event_count', 'value_count', 'temporal', 'temporal_ordered']);
/** The metric types of spec v2.1, valid but not run here. */
const METRIC_TYPES: ReadonlySet<string> = new Set(['value_sum', 'value_avg', 'value_percentile']);

export type ComparisonOperator = 'gt' | 'gte' | 'lt' | 'lte' | 'eq' | 'neq';

const OPERATORS: ReadonlySet<string> = new Set<ComparisonOperator>(['gt', 'gte', 'lt', 'lte', 'eq', 'neq']);

export interface Comparison {
  readonly operator: ComparisonOperator;
  readonly value: number;
}

/**
 * Timespan units in milliseconds: the spec's s/m/h/d, and pySigma's w/M/y (a month and a year are
 * the Gregorian averages, 30.436875 and 365.2425 days, as pySigma counts them).
 */
const TIMESPAN_UNITS: ReadonlyMap<string, number> = new Map([
  ['s', 1_000],
  ['m', 60_000],
  ['h', 3_600_000],
  ['d', 86_400_000],
  ['w', 604_800_000],
  ['M', 2_629_746_000],
  ['y', 31_556_952_000],
]);

/** Longer spans keep state for so long that they are surely a mistake (and overflow nothing below). */
const MAX_TIMESPAN_MS = 10 * 31_556_952_000;

export interface CorrelationDocument {
  readonly meta: RuleMeta;
  /** The document's `name`, by which other correlations may reference it. */
  readonly name: string | undefined;
  readonly type: CorrelationType;
  /** The referenced rules' ids or names, as written. */
  readonly references: readonly string[];
  /** Empty: one group (per host, as the hunt scopes every key). */
  readonly groupBy: readonly string[];
  readonly timespanMs: number;
  /** All must hold (the spec's range form); temporal types default to "every referenced rule". */
  readonly condition: readonly Comparison[];
  /** value_count: the fields whose distinct values are counted (several are counted as tuples). */
  readonly valueFields: readonly string[];
  /** alias name -> referenced rule (name or id) -> that rule's field. */
  readonly aliases: ReadonlyMap<string, ReadonlyMap<string, string>>;
  readonly generate: boolean;
}

export function isCorrelationDocument(doc: Record<string, unknown>): boolean {
  return doc.correlation !== undefined;
}

/** Throws a RuleProblem (without file) when the document breaks the specification or uses a metric type. */
export function readCorrelationDocument(doc: Record<string, unknown>, file: string): CorrelationDocument {
  const meta = readMeta(doc, file);
  const section = doc.correlation;
  if (!isMap(section)) throw invalid("'correlation' must be a map");
  const type = readType(section.type);
  const references = readStrings(section.rules, 'correlation.rules');
  if (references.length === 0) throw invalid("'correlation.rules' must name at least one rule");
  const groupBy = section['group-by'] === undefined ? [] : readStrings(section['group-by'], 'correlation.group-by');
  const timespanMs = readTimespan(section.timespan);
  const { condition, valueFields } = readCondition(section.condition, type, references.length);
  const generate = readGenerate(section.generate ?? doc.generate);
  return {
    meta,
    name: typeof doc.name === 'string' ? doc.name : undefined,
    type,
    references,
    groupBy,
    timespanMs,
    condition,
    valueFields,
    aliases: readAliases(section.aliases),
    generate,
  };
}

function readType(value: unknown): CorrelationType {
  if (typeof value !== 'string') throw invalid("'correlation.type' must be a string");
  if (TYPES.has(value)) return value as CorrelationType;
  if (METRIC_TYPES.has(value)) throw unsupported(`correlation type ${value} is not supported`);
  throw invalid(`'correlation.type' ${value} is not one of ${[...TYPES, ...METRIC_TYPES].join(', ')}`);
}

function readStrings(value: unknown, key: string): string[] {
  const list = Array.isArray(value) ? value : [value];
  if (!list.every((item) => typeof item === 'string' && item !== '')) throw invalid(`'${key}' must be a string or a list of strings`);
  return list as string[];
}

/** `number + unit`, e.g. `90m`; the unit is case-sensitive (m minutes, M months). */
function readTimespan(value: unknown): number {
  const text = typeof value === 'string' ? value.trim() : undefined;
  const parts = text === undefined ? null : /^(\d{1,12})([a-zA-Z])$/.exec(text);
  const unit = parts === null ? undefined : TIMESPAN_UNITS.get(parts[2]!);
  if (parts === null || unit === undefined) {
    throw invalid(`'correlation.timespan' must be a number and one of the units ${[...TIMESPAN_UNITS.keys()].join(', ')} (e.g. 5m)`);
  }
  const span = Number(parts[1]) * unit;
  if (span <= 0 || span > MAX_TIMESPAN_MS) throw invalid(`'correlation.timespan' ${text} is not between 1s and 10y`);
  return span;
}

function readCondition(value: unknown, type: CorrelationType, ruleCount: number): { condition: Comparison[]; valueFields: string[] } {
  const temporal = type === 'temporal' || type === 'temporal_ordered';
  if (value === undefined && temporal) return { condition: [{ operator: 'gte', value: ruleCount }], valueFields: [] };
  if (!isMap(value)) throw invalid(`'correlation.condition' must be a map (required for ${type})`);
  const condition: Comparison[] = [];
  let valueFields: string[] = [];
  for (const [key, operand] of Object.entries(value)) {
    if (key === 'field') {
      if (type !== 'value_count') throw invalid(`'correlation.condition.field' is for value_count, not ${type}`);
      valueFields = readStrings(operand, 'correlation.condition.field');
      continue;
    }
    if (!OPERATORS.has(key)) throw invalid(`'correlation.condition.${key}' is not one of ${[...OPERATORS].join(', ')}, field`);
    const number = operand instanceof YamlNumber ? operand.value : undefined;
    if (number === undefined || !Number.isSafeInteger(number) || number < 0) {
      throw invalid(`'correlation.condition.${key}' must be a whole number`);
    }
    condition.push({ operator: key as ComparisonOperator, value: number });
  }
  if (condition.length === 0) throw invalid("'correlation.condition' has no comparison (gt, gte, lt, lte, eq, neq)");
  if (type === 'value_count' && valueFields.length === 0) throw invalid("a value_count correlation needs 'condition.field'");
  return { condition, valueFields };
}

function readGenerate(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value !== 'boolean') throw invalid("'generate' must be true or false");
  return value;
}

function readAliases(value: unknown): Map<string, Map<string, string>> {
  const aliases = new Map<string, Map<string, string>>();
  if (value === undefined || value === null) return aliases;
  if (!isMap(value)) throw invalid("'correlation.aliases' must be a map");
  for (const [alias, byRule] of Object.entries(value)) {
    if (!isMap(byRule)) throw invalid(`'correlation.aliases.${alias}' must map rule names to fields`);
    const fields = new Map<string, string>();
    for (const [rule, field] of Object.entries(byRule)) {
      if (typeof field !== 'string' || field === '') throw invalid(`'correlation.aliases.${alias}.${rule}' must be a field name`);
      fields.set(rule, field);
    }
    aliases.set(alias, fields);
  }
  return aliases;
}

/** Whether `count` meets every comparison. */
export function meetsCondition(condition: readonly Comparison[], count: number): boolean {
  return condition.every(({ operator, value }) => {
    switch (operator) {
      case 'gt':
        return count > value;
      case 'gte':
        return count >= value;
      case 'lt':
        return count < value;
      case 'lte':
        return count <= value;
      case 'eq':
        return count === value;
      case 'neq':
        return count !== value;
    }
  });
}
