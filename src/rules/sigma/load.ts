/** loadSigmaFile: every rule of one YAML file, with the rules that cannot load and why. */
import { readFileSync } from 'node:fs';
import { PARSED_EVERY_TIME, type ParsedRuleFiles } from '../cache/format.js';
import { RuleProblem, invalidFile } from '../problem.js';
import type { CompiledRule, LoadedRules, SkippedRule } from '../types.js';
import { resolveCollection } from './model/collection.js';
import { compileSigma, type SigmaOptions } from './compile/rule.js';
import { parseRuleDocuments, SIGMA_YAML_FORMAT } from './model/yaml.js';

/**
 * Loads one file (multi-document YAML allowed). Malformed YAML or an unreadable file throws
 * an invalid-file RuleProblem; a rule that is invalid or unsupported is listed in `skipped` and the others
 * still load. `parsing` may give the documents from the rule cache.
 */
export function loadSigmaFile(path: string, options: SigmaOptions = {}, parsing: ParsedRuleFiles = PARSED_EVERY_TIME): LoadedRules {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw invalidFile(path, `cannot read the file: ${error instanceof Error ? error.message : String(error)}`);
  }
  const rules: CompiledRule[] = [];
  const skipped: SkippedRule[] = [];
  const documents = parsing.parsed(bytes, SIGMA_YAML_FORMAT, (text) => parseRuleDocuments(text, path));
  for (const entry of resolveCollection(documents)) {
    if (entry.document === undefined) {
      skipped.push({ file: path, kind: 'invalid', reason: `invalid rule: ${entry.problem ?? 'unknown problem'}` });
      continue;
    }
    try {
      rules.push(compileSigma(entry.document, path, options));
    } catch (error) {
      if (!(error instanceof RuleProblem)) throw error;
      skipped.push({
        file: path,
        id: stringField(entry.document, 'id'),
        title: stringField(entry.document, 'title'),
        kind: error.kind,
        reason: error.kind === 'invalid' ? `invalid rule: ${error.reason}` : error.reason,
      });
    }
  }
  return { rules, skipped };
}

function stringField(document: Record<string, unknown>, key: string): string | undefined {
  const value = document[key];
  return typeof value === 'string' ? value : undefined;
}
