/** loadSigmaFile: every rule of one YAML file, with the rules that cannot load and why. */
import { readFileSync } from 'node:fs';
import { PARSED_EVERY_TIME, type ParsedRuleFiles } from '../cache/format.js';
import { RuleProblem, invalidFile } from '../problem.js';
import type { CompiledRule, SkippedRule } from '../types.js';
import type { NamedRule, SigmaFileRules } from './correlation/resolve.js';
import { resolveCollection } from './model/collection.js';
import { isCorrelationDocument, readCorrelationDocument, type CorrelationDocument } from './model/correlation.js';
import { compileSigma, type SigmaOptions } from './compile/rule.js';
import { parseRuleDocuments, SIGMA_YAML_FORMAT } from './model/yaml.js';

/**
 * Loads one file (multi-document YAML allowed). Malformed YAML or an unreadable file throws
 * an invalid-file RuleProblem; a rule that is invalid or unsupported is listed in `skipped` and the others
 * still load. Correlation documents are read but not resolved: their references may be in other
 * files (correlation/resolve.ts joins them once every file is loaded). `parsing` may give the
 * documents from the rule cache.
 */
export function loadSigmaFile(path: string, options: SigmaOptions = {}, parsing: ParsedRuleFiles = PARSED_EVERY_TIME): SigmaFileRules {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw invalidFile(path, `cannot read the file: ${error instanceof Error ? error.message : String(error)}`);
  }
  const rules: CompiledRule[] = [];
  const named: NamedRule[] = [];
  const correlations: CorrelationDocument[] = [];
  const skipped: SkippedRule[] = [];
  const unloaded = new Set<string>();
  const documents = parsing.parsed(bytes, SIGMA_YAML_FORMAT, (text) => parseRuleDocuments(text, path));
  for (const entry of resolveCollection(documents)) {
    const { document } = entry;
    if (document === undefined) {
      skipped.push({ file: path, kind: 'invalid', reason: `invalid rule: ${entry.problem ?? 'unknown problem'}` });
      continue;
    }
    try {
      if (isCorrelationDocument(document)) {
        correlations.push(readCorrelationDocument(document, path));
      } else {
        const rule = compileSigma(document, path, options);
        rules.push(rule);
        named.push({ rule, name: stringField(document, 'name') });
      }
    } catch (error) {
      if (!(error instanceof RuleProblem)) throw error;
      const id = stringField(document, 'id');
      const name = stringField(document, 'name');
      if (id !== undefined) unloaded.add(id);
      if (name !== undefined) unloaded.add(name);
      skipped.push({
        file: path,
        id,
        title: stringField(document, 'title'),
        kind: error.kind,
        reason: error.kind === 'invalid' ? `invalid rule: ${error.reason}` : error.reason,
      });
    }
  }
  return { file: path, rules, named, correlations, unloaded, skipped };
}

function stringField(document: Record<string, unknown>, key: string): string | undefined {
  const value = document[key];
  return typeof value === 'string' ? value : undefined;
}
