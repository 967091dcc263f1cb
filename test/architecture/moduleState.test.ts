import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '../support/sharedData.js';

/*
 * No module-level mutable state in src/: state belongs to an object whose owner bounds its size and
 * lifetime. The rule, checked on each module's top-level declarations and each class's static fields:
 *
 * 1. No top-level `let` or `var`, and no static field that is not `readonly`.
 * 2. A top-level `const` (or `static readonly` field) holding an object built at load (a Map, Set,
 *    WeakMap, WeakSet, array or object literal, `Array.from(...)`, `Object.fromEntries(...)`, ...) is
 *    declared with a read-only type: `ReadonlyMap`, `ReadonlySet`, `readonly T[]`, `ReadonlyArray`,
 *    `Readonly<...>`, or `as const`, or is wrapped in `Object.freeze(...)`.
 * 3. An object built at load that has no read-only type (typed arrays, Buffers, ArrayBuffers, DataViews,
 *    `new` of any other class) carries the marker comment `// frozen after load` on its line or the line
 *    above: a promise that it is filled while the module loads and never written afterwards.
 *
 * Top-level code is recognised by layout: a declaration starting in column 0 is top level (prettier
 * keeps it so), and it extends to the next line that starts in its column with anything but a closing
 * bracket. Other initializers are not checked: primitives, functions, calls of other functions and
 * regexes (`String.prototype.replace` resets a global regex's `lastIndex`, so it keeps no state).
 */

const FROZEN_MARKER = '// frozen after load';

