import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { load } from 'js-yaml';
import { sharedMissing, SHARED_DIR as SHARED } from '../support/sharedData.js';
import { hunt, jsonLines } from './cli.js';

interface RegressionCase {
  ruleId: string;
  title: string;
  evtx: string;
  matchCount: number;
  category: string;
}

interface InfoYml {
  rule_metadata: Array<{ id: string; title: string }>;
  regression_tests_info: Array<{ type: string; match_count?: number; path: string }>;
}

function findInfoFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return findInfoFiles(full);
    return name === 'info.yml' ? [full] : [];
  });
}

function regressionCases(): RegressionCase[] {
  const root = join(SHARED, 'corpus/sigma');
  return findInfoFiles(join(root, 'regression_data')).flatMap((infoPath) => {
    const info = load(readFileSync(infoPath, 'utf8')) as InfoYml;
    const rule = info.rule_metadata[0]!;
    // regression_data/rules/windows/<...>/<category>/<case>/info.yml
    const category = relative(join(root, 'regression_data/rules/windows'), infoPath).split('/').slice(-3)[0]!;
    return info.regression_tests_info
      .filter((t) => t.type === 'evtx')
      .map((t) => ({ ruleId: rule.id, title: rule.title, evtx: join(root, t.path), matchCount: t.match_count ?? 1, category }));
  });
}

interface HitLine {
  rule: { id: string };
  file: string;
  /** Other cases' files holding the same event: the hit is reported once, for all of them. */
  also_in?: string[];
}

test('SigmaHQ regression suite: every case in every category triggers its rule', { skip: sharedMissing() }, () => {
  const cases = regressionCases();
  const sigma = join(SHARED, 'corpus/sigma');
  const run = hunt(
    [
      '--format',
      'jsonl',
      '-r',
      join(sigma, 'rules'),
      '-r',
      join(sigma, 'rules-emerging-threats'),
      '-r',
      join(sigma, 'rules-threat-hunting'),
      join(sigma, 'regression_data'),
    ],
    600_000,
  );
  assert.equal(run.status, 0, run.stderr.slice(-2000));
  const counts = new Map<string, number>();
  for (const hit of jsonLines<HitLine>(run.stdout)) {
    for (const file of [hit.file, ...(hit.also_in ?? [])]) {
      const key = `${file}\u0000${hit.rule.id}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  const byCategory = new Map<string, { passed: number; failed: string[] }>();
  for (const c of cases) {
    const tally = byCategory.get(c.category) ?? { passed: 0, failed: [] };
    byCategory.set(c.category, tally);
    const found = counts.get(`${c.evtx}\u0000${c.ruleId}`) ?? 0;
    if (found >= c.matchCount) tally.passed++;
    else tally.failed.push(`${c.title} (${c.ruleId}): ${found} of ${c.matchCount} matches`);
  }
  const report = [...byCategory].sort().map(([category, t]) => `${category}: ${t.passed}/${t.passed + t.failed.length}`);
  console.log(`SigmaHQ regression cases by category (passed/total):\n  ${report.join('\n  ')}`);
  for (const [category, t] of byCategory) if (t.failed.length > 0) console.log(`  failing ${category}:\n    ${t.failed.join('\n    ')}`);
  assert.ok((byCategory.get('process_creation')?.passed ?? 0) > 0, 'no process_creation cases found');
  assert.ok(byCategory.size >= 10, `only ${byCategory.size} categories found`);
  assert.deepEqual(
    [...byCategory].flatMap(([category, t]) => t.failed.map((failure) => `${category}: ${failure}`)),
    [],
  );
});
