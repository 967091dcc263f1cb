/** Elastic detection-rules TOML files, one rule per file, as the detection-rules repository publishes them. */
import { readFileSync } from 'node:fs';
import { WINDOWS_EVENT_FIELDS } from '../../events/schemas/index.js';
import { parse, TomlError } from 'smol-toml';
import { PARSED_EVERY_TIME, type ParsedRuleFiles, type RuleFileFormat } from '../cache/format.js';
import { RuleProblem, invalidFile, unsupported } from '../problem.js';
import type { LoadedRules, RuleLevel, RuleMeta } from '../types.js';
import { compileEqlQuery } from './compile/compileQuery.js';
import { MatchContext } from '../match/matchContext.js';

const LEVELS: ReadonlyMap<string, RuleLevel> = new Map([
  ['low', 'low'],
  ['medium', 'medium'],
  ['high', 'high'],
  ['critical', 'critical'],
]);

/** Loads one rule file; `context` is shared with the other rules of the load; `parsing` may give its table from the rule cache. */
export function loadElasticRuleFile(
  path: string,
  context: MatchContext = new MatchContext(),
  parsing: ParsedRuleFiles = PARSED_EVERY_TIME,
): LoadedRules {
  const rule = readRuleTable(path, parsing);
  const id = requiredString(rule, 'rule_id', path);
  const title = requiredString(rule, 'name', path);
  const type = optionalString(rule, 'type', path);
  const language = optionalString(rule, 'language', path);
  if (type !== 'eql' || (language !== undefined && language !== 'eql')) {
    const reason = `not an EQL rule (type ${type ?? 'missing'}${language ? `, language ${language}` : ''})`;
    return { rules: [], skipped: [{ file: path, id, title, kind: 'unsupported', reason }] };
  }
  const severity = requiredString(rule, 'severity', path);
  const level = LEVELS.get(severity);
  if (!level) throw invalidFile(path, `unknown severity '${severity}'`);
  const riskScore = rule['risk_score'];
  if (riskScore !== undefined && typeof riskScore !== 'number') throw invalidFile(path, 'risk_score must be a number');
  const author = optionalStringArray(rule, 'author', path);
  const description = optionalString(rule, 'description', path)?.trim();
  const meta: RuleMeta = {
    id,
    title,
    level,
    source: 'eql',
    file: path,
    ...(description !== undefined && { description }),
    ...(author.length > 0 && { author: author.join(', ') }),
    tags: attackTags(rule['threat'], path),
    references: optionalStringArray(rule, 'references', path),
    falsepositives: optionalStringArray(rule, 'false_positives', path),
    ...(riskScore !== undefined && { riskScore }),
  };
  const query = requiredString(rule, 'query', path);
  try {
    const compiled = compileEqlQuery(query, meta, context, WINDOWS_EVENT_FIELDS);
    if (compiled.pipes.length > 0) throw unsupported('pipes (| head, | tail) have no meaning in a detection rule');
    if (compiled.kind === 'sequence') return { rules: [], skipped: [], temporal: [compiled.rule] };
    return { rules: [compiled.rule], skipped: [] };
  } catch (error) {
    if (!(error instanceof RuleProblem)) throw error;
    const reason = error.kind === 'unsupported' ? error.reason : `EQL syntax error: ${error.message}`;
    return { rules: [], skipped: [{ file: path, id, title, kind: error.kind, reason }] };
  }
}

type Table = Readonly<Record<string, unknown>>;

/** The rule cache keeps a file's [rule] table, the part rules are made of. */
const RULE_TABLE_FORMAT: Readonly<RuleFileFormat<Table>> = {
  // smol-toml and the choice of the [rule] table: a change to either needs a new id.
  id: 'elastic-toml-rule/1',
  nullPrototypeMaps: true,
  isParsed: isTable,
};

function readRuleTable(path: string, parsing: ParsedRuleFiles): Table {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw invalidFile(path, `cannot read: ${(error as Error).message}`);
  }
  return parsing.parsed(bytes, RULE_TABLE_FORMAT, (text) => parseRuleTable(text, path));
}

function parseRuleTable(text: string, path: string): Table {
  let document: Table;
  try {
    document = parse(text);
  } catch (error) {
    if (error instanceof TomlError) throw invalidFile(path, `invalid TOML: ${error.message.split('\n')[0]}`, error.line);
    throw error;
  }
  const rule = document['rule'];
  if (!isTable(rule)) throw invalidFile(path, 'no [rule] table');
  return rule;
}

/** MITRE ATT&CK threat entries as Sigma-style tags: attack.lateral_movement, attack.t1021, attack.t1021.002. */
function attackTags(threat: unknown, path: string): string[] {
  if (threat === undefined) return [];
  if (!Array.isArray(threat)) throw invalidFile(path, 'rule.threat must be an array of tables');
  const tags = new Set<string>();
  for (const entry of threat) {
    if (!isTable(entry)) throw invalidFile(path, 'rule.threat must be an array of tables');
    const tactic = entry['tactic'];
    if (isTable(tactic) && typeof tactic['name'] === 'string') {
      tags.add(`attack.${tactic['name'].toLowerCase().replace(/[^a-z0-9]+/g, '_')}`);
    }
    for (const technique of tableArray(entry['technique'])) {
      if (typeof technique['id'] === 'string') tags.add(`attack.${technique['id'].toLowerCase()}`);
      for (const subtechnique of tableArray(technique['subtechnique'])) {
        if (typeof subtechnique['id'] === 'string') tags.add(`attack.${subtechnique['id'].toLowerCase()}`);
      }
    }
  }
  return [...tags];
}

function tableArray(value: unknown): Table[] {
  return Array.isArray(value) ? value.filter(isTable) : [];
}

function isTable(value: unknown): value is Table {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function requiredString(table: Table, key: string, path: string): string {
  const value = optionalString(table, key, path);
  if (value === undefined) throw invalidFile(path, `rule.${key} is missing`);
  return value;
}

function optionalString(table: Table, key: string, path: string): string | undefined {
  const value = table[key];
  if (value === undefined || typeof value === 'string') return value;
  throw invalidFile(path, `rule.${key} must be a string`);
}

function optionalStringArray(table: Table, key: string, path: string): string[] {
  const value = table[key];
  if (value === undefined) return [];
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value;
  throw invalidFile(path, `rule.${key} must be an array of strings`);
}
