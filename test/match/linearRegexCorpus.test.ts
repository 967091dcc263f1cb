/**
 * Equivalence on real rules: every regex of the SigmaHQ and Elastic Windows rules in ../shared,
 * run by the linear-time matcher and by JavaScript's RegExp on its JavaScript translation, over
 * every event data value of the shared attack corpus and over texts generated from each pattern's
 * own characters (so that matches, not only misses, are compared).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'smol-toml';
import { readEvtxFile } from '../../src/evtx/index.js';
import { tokenize } from '../../src/rules/eql/parse/lexer.js';
import { compileLinearRegex } from '../../src/rules/match/linearRegex.js';
import { luceneRegexToJavaScript } from '../../src/rules/match/luceneRegex.js';
import { sigmaRegexToJavaScript } from '../../src/rules/match/pcreRegex.js';
import { parseDetection, type DetectionNode } from '../../src/rules/sigma/model/detection.js';
import type { SigmaValue } from '../../src/rules/sigma/model/values.js';
import { parseRuleDocuments } from '../../src/rules/sigma/index.js';
import { SHARED_DIR, sharedMissing } from '../support/sharedData.js';

interface RuleRegex {
  readonly file: string;
  readonly source: string;
  readonly flags: string;
}

function files(dir: string, extension: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(extension))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

function sigmaRegexes(file: string): RuleRegex[] {
  const found: RuleRegex[] = [];
  const visitValue = (value: SigmaValue): void => {
    if (value.kind === 'regex') found.push({ file, ...sigmaRegexToJavaScript(value.pattern, value.flags) });
    if (value.kind === 'expansion') value.values.forEach(visitValue);
  };
  const visit = (node: DetectionNode): void => {
    if (node.kind === 'item') node.item.values.forEach(visitValue);
    else node.children.forEach(visit);
  };
  for (const document of parseRuleDocuments(readFileSync(file, 'utf8'), file)) {
    const detection = (document as { detection?: Record<string, unknown> }).detection;
    for (const [name, definition] of Object.entries(detection ?? {})) {
      if (name === 'condition' || name === 'timeframe') continue;
      try {
        visit(parseDetection(definition, {}));
      } catch {
        // Rules the engine refuses (placeholders, unsupported modifiers) are not loaded either.
      }
    }
  }
  return found;
}

function eqlRegexes(file: string): RuleRegex[] {
  const rule = (parse(readFileSync(file, 'utf8')) as { rule?: { query?: string; language?: string } }).rule;
  if (rule?.language !== 'eql' || rule.query === undefined) return [];
  const tokens = tokenize(rule.query);
  const found: RuleRegex[] = [];
  tokens.forEach((token, index) => {
    if (token.kind !== 'keyword' || !token.text.startsWith('regex')) return;
    for (let next = index + 1; next < tokens.length; next++) {
      const { kind, text } = tokens[next]!;
      if (kind === 'string') found.push({ file, ...luceneRegexToJavaScript(text, token.text === 'regex~') });
      else if (!(kind === 'symbol' && (text === '(' || text === ','))) break;
    }
  });
  return found;
}

function corpusValues(): string[] {
  const values = new Set<string>();
  for (const file of files(join(SHARED_DIR, 'corpus/evtx-attack-samples'), '.evtx')) {
    for (const record of readEvtxFile(file, {})) {
      for (const value of Object.values(record.eventData())) for (const text of [value].flat()) values.add(text);
    }
  }
  return [...values];
}

/** Texts over the pattern's own characters, its case variants and a few line terminators and spaces. */
function generatedTexts(source: string, count: number): string[] {
  const alphabet = [...new Set([...source.replace(/\\[dswDSWbBnrtvfux]|[\\^$()|?*+{}[\]]/g, '')])];
  alphabet.push(...alphabet.map((char) => char.toUpperCase()), ' ', '\t', '\r', '\n', '\u00a0', '\u212a', '0', '9', 'x', '.exe', '\\');
  let state = source.length * 7919 + 17;
  const next = (limit: number): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % limit;
  };
  const texts: string[] = [];
  for (let index = 0; index < count; index++) {
    let text = '';
    const length = next(48);
    for (let position = 0; position < length; position++) text += alphabet[next(alphabet.length)];
    texts.push(text);
  }
  return texts;
}

test('every SigmaHQ and Elastic Windows rule regex matches as RegExp does on the attack corpus', { skip: sharedMissing() }, () => {
  const regexes = [
    ...files(join(SHARED_DIR, 'corpus/sigma/rules/windows'), '.yml').flatMap(sigmaRegexes),
    ...files(join(SHARED_DIR, 'corpus/elastic-detection-rules/rules/windows'), '.toml').flatMap(eqlRegexes),
  ];
  const unique = new Map(regexes.map((regex) => [`/${regex.source}/${regex.flags}`, regex]));
  const values = corpusValues();
  let comparisons = 0;
  let matches = 0;
  for (const { file, source, flags } of unique.values()) {
    const linear = compileLinearRegex(source, flags);
    const reference = new RegExp(source, flags);
    for (const text of [...values, ...generatedTexts(source, 300)]) {
      const expected = reference.test(text);
      if (linear.test(text) !== expected)
        assert.fail(`${file}: /${source}/${flags} on ${JSON.stringify(text.slice(0, 200))}: RegExp says ${expected}`);
      comparisons++;
      if (expected) matches++;
    }
  }
  console.log(
    `${unique.size} distinct regexes of ${regexes.length}, ${values.length} corpus values, ${comparisons} comparisons, ${matches} matches`,
  );
  assert.ok(unique.size >= 100, `${unique.size} regexes`);
  assert.ok(matches > 1000, `${matches} matches compared`);
});
