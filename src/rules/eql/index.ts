export { compileEql, type EqlRule } from './compileRule.js';
export { EqlSyntaxError, EqlUnsupportedError, type QueryPosition } from './errors.js';
export { loadElasticRuleFile } from './ruleFile.js';
