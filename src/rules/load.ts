import { extname } from 'node:path';
import { PARSED_EVERY_TIME, type ParsedRuleFiles } from './cache/format.js';
import { loadElasticRuleFile } from './eql/index.js';
import { loadSigmaFile } from './sigma/index.js';
import { RuleProblem, invalidFile } from './problem.js';
import { MatchContext } from './match/matchContext.js';
import type { CompiledRule, LoadedRules, SkippedRule } from './types.js';

export const RULE_FILE_EXTENSIONS: readonly string[] = ['.yml', '.yaml', '.toml'];

type Loader = (path: string, context: MatchContext, parsing: ParsedRuleFiles) => LoadedRules;

const loadSigma: Loader = (path, context, parsing) => loadSigmaFile(path, { context }, parsing);

const LOADERS: ReadonlyMap<string, Loader> = new Map([
  ['.yml', loadSigma],
  ['.yaml', loadSigma],
  ['.toml', loadElasticRuleFile],
]);

export interface RuleLoadReport extends LoadedRules {
  /** Rule files that could not be parsed at all (file and line in the message). */
  readonly errors: RuleProblem[];
}

/**
 * Loads Sigma (.yml/.yaml) and Elastic (.toml) rule files; one bad file or rule never stops the
 * rest. The rules of one call share one MatchContext. `parsing` may give files' parsed contents
 * from the rule cache (cache/ruleCache.ts) instead of parsing their text.
 */
export function loadRuleFiles(files: readonly string[], parsing: ParsedRuleFiles = PARSED_EVERY_TIME): RuleLoadReport {
  const rules: CompiledRule[] = [];
  const skipped: SkippedRule[] = [];
  const errors: RuleProblem[] = [];
  const seen = new Set<string>();
  const context = new MatchContext();
  for (const file of files) {
    const load = LOADERS.get(extname(file).toLowerCase());
    if (load === undefined) {
      skipped.push({ file, kind: 'invalid', reason: `not a rule file (expected ${RULE_FILE_EXTENSIONS.join(', ')})` });
      continue;
    }
    try {
      const loaded = load(file, context, parsing);
      for (const rule of loaded.rules) {
        const key = `${rule.meta.source}:${rule.meta.id}`;
        if (seen.has(key)) {
          skipped.push({ file, id: rule.meta.id, title: rule.meta.title, kind: 'duplicate', reason: 'duplicate rule id, loaded once' });
          continue;
        }
        seen.add(key);
        rules.push(rule);
      }
      skipped.push(...loaded.skipped);
    } catch (error) {
      errors.push(error instanceof RuleProblem && error.file !== undefined ? error : invalidFile(file, (error as Error).message));
    }
  }
  return { rules, skipped, errors };
}
