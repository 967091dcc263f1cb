/**
 * compileSigma: one Sigma rule document into a CompiledRule. Metadata and logsource are read
 * once (model/ruleDocument.ts); every search identifier is parsed and compiled into a
 * predicate, one after the other, and the condition into their combination, so matching an
 * event never looks at the YAML again.
 */
import type { DetectableEvent, LogSourceFacts } from '../../../events/types.js';
import { anyOf, type EventPredicate } from '../../match/combinators.js';
import { MatchContext } from '../../match/matchContext.js';
import type { RulePrefilter } from '../../match/prefilter.js';
import { RuleProblem, invalid } from '../../problem.js';
import type { CompiledRule, RuleMeta } from '../../types.js';
import { parseCondition } from '../model/condition.js';
import { parseDetection, type DetectionNode } from '../model/detection.js';
import type { PlaceholderValues } from '../model/modifiers.js';
import { readRuleDocument, type SigmaLogSource } from '../model/ruleDocument.js';
import { isYamlMap as isMap } from '../model/yaml.js';
import { compileCondition } from './condition.js';
import { compileDetection } from './detection.js';
import { derivePrefilter } from './prefilter.js';

export interface SigmaOptions {
  /** Values for `%name%` placeholders (expand modifier); rules using others are unsupported. */
  readonly placeholders?: PlaceholderValues;
  /** What the rule shares with the other rules of its load; by default a context of its own. */
  readonly context?: MatchContext;
}

/** Keys of `detection` that are not search identifiers. */
const NON_IDENTIFIER_KEYS: ReadonlySet<string> = new Set(['condition', 'timeframe']);

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
  const { meta, logsource, detection: section } = readRuleDocument(doc, file);
  const { detection, prefilter } = compileDetectionSection(section, options);
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
