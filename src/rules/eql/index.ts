/**
 * The EQL rule engine for Elastic detection rules: parse/ reads a query into a syntax tree,
 * compile/ turns it into a matcher and a prefilter; ruleFile.ts reads the TOML rule files.
 */
export { compileEql, type EqlRule } from './compile/compileRule.js';
export { loadElasticRuleFile } from './ruleFile.js';