/** Containers whose read-only type exists: they must be declared with it. */
const CONTAINER_INITIALIZER =
  /^(?:new\s+(?:Map|Set|WeakMap|WeakSet|Array)\b|\[|\{|Array\.(?:from|of)\b|Object\.(?:fromEntries|assign|create)\b)/;
/** Objects with no read-only type: they need the marker. */
const NO_READONLY_TYPE_INITIALIZER = /^(?:new\s+[A-Z$_][\w$]*|(?:Buffer|[A-Z]\w*Array)\.(?:alloc\w*|concat|from|of)\b)/;
const READONLY_TYPE = /^(?:Readonly(?:Map|Set|Array)?\s*<|readonly\s)/;

const TOP_LEVEL_DECLARATION = /^(?:export\s+)?(?:declare\s+)?(const|let|var)\s+([\w$]+|[{[])/;
const STATIC_FIELD =
  /^(\s+)(?:(?:public|private|protected|declare|override)\s+)*static\s+((?:readonly\s+)?)(?:(?:public|private|protected|declare|override)\s+)*(#?[\w$]+)\s*[?!]?\s*(?=[:=;])/;

interface StateFinding {
  readonly line: number;
  readonly name: string;
  readonly problem: string;
}

/** The declaration starting at `start`: its lines up to the next one starting in its column (closing brackets aside). */
function declarationText(lines: readonly string[], start: number, indent: number): string {
  let end = start + 1;
  while (end < lines.length) {
    const line = lines[end]!;
    const lineIndent = line.length - line.trimStart().length;
    if (line.trim() !== '' && lineIndent <= indent && !/^[}\])]/.test(line.trimStart())) break;
    end++;
  }
  return lines.slice(start, end).join('\n').trimEnd();
}

/** Splits `name: Type = initializer` at the `=` that starts the initializer (not `=>`, `==`, `<=`, ...). */
function splitDeclaration(afterName: string): { type: string; initializer: string } | undefined {
  const match = /(?<![=!<>])=(?![=>])/.exec(afterName);
  if (match === null) return undefined;
  const head = afterName.slice(0, match.index).trim();
  return { type: head.startsWith(':') ? head.slice(1).trim() : '', initializer: afterName.slice(match.index + 1).trim() };
}

function containerProblem(type: string, initializer: string, marked: boolean): string | undefined {
  const value = initializer.replace(/;$/, '').trim();
  if (CONTAINER_INITIALIZER.test(value)) {
    if (READONLY_TYPE.test(type) || /\bas\s+const$/.test(value) || value.startsWith('Object.freeze(')) return undefined;
    return 'container without a read-only type';
  }
  if (NO_READONLY_TYPE_INITIALIZER.test(value)) {
    if (READONLY_TYPE.test(type) || marked) return undefined;
    return `object built at load with neither a read-only type nor '${FROZEN_MARKER}'`;
  }
  return undefined;
}

/** The module-level mutable state that one source file declares, by the rule above. */
function findModuleState(source: string): StateFinding[] {
  const lines = source.split('\n');
  const findings: StateFinding[] = [];
  lines.forEach((line, index) => {
    const marked = line.includes(FROZEN_MARKER) || (index > 0 && lines[index - 1]!.includes(FROZEN_MARKER));
    const topLevel = TOP_LEVEL_DECLARATION.exec(line);
    if (topLevel !== null) {
      const [declaration, kind, name] = topLevel;
      if (kind !== 'const') {
        findings.push({ line: index + 1, name: name!, problem: `top-level ${kind}` });
        return;
      }
      const parts = splitDeclaration(declarationText(lines, index, 0).slice(declaration.length));
      const problem = parts && containerProblem(parts.type, parts.initializer, marked);
      if (problem !== undefined) findings.push({ line: index + 1, name: name!, problem });
      return;
    }
    const staticField = STATIC_FIELD.exec(line);
    if (staticField !== null) {
      const [field, indent, readonly, name] = staticField;
      if (readonly === '') {
        findings.push({ line: index + 1, name: name!, problem: 'static field that is not readonly' });
        return;
      }
      const parts = splitDeclaration(declarationText(lines, index, indent!.length).slice(field.length));
      const problem = parts && containerProblem(parts.type, parts.initializer, marked);
      if (problem !== undefined) findings.push({ line: index + 1, name: name!, problem: `static ${problem}` });
    }
  });
  return findings;
}

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.ts'))
    .map((path) => join(directory, path))
    .sort();
}

/** Sources and the names the rule flags in them. */
const RULE_EXAMPLES: ReadonlyArray<readonly [source: string, flagged: readonly string[]]> = [
  [
    `let count = 0;
export var total = 1;
function f(): void {
  let local = 0;
}`,
    ['count', 'total'],
  ],
  [
    `const cache = new Map<string, number>();
const NAMES = new Set([
  'a',
]);
const KINDS: ReadonlySet<string> = new Set(['a']);
const BY_NAME: ReadonlyMap<string, (x: number) => void> = new Map();`,
    ['cache', 'NAMES'],
  ],
  [
    `const LIST = [
  1,
];
const TABLE = {
  a: 1,
};
const DONE = [
  1,
] as const;
const SIZES: readonly number[] = [1, 2];
const BY_KEY: Readonly<Record<string, string>> = { a: 'b' };`,
    ['LIST', 'TABLE'],
  ],
  [
    `const WIDTHS = new Uint8Array(128);
// frozen after load
const MASKS = new Uint8Array(128);
const MAGIC = Buffer.from('ElfFile');
const DECODER = new TextDecoder(); // frozen after load`,
    ['WIDTHS', 'MAGIC'],
  ],
  [
    `class A {
  static count = 0;
  static readonly CUT = [0, 2];
  static readonly MAX = 4;
  static parse(): A {
    return new A();
  }
}`,
    ['count', 'CUT'],
  ],
  [`const LIMIT = 4;\nconst pattern = /a/g;\nconst render = (x: number): string => String(x);`, []],
];

test('the state rule flags mutable module-level declarations and accepts read-only ones', () => {
  for (const [source, flagged] of RULE_EXAMPLES) {
    assert.deepEqual(
      findModuleState(source).map((finding) => finding.name),
      flagged,
      source,
    );
  }
});

test('src/ has no module-level mutable state', () => {
  const srcDirectory = join(REPO_ROOT, 'src');
  const findings = sourceFiles(srcDirectory).flatMap((file) =>
    findModuleState(readFileSync(file, 'utf8')).map(
      (finding) => `src/${file.slice(srcDirectory.length + 1)}:${finding.line}  ${finding.name}: ${finding.problem}`,
    ),
  );
  if (findings.length > 0) {
    assert.fail(
      `${findings.length} module-level mutable declarations in src/ (the rule is at the top of this test):\n${findings.join('\n')}`,
    );
  }
});
