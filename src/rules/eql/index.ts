/**
 * The EQL rule engine for Elastic detection rules: parse/ reads a query into a syntax tree,
 * compile/ turns it into a matcher and a prefilter (a sequence into a TemporalRule, whose matcher
 * is sequence/matcher.ts); ruleFile.ts reads the TOML rule files.
 */
export { compileEql, type EqlRule } from './compile/compileRule.js';
export { applyPipes, compileEqlQuery, type CompiledEqlQuery } from './compile/compileQuery.js';
export { MAX_TRACKED_KEYS } from './sequence/matcher.js';
export { loadElasticRuleFile } from './ruleFile.js';
