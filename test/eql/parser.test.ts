import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Expression } from '../../src/rules/eql/parse/ast.js';
import { parseEventQuery, parseQuery } from '../../src/rules/eql/parse/parser.js';
import { isInvalid, isUnsupported } from '../ruleProblems.js';

/** A compact rendering of the tree, to check precedence. */
function render(expression: Expression): string {
  switch (expression.kind) {
    case 'literal':
      return JSON.stringify(expression.value);
    case 'field':
      return `${expression.optional ? '?' : ''}${expression.name}`;
    case 'call':
      return `${expression.name}${expression.caseInsensitive ? '~' : ''}(${expression.args.map(render).join(', ')})`;
    case 'negate':
      return `-${render(expression.operand)}`;
    case 'not':
      return `not(${render(expression.operand)})`;
    case 'arithmetic':
    case 'compare':
    case 'logical':
      return `(${render(expression.left)} ${expression.operator} ${render(expression.right)})`;
    case 'predicate':
      return `(${render(expression.subject)} ${expression.negated ? 'not ' : ''}${expression.operator} [${expression.values.map(render).join(', ')}])`;
  }
}

function parsed(condition: string): string {
  return render(parseEventQuery(`any where ${condition}`).condition);
}

test('precedence: or < and < not < comparison < arithmetic', () => {
  assert.equal(parsed('a == 1 or b == 2 and not c == 3'), '((a == 1) or ((b == 2) and not((c == 3))))');
  assert.equal(parsed('not a : "x" and b'), '(not((a : ["x"])) and b)');
  assert.equal(parsed('length(a) - (length(b) + 1) * 2 > 0'), '((length(a) - ((length(b) + 1) * 2)) > 0)');
  assert.equal(parsed('-x < -1'), '(-x < -1)');
});

test('predicates: lists, not in, ~ forms, optional fields, functions', () => {
  assert.equal(parsed('?process.pe.original_file_name : ("a", "b*")'), '(?process.pe.original_file_name : ["a", "b*"])');
  assert.equal(parsed('x not in ("a", 1, null)'), '(x not in ["a", 1, null])');
  assert.equal(parsed('x in~ (y, concat("a", "b"))'), '(x in~ [y, concat("a", "b")])');
  assert.equal(parsed('x like~ "a*" and y regex """.*"""'), '((x like~ ["a*"]) and (y regex [".*"]))');
  assert.equal(parsed('startsWith~(a, "b")'), 'startswith~(a, "b")');
  assert.equal(parsed('string(source.ip) like "10.*"'), '(string(source.ip) like ["10.*"])');
});

test('event category', () => {
  assert.equal(parseEventQuery('process where true').category, 'process');
  assert.equal(parseEventQuery('any where true').category, 'any');
  assert.equal(parseEventQuery('registry where true').category, 'registry');
});

test('a single-event parse refuses sequences and pipes; joins, samples are unsupported', () => {
  assert.throws(
    () => parseEventQuery('sequence by host.id [process where true] [file where true]'),
    (error: unknown) => isUnsupported(error) && error.message === 'sequence queries are not single-event queries',
  );
  assert.throws(() => parseEventQuery('sequence with maxspan=1m [process where true] [file where true]'), isUnsupported);
  assert.throws(() => parseEventQuery('join [process where true] [file where true]'), isUnsupported);
  assert.throws(() => parseEventQuery('process where true | head 5'), isUnsupported);
  assert.throws(() => parseEventQuery('process where process.args[0] : "a"'), isUnsupported);
});

test('syntax errors carry the position', () => {
  const cases: [string, number][] = [
    ['process where x = "a"', 16],
    ['process where (x : "a"', 22],
    ['process where x : y', 18],
    ['process x : "a"', 8],
    ['process where x : "a" y', 22],
  ];
  for (const [query, offset] of cases) {
    assert.throws(
      () => parseEventQuery(query),
      (error: unknown) => {
        assert.ok(isInvalid(error), query);
        assert.equal(error.position?.offset, offset, query);
        return true;
      },
    );
  }
});

test('sequences: by keys, maxspan units, per-step keys, runs, missing events, until, pipes', () => {
  const parsed = parseQuery(
    'sequence by host.id, user.name with maxspan=1m [process where true] by process.entity_id with runs=3 ![file where true] by process.entity_id [network where true] by ?process.entity_id until [process where false] by process.entity_id | head 4 | tail 2',
  );
  assert.equal(parsed.kind, 'sequence');
  if (parsed.kind !== 'sequence') return;
  const { sequence, pipes } = parsed;
  assert.deepEqual(
    sequence.keys.map((key) => key.kind === 'field' && key.name),
    ['host.id', 'user.name'],
  );
  assert.equal(sequence.maxspanMs, 60_000);
  assert.deepEqual(
    sequence.steps.map((step) => [step.query.category, step.runs, step.missing, step.keys.length]),
    [
      ['process', 3, false, 1],
      ['file', 1, true, 1],
      ['network', 1, false, 1],
    ],
  );
  assert.equal(sequence.until?.query.category, 'process');
  assert.deepEqual(pipes, [
    { kind: 'head', count: 4 },
    { kind: 'tail', count: 2 },
  ]);
  const spans: [string, number][] = [
    ['500ms', 500],
    ['10s', 10_000],
    ['2h', 7_200_000],
    ['1d', 86_400_000],
  ];
  for (const [span, ms] of spans) {
    const query = parseQuery(`sequence with maxspan=${span} [process where true] [file where true]`);
    assert.equal(query.kind === 'sequence' && query.sequence.maxspanMs, ms, span);
  }
  assert.deepEqual(parseQuery('file where true | tail 3').pipes, [{ kind: 'tail', count: 3 }]);
});

test('sequence syntax errors', () => {
  for (const query of [
    'sequence [process where true]',
    'sequence with maxspan=5 [process where true] [file where true]',
    'sequence with maxspan=5 s [process where true] [file where true]',
    'sequence with maxspan=5y [process where true] [file where true]',
    'sequence [process where true] with runs=0 [file where true]',
    'sequence [process where true] [file where true] until ![file where true]',
    'sequence [process where true] [file where true] | head x',
  ]) {
    assert.throws(() => parseQuery(query), isInvalid, query);
  }
  assert.throws(() => parseQuery('process where true | unique process.name'), isUnsupported);
});
