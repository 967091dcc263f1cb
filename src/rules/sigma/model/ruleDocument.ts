/**
 * Reads a Sigma rule document's metadata and logsource, checking what this engine can run
 * (no filter documents, Windows logsources only); correlation documents are read by correlation.ts.
 */
import { RULE_LEVELS, type RuleLevel, type RuleMeta } from '../../types.js';
import { invalid, unsupported } from '../../problem.js';
import { YamlNumber, isYamlMap as isMap } from './yaml.js';

/** The rule's logsource, lower-cased; undefined parts match any event. */
export interface SigmaLogSource {
  readonly product: string | undefined;
  readonly category: string | undefined;
  readonly service: string | undefined;
}

const LEVELS: ReadonlySet<string> = new Set<RuleLevel>(RULE_LEVELS);

/** A rule document, read: its metadata, its logsource and its (not yet parsed) detection section. */
export interface RuleDocument {
  readonly meta: RuleMeta;
  readonly logsource: SigmaLogSource;
  readonly detection: unknown;
}

export function readRuleDocument(doc: unknown, file: string): RuleDocument {
  if (!isMap(doc)) throw invalid('a rule document must be a YAML map');
  if (doc.correlation !== undefined) throw unsupported('a correlation document is not a single-event rule: it runs from its rule file');
  if (doc.filter !== undefined && doc.detection === undefined) {
    throw unsupported('Sigma filter documents are not supported yet');
  }
  const logsource = readLogSource(doc.logsource);
  if (logsource.product !== undefined && logsource.product !== 'windows') {
    throw unsupported(`logsource product ${logsource.product} is not in Windows event logs`);
  }
  const meta = readMeta(doc, file);
  return { meta, logsource, detection: doc.detection };
}

function readLogSource(logsource: unknown): SigmaLogSource {
  if (!isMap(logsource)) throw invalid("the rule has no 'logsource' map");
  const part = (key: string): string | undefined => {
    const value = logsource[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw invalid(`'logsource.${key}' must be a string`);
    return value.toLowerCase();
  };
  return { product: part('product'), category: part('category'), service: part('service') };
}

/** The metadata every rule and correlation document carries. */
export function readMeta(doc: Record<string, unknown>, file: string): RuleMeta {
  const title = text(doc.title);
  if (title === undefined || title === '') throw invalid("the rule has no 'title'");
  const level = text(doc.level)?.toLowerCase() ?? 'informational';
  if (!LEVELS.has(level)) throw invalid(`level '${level}' is not one of ${[...LEVELS].join(', ')}`);
  return {
    id: text(doc.id) ?? file,
    title,
    level: level as RuleLevel,
    source: 'sigma',
    file,
    description: text(doc.description),
    author: text(doc.author),
    status: text(doc.status),
    tags: texts(doc.tags),
    references: texts(doc.references),
    falsepositives: texts(doc.falsepositives),
  };
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || value instanceof YamlNumber) return String(value);
  return undefined;
}

function texts(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.map(text).filter((item): item is string => item !== undefined);
}
