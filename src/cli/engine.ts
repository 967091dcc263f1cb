/**
 * What the commands run and `hunt --help` does not need, behind one dynamic import in main.ts: a
 * usage error or --help loads none of it, so they answer at once.
 */
export { DetectionTally } from '../hunt/summary.js';
export { excludeRules, selectRules } from '../hunt/ruleSelection.js';
export { createHitWriter } from '../output/formats.js';
export { formatSummary, hitCountLine, ruleCountLines } from '../output/summary.js';
export { RuleCache, ruleCacheDirectory } from '../rules/cache/index.js';
export { loadRuleFiles, RULE_FILE_EXTENSIONS } from '../rules/load.js';
export { RuleSet } from '../rules/ruleSet.js';
export { dumpInterruptibly } from './dump.js';
