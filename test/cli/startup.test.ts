/**
 * The built CLI (bundled by scripts/bundle.mjs when esbuild is installed): --version reads
 * package.json itself (yargs cannot find it from a bundle), and --help needs none of what a hunt runs.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '../support/sharedData.js';
import { hunt } from '../e2e/cli.js';

test('hunt --version prints the version in package.json', () => {
  const { version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
  const result = hunt(['--version']);
  assert.equal(result.status, 0);
  assert.equal(result.stdout.trim(), version);
});

test('hunt --help lists --no-cache and exits 0', () => {
  const result = hunt(['--help']);
  assert.equal(result.status, 0);
  assert.match(result.stdout, /--cache\b/);
  assert.match(result.stdout, /--no-cache/);
});
