/**
 * compileSigma: one Sigma rule document into a CompiledRule. Metadata and logsource are read
 * once; every search identifier is compiled into a predicate and the condition into their
 * combination, so matching an event never looks at the YAML again.
 */
import type { DetectableEvent, LogSourceFacts } from '../../events/types.js';
import { RULE_LEVELS, type CompiledRule, type RuleLevel, type RuleMeta } from '../types.js';
import { compileCondition, parseCondition } from './condition.js';
import { compileDetection, parseDetection, type DetectionNode } from './detection.js';
import { RuleProblem, invalid, unsupported } from '../problem.js';
import type { PlaceholderValues } from './modifiers.js';
import { anyOf, type EventPredicate } from '../match/combinators.js';
import { MatchContext } from '../match/matchContext.js';
import type { RulePrefilter } from '../match/prefilter.js';
import { derivePrefilter } from './prefilter.js';
import { YamlNumber, isYamlMap as isMap } from './yaml.js';

export interface SigmaOptions {
  /** Values for `%name%` placeholders (expand modifier); rules using others are unsupported. */
  readonly placeholders?: PlaceholderValues;
  /** What the rule shares with the other rules of its load; by default a context of its own. */
  readonly context?: MatchContext;
}

/** The rule's logsource, lower-cased; undefined parts match any event. */
export interface SigmaLogSource {
  readonly product: string | undefined;
  readonly category: string | undefined;
  readonly service: string | undefined;
}

const LEVELS: ReadonlySet<string> = new Set<RuleLevel>(RULE_LEVELS);

/** Keys of `detection` that are not search identifiers. */
const NON_IDENTIFIER_KEYS = new Set(['condition', 'timeframe']);

export class SigmaRule implements CompiledRule {
  constructor(
    readonly meta: RuleMeta,
    /** Exposed so an engine can index rules by category and service instead of asking each. */
    readonly logsource: SigmaLogSource,
    private readonly detection: EventPredicate,
    /** Met by every event the rule matches; lets a rule set skip the rule cheaply. */
    readonly prefilter: RulePrefilter | undefined,
  ) {}

  appliesTo(event: DetectableEvent): boolean {
    return appliesToSource(this.logsource, event.logsource);
  }

  matches(event: DetectableEvent): boolean {
    return this.detection(event.sigma);
  }
}

function appliesToSource(rule: SigmaLogSource, event: LogSourceFacts): boolean {
  return (
    (rule.category === undefined || event.categories.includes(rule.category)) &&
    (rule.service === undefined || event.services.includes(rule.service))
  );
}

/**
 * Compiles one rule document. Throws a RuleProblem naming the file: `unsupported` for valid
 * rules this engine cannot run, `invalid` for rules that break the specification.
 */
export function compileSigma(doc: unknown, file: string, options: SigmaOptions = {}): SigmaRule {
  try {
    return compileDocument(doc, file, options);
  } catch (error) {
    if (error instanceof RuleProblem) throw error.at({ file });
    throw error;
  }
}

function compileDocument(doc: unknown, file: string, options: SigmaOptions): SigmaRule {
  if (!isMap(doc)) throw invalid('a rule document must be a YAML map');
  if (doc.correlation !== undefined || doc.type === 'correlation') {
    throw unsupported('correlation rules are not supported yet');
  }
  if (doc.filter !== undefined && doc.detection === undefined) {
    throw unsupported('Sigma filter documents are not supported yet');
  }
  const logsource = readLogSource(doc.logsource);
  if (logsource.product !== undefined && logsource.product !== 'windows') {
    throw unsupported(`logsource product ${logsource.product} is not in Windows event logs`);
  }
  const meta = readMeta(doc, file);
  const { detection, prefilter } = compileDetectionSection(doc.detection, options);
  return new SigmaRule(meta, logsource, detection, prefilter);
}

function compileDetectionSection(
  detection: unknown,
  options: SigmaOptions,
): { detection: EventPredicate; prefilter: RulePrefilter | undefined } {
  if (!isMap(detection)) throw invalid("the rule has no 'detection' map");
  const context = options.context ?? new MatchContext();
  const nodes = new Map<string, DetectionNode>();
  const identifiers = new Map<string, EventPredicate>();
  for (const [name, definition] of Object.entries(detection)) {
    if (NON_IDENTIFIER_KEYS.has(name)) continue;
    try {
      const node = parseDetection(definition, options.placeholders ?? {});
      nodes.set(name, node);
      identifiers.set(name, compileDetection(node, context));
    } catch (error) {
      if (error instanceof RuleProblem) throw error.within(`${name}: `);
      throw error;
    }
  }
  const texts = Array.isArray(detection.condition) ? detection.condition : [detection.condition];
  if (texts.length === 0 || texts.some((condition) => typeof condition !== 'string')) {
    throw invalid("'detection.condition' must be a string or a list of strings");
  }
  const conditions = texts.map((condition) => parseCondition(condition as string));
  return {
    detection: anyOf(conditions.map((condition) => compileCondition(condition, identifiers))),
    prefilter: derivePrefilter(conditions, nodes, context),
  };
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

function readMeta(doc: Record<string, unknown>, file: string): RuleMeta {
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
