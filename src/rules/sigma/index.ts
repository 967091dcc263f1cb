/**
 * The Sigma rule engine: compile rule documents or load rule files into CompiledRules. model/
 * reads rule documents into typed values, detection and condition trees; compile/ turns those
 * into matchers and prefilters; correlation/ runs correlation rules over the rules they reference.
 */
export { SigmaRule, compileSigma, type SigmaOptions } from './compile/rule.js';
export { loadSigmaFile } from './load.js';
export {
  SigmaCorrelation,
  resolveCorrelations,
  type NamedRule,
  type ResolvedCorrelations,
  type SigmaFileRules,
} from './correlation/resolve.js';
export {
  CorrelationMatcher,
  MAX_EVENTS_PER_GROUP,
  MAX_PENDING_EVENTS,
  overRules,
  type CorrelationTree,
  type WindowSpec,
} from './correlation/window.js';
export type { PlaceholderValues } from './model/modifiers.js';
export type { SigmaLogSource } from './model/ruleDocument.js';
export { parseRuleDocuments } from './model/yaml.js';
