/** The rule cache: parsed rule files kept between runs (ruleCache.ts), and where it lives. */
export { ruleCacheDirectory } from './directory.js';
export { RuleCache, type RuleCacheCounts, type RuleCacheOptions } from './ruleCache.js';
