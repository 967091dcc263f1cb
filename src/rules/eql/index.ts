export { compileEql, type EqlRule } from './compileRule.js';
export { loadElasticRuleFile } from './ruleFile.js';
