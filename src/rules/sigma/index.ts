/** The Sigma rule engine: compile rule documents or load rule files into CompiledRules. */
export { loadSigmaFile } from './load.js';
export type { PlaceholderValues } from './modifiers.js';
export { SigmaRule, compileSigma, type SigmaLogSource, type SigmaOptions } from './rule.js';
export { parseRuleDocuments } from './yaml.js';
