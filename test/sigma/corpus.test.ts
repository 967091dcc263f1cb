/**
 * The SigmaHQ corpus in ../shared: every process_creation rule loads, all rule folders load
 * with their skip reasons counted, and the regression events fire their rules.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { CompiledRule, SkippedRule } from '../../src/rules/types.js';
import { loadSigmaFile } from '../../src/rules/sigma/index.js';
import { sharedDir } from './helpers.js';
import { regressionCases, type RegressionCase } from './regressionData.js';

const shared = sharedDir();
const SIGMA = shared === undefined ? undefined : join(shared, 'corpus/sigma');
const skipReason = SIGMA === undefined ? 'reference corpus ../shared is absent' : false;
if (SIGMA === undefined) console.warn('SKIPPING Sigma corpus tests: ../shared/corpus/sigma not found');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.yml'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

function loadAll(files: readonly string[]): { rules: CompiledRule[]; skipped: SkippedRule[] } {
  const rules: CompiledRule[] = [];
  const skipped: SkippedRule[] = [];
  for (const file of files) {
    const loaded = loadSigmaFile(file);
    rules.push(...loaded.rules);
    skipped.push(...loaded.skipped);
  }
  return { rules, skipped };
}

test('every rule in rules/windows/process_creation loads', { skip: skipReason }, () => {
  const files = yamlFiles(join(SIGMA as string, 'rules/windows/process_creation'));
  const started = performance.now();
  const { rules, skipped } = loadAll(files);
  const elapsed = performance.now() - started;
  console.log(`process_creation: ${files.length} files, ${rules.length} rules loaded, ${skipped.length} skipped, ${elapsed.toFixed(0)} ms`);
  assert.deepEqual(
    skipped.map((rule) => `${rule.file}: ${rule.reason}`),
    [],
  );
  assert.ok(rules.length >= 1180, `${rules.length} rules loaded`);
  assert.ok(rules.every((rule) => rule.meta.source === 'sigma'));
});

test('all rule folders: loaded and skipped counts by reason', { skip: skipReason }, () => {
  const folders = readdirSync(SIGMA as string).filter((name) => name.startsWith('rules'));
  const files = folders.flatMap((folder) => yamlFiles(join(SIGMA as string, folder)));
  const started = performance.now();
  const { rules, skipped } = loadAll(files);
  const elapsed = performance.now() - started;
  const byReason = new Map<string, number>();
  for (const rule of skipped) {
    // Group reasons that differ only in a product or placeholder name.
    const reason = rule.reason.replace(/product \S+/, 'product <name>').replace(/^[^:]*: placeholder %[^%]+%/, 'placeholder %<name>%');
    byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
  }
  console.log(`${folders.join(', ')}: ${files.length} files, ${rules.length} loaded, ${skipped.length} skipped, ${elapsed.toFixed(0)} ms`);
  for (const [reason, count] of [...byReason].sort((a, b) => b[1] - a[1])) console.log(`  ${count}  ${reason}`);
  assert.equal(rules.length + skipped.length, files.length, 'every file holds one rule here');
  const unexpected = skipped.filter(
    (rule) => !/^logsource product \S+ is not in Windows event logs$|placeholder %[^%]+% has no configured values/.test(rule.reason),
  );
  assert.deepEqual(
    unexpected.map((rule) => `${rule.file}: ${rule.reason}`),
    [],
  );
});

test('regression data: each case fires its rule at least match_count times', { skip: skipReason }, () => {
  const cases = regressionCases(SIGMA as string);
  assert.ok(cases.length >= 100, `${cases.length} regression cases`);
  const failures: string[] = [];
  for (const regression of cases) {
    const matched = matchCount(regression);
    if (matched < regression.matchCount) failures.push(`${regression.ruleFile}: ${matched} < ${regression.matchCount}`);
  }
  console.log(`regression data: ${cases.length - failures.length}/${cases.length} cases pass`);
  assert.deepEqual(failures, []);
});

function matchCount(regression: RegressionCase): number {
  const { rules, skipped } = loadSigmaFile(regression.ruleFile);
  assert.deepEqual(skipped, [], regression.ruleFile);
  const rule = rules.find((candidate) => candidate.meta.id === regression.ruleId);
  assert.ok(rule !== undefined, `rule ${regression.ruleId} in ${regression.ruleFile}`);
  return regression.events.filter((event) => rule.appliesTo(event) && rule.matches(event)).length;
}
