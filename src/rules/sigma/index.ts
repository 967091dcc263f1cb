/**
 * The Sigma rule engine: compile rule documents or load rule files into CompiledRules. model/
 * reads rule documents into typed values, detection and condition trees; compile/ turns those
 * into matchers and prefilters.
 */
export { SigmaRule, compileSigma, type SigmaOptions } from './compile/rule.js';
export { loadSigmaFile } from './load.js';
export type { PlaceholderValues } from './model/modifiers.js';
export type { SigmaLogSource } from './model/ruleDocument.js';
export { parseRuleDocuments } from './model/yaml.js';
