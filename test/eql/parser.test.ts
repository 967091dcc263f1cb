import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Expression } from '../../src/rules/eql/parse/ast.js';
import { parseEventQuery } from '../../src/rules/eql/parse/parser.js';
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

test('sequences, joins, samples and pipes are unsupported', () => {
  assert.throws(
    () => parseEventQuery('sequence by host.id [process where true] [file where true]'),
    (error: unknown) => isUnsupported(error) && error.message === 'sequence queries are not supported yet',
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
