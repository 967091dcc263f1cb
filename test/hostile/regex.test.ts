/**
 * Crafted values against regexes from real rules, which take a backtracking engine seconds to
 * hours (21 s for the first two with RegExp): each runs the compiled rule in a child process
 * with a timeout, so a regression fails the test instead of hanging the suite, and must finish
 * far below what backtracking would take.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';

/** Far above what the linear engine needs (milliseconds), far below what backtracking takes. */
const BOUND_MS = 10_000;
const CHILD_TIMEOUT_MS = 120_000;

const SIGMA_HELPERS = new URL('../sigma/helpers.js', import.meta.url).href;
const LUCENE = new URL('../../src/rules/match/luceneRegex.js', import.meta.url).href;

interface Outcome {
  readonly matched: boolean;
  readonly ms: number;
}

/** Runs `body` (an ES module body that sets `matched`) in a child and returns what it found and how long it took. */
function runInChild(body: string): Outcome {
  const script = `${body}\nconst started = performance.now();\nconst matched = run();\nconsole.log(JSON.stringify({ matched, ms: performance.now() - started }));`;
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], { timeout: CHILD_TIMEOUT_MS, encoding: 'utf8' });
  return JSON.parse(output) as Outcome;
}

/** A Sigma process_creation rule `CommandLine|<modifiers>: '<pattern>'` against a crafted command line. */
function sigmaCase(key: string, pattern: string, value: string): Outcome {
  return runInChild(`
import { selectionRule, matchesFields } from ${JSON.stringify(SIGMA_HELPERS)};
const rule = selectionRule(${JSON.stringify(key)}, ${JSON.stringify(`'${pattern}'`)});
const value = ${value};
function run() { return matchesFields(rule, { CommandLine: value }); }`);
}

function assertFast(outcome: Outcome, matched: boolean): void {
  assert.equal(outcome.matched, matched);
  assert.ok(outcome.ms < BOUND_MS, `took ${outcome.ms.toFixed(0)} ms`);
}

test('1 MB of a PowerShell command line against \\+.*\\+... (proc_creation_win_powershell_cmdline_special_characters)', () => {
  const pattern = Array(14).fill('\\+').join('.*');
  assertFast(sigmaCase('CommandLine|re', pattern, `'+'.repeat(13) + 'a'.repeat(1 << 20)`), false);
  assertFast(sigmaCase('CommandLine|re', pattern, `'+'.repeat(14) + 'a'.repeat(1 << 20)`), true);
});

test('128 KB against \\w+`(?:\\w+|-|.)`[\\w+|\\s] (proc_creation_win_powershell_token_obfuscation)', () => {
  assertFast(sigmaCase('CommandLine|re', '\\w+`(?:\\w+|-|.)`[\\w+|\\s]', `'a'.repeat(128 << 10) + '\`'`), false);
});

test("a rule author's ^(a+)+$ on 41+ characters, case-sensitive and case-insensitive", () => {
  assertFast(sigmaCase('CommandLine|re', '^(a+)+$', `'a'.repeat(41) + 'b'`), false);
  assertFast(sigmaCase('CommandLine|re', '^(a+)+$', `'a'.repeat(4096) + 'b'`), false);
  assertFast(sigmaCase('CommandLine|re', '^(a+)+$', `'a'.repeat(41)`), true);
  assertFast(sigmaCase('CommandLine|re|i', '^(a+)+$', `'A'.repeat(41) + 'b'`), false);
  assertFast(sigmaCase('CommandLine|re', '(?i)^(\\w+\\s?)+$', `'Ab '.repeat(40) + '!'`), false);
});

test('an EQL regex~ with nested repetition on 41+ characters', () => {
  const outcome = runInChild(`
import { compileLuceneRegex } from ${JSON.stringify(LUCENE)};
const regex = compileLuceneRegex('(a+)+', true);
function run() { return regex.test('A'.repeat(41) + 'b'); }`);
  assertFast(outcome, false);
});
