import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import { REPO_ROOT } from '../support/sharedData.js';

/*
 * `npm run check:deps` runs .dependency-cruiser.cjs over the real src/. This test runs the same
 * configuration over scratch trees, so a change of parser, tool version or rules that stops it from
 * seeing a kind of violation (type-only imports above all) fails here instead of passing silently.
 */

const scratchRoot = mkdtempSync(join(tmpdir(), 'hunt-depcruise-'));
after(() => rmSync(scratchRoot, { recursive: true, force: true }));

/** One module per layer, each importing the layers to its left at runtime and as types. */
const LAYERED_TREE: Readonly<Record<string, string>> = {
  'src/evtx/reader.ts': `export interface Rec { id: number }\nexport const readAll = (): Rec[] => [];`,
  'src/evtx/index.ts': `export { readAll } from './reader.js';\nexport type { Rec } from './reader.js';`,
  'src/events/normalize.ts': `import { readAll, type Rec } from '../evtx/index.js';\nexport type Ev = Rec;\nexport const events = (): Ev[] => readAll();`,
  'src/rules/match.ts': `import type { Ev } from '../events/normalize.js';\nexport const matches = (event: Ev): boolean => event.id > 0;`,
  'src/hunt/run.ts': `import { events } from '../events/normalize.js';\nimport { matches } from '../rules/match.js';\nexport const run = (): number => events().filter(matches).length;`,
  'src/output/print.ts': `import type { Rec } from '../evtx/index.js';\nimport { run } from '../hunt/run.js';\nexport const print = (): string => String(run());\nexport type Row = Rec;`,
  'src/cli/main.ts': `import { print } from '../output/print.js';\nimport type { Row } from '../output/print.js';\nexport const main = (): string => print();\nexport type MainRow = Row;`,
  'dev/writer.ts': `export const writeEvtx = (): Uint8Array => new Uint8Array(0);`,
  'test/support/data.ts': `export const ROOT = '/';`,
};

/** Each planted violation and what the check must report for it, as `rule: from -> to` lines. */
const PLANTED: ReadonlyArray<{ readonly files: Readonly<Record<string, string>>; readonly reported: readonly string[] }> = [
  {
    files: {
      'src/output/runtimeA.ts': `import { b } from './runtimeB.js';\nexport const a = (): number => b() + 1;`,
      'src/output/runtimeB.ts': `import { a } from './runtimeA.js';\nexport const b = (): number => a() - 1;`,
    },
    reported: ['no-cycle: src/output/runtimeA.ts -> src/output/runtimeB.ts -> src/output/runtimeA.ts'],
  },
  {
    files: {
      'src/rules/typeA.ts': `import type { B } from './typeB.js';\nexport interface A { next?: B }`,
      'src/rules/typeB.ts': `import { type C } from './typeC.js';\nexport interface B { next?: C }`,
      'src/rules/typeC.ts': `export type { A as C } from './typeA.js';`,
    },
    reported: ['no-cycle: src/rules/typeA.ts -> src/rules/typeB.ts -> src/rules/typeC.ts -> src/rules/typeA.ts'],
  },
  {
    files: { 'src/evtx/upward.ts': `import { events } from '../events/normalize.js';\nexport const upward = events;` },
    reported: ['no-upward-import-from-evtx: src/evtx/upward.ts -> src/events/normalize.ts'],
  },
  {
    files: { 'src/evtx/upwardType.ts': `import type { Ev } from '../events/normalize.js';\nexport type Upward = Ev;` },
    reported: ['no-upward-import-from-evtx: src/evtx/upwardType.ts -> src/events/normalize.ts'],
  },
  {
    files: { 'src/rules/upwardHunt.ts': `export { run } from '../hunt/run.js';` },
    reported: ['no-upward-import-from-rules: src/rules/upwardHunt.ts -> src/hunt/run.ts'],
  },
  {
    files: { 'src/hunt/upwardDynamic.ts': `export const load = async (): Promise<unknown> => import('../output/print.js');` },
    reported: ['no-upward-import-from-hunt: src/hunt/upwardDynamic.ts -> src/output/print.ts'],
  },
  {
    files: { 'src/output/cliImport.ts': `import type { MainRow } from '../cli/main.js';\nexport type Printed = MainRow;` },
    reported: [
      'no-upward-import-from-output: src/output/cliImport.ts -> src/cli/main.ts',
      'no-src-import-of-cli: src/output/cliImport.ts -> src/cli/main.ts',
    ],
  },
  {
    files: { 'src/events/devImport.ts': `import { writeEvtx } from '../../dev/writer.js';\nexport const write = writeEvtx;` },
    reported: ['no-src-import-of-dev-code: src/events/devImport.ts -> dev/writer.ts'],
  },
  {
    files: { 'src/cli/testImport.ts': `import { ROOT } from '../../test/support/data.js';\nexport const root = ROOT;` },
    reported: ['no-src-import-of-dev-code: src/cli/testImport.ts -> test/support/data.ts'],
  },
  {
    files: { 'src/helpers.ts': `import type { Rec } from './evtx/index.js';\nexport type Helper = Rec;` },
    reported: ['no-src-outside-layers: src/helpers.ts -> src/evtx/index.ts'],
  },
  {
    files: { 'src/output/missing.ts': `import type { Gone } from './gone.js';\nexport type Missing = Gone;` },
    reported: ['no-unresolvable-import: src/output/missing.ts -> ./gone.js'],
  },
];

function writeTree(name: string, files: Readonly<Record<string, string>>): string {
  const root = join(scratchRoot, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), `${text}\n`);
  }
  return root;
}

/** The violations the project's configuration reports for src/ under `root`, as `rule: from -> to` lines. */
async function reportedViolations(root: string): Promise<string[]> {
  const options = await extractDepcruiseOptions(join(REPO_ROOT, '.dependency-cruiser.cjs'));
  const { output } = await cruise(['src'], { ...options, baseDir: root });
  const violations = (output as ICruiseResult).summary.violations;
  return violations
    .map((violation) => {
      const path = violation.cycle ? [violation.from, ...violation.cycle.map((step) => step.name)] : [violation.from, violation.to];
      return `${violation.rule.name}: ${path.join(' -> ')}`;
    })
    .sort();
}

test('the dependency rules accept a tree that only imports leftwards', async () => {
  assert.deepEqual(await reportedViolations(writeTree('layered', LAYERED_TREE)), []);
});

test('the dependency rules report each planted violation, type-only imports included', async () => {
  const planted = Object.assign({}, LAYERED_TREE, ...PLANTED.map((violation) => violation.files));
  const expected = PLANTED.flatMap((violation) => violation.reported).sort();
  assert.deepEqual(await reportedViolations(writeTree('planted', planted)), expected);
});

test('src/ has no inline import() types, which the dependency check cannot see', () => {
  const srcDirectory = join(REPO_ROOT, 'src');
  const inlineImportType = /(?:\btypeof\s+import\(|\bimport\(\s*['"][^'"]+['"]\s*\)\s*\.(?!then\b|catch\b|finally\b)[\w$])/;
  const offenders = readdirSync(srcDirectory, { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.ts'))
    .flatMap((path) =>
      readFileSync(join(srcDirectory, path), 'utf8')
        .split('\n')
        .flatMap((line, index) => (inlineImportType.test(line) ? [`src/${path}:${index + 1}: ${line.trim()}`] : [])),
    );
  assert.deepEqual(offenders, [], 'write `import type { X } from ...` instead');
});
