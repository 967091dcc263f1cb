import { extname } from 'node:path';
import { PARSED_EVERY_TIME, type ParsedRuleFiles } from './cache/format.js';
import { loadElasticRuleFile } from './eql/index.js';
import { loadSigmaFile, resolveCorrelations, type SigmaFileRules } from './sigma/index.js';
import { RuleProblem, invalidFile } from './problem.js';
import { MatchContext } from './match/matchContext.js';
import { ruleIdentity, type CompiledRule, type LoadedRules, type RuleMeta, type SkippedRule, type TemporalRule } from './types.js';

export const RULE_FILE_EXTENSIONS: readonly string[] = ['.yml', '.yaml', '.toml'];

type Loader = (path: string, context: MatchContext, parsing: ParsedRuleFiles) => LoadedRules | SigmaFileRules;

const loadSigma: Loader = (path, context, parsing) => loadSigmaFile(path, { context }, parsing);

const LOADERS: ReadonlyMap<string, Loader> = new Map([
  ['.yml', loadSigma],
  ['.yaml', loadSigma],
  ['.toml', loadElasticRuleFile],
]);

export interface RuleLoadReport extends LoadedRules {
  readonly temporal: TemporalRule[];
  /** Rule files that could not be parsed at all (file and line in the message). */
  readonly errors: RuleProblem[];
}

/**
 * Loads Sigma (.yml/.yaml) and Elastic (.toml) rule files; one bad file or rule never stops the
 * rest. The rules of one call share one MatchContext. `parsing` may give files' parsed contents
 * from the rule cache (cache/ruleCache.ts) instead of parsing their text.
 *
 * Sigma correlations are resolved once every file is loaded, so they may reference rules of any
 * file (by id or name). The rules that loaded correlations reference with `generate: false` (the
 * default) are not in `rules`: they run only as the correlations' steps.
 */
export function loadRuleFiles(files: readonly string[], parsing: ParsedRuleFiles = PARSED_EVERY_TIME): RuleLoadReport {
  const rules: CompiledRule[] = [];
  const temporal: TemporalRule[] = [];
  const skipped: SkippedRule[] = [];
  const errors: RuleProblem[] = [];
  const seen = new Set<string>();
  const context = new MatchContext();
  const sigmaFiles: SigmaFileRules[] = [];
  const firstWithId = (meta: RuleMeta): boolean => {
    const key = ruleIdentity(meta);
    if (!seen.has(key)) {
      seen.add(key);
      return true;
    }
    skipped.push({ file: meta.file, id: meta.id, title: meta.title, kind: 'duplicate', reason: 'duplicate rule id, loaded once' });
    return false;
  };
  for (const file of files) {
    const load = LOADERS.get(extname(file).toLowerCase());
    if (load === undefined) {
      skipped.push({ file, kind: 'invalid', reason: `not a rule file (expected ${RULE_FILE_EXTENSIONS.join(', ')})` });
      continue;
    }
    try {
      const loaded = load(file, context, parsing);
      if ('correlations' in loaded) sigmaFiles.push(loaded);
      for (const rule of loaded.rules) if (firstWithId(rule.meta)) rules.push(rule);
      for (const rule of loaded.temporal ?? []) if (firstWithId(rule.meta)) temporal.push(rule);
      skipped.push(...loaded.skipped);
    } catch (error) {
      errors.push(error instanceof RuleProblem && error.file !== undefined ? error : invalidFile(file, (error as Error).message));
    }
  }
  const loaded = new Set(rules);
  const correlations = resolveCorrelations(sigmaFiles, (rule) => loaded.has(rule));
  for (const rule of correlations.temporal) if (firstWithId(rule.meta)) temporal.push(rule);
  skipped.push(...correlations.skipped);
  const standalone = rules.filter((rule) => !correlations.referencedOnly.has(rule));
  return { rules: standalone, temporal, skipped, errors };
}
