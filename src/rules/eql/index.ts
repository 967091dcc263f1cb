export { compileEql } from './compile-rule.js';
export { EqlSyntaxError, EqlUnsupportedError, type QueryPosition } from './errors.js';
export { loadElasticRuleFile } from './rule-file.js';
