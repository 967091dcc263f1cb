import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tokenize } from '../../src/rules/eql/parse/lexer.js';
import { isInvalid } from '../ruleProblems.js';

function stringValue(source: string): string {
  const [token] = tokenize(source);
  assert.equal(token!.kind, 'string');
  return token!.text;
}

test('string escapes decode; raw strings keep backslashes', () => {
  assert.equal(stringValue('"a\\\\b"'), 'a\\b');
  assert.equal(stringValue('"say \\"hi\\""'), 'say "hi"');
  assert.equal(stringValue('"\\n\\r\\t"'), '\n\r\t');
  assert.equal(stringValue('"\\u{41}\\u{1F600}"'), 'A\u{1F600}');
  assert.equal(stringValue('"""C:\\Windows\\"x"""'), 'C:\\Windows\\"x');
  assert.equal(stringValue('"\\\\\\\\*\\\\*$*"'), '\\\\*\\*$*');
});

test('invalid escapes, unterminated strings and single quotes are syntax errors with positions', () => {
  assert.throws(
    () => tokenize('x : "a\\qb"'),
    (error: unknown) => {
      assert.ok(isInvalid(error));
      assert.deepEqual(error.position, { offset: 6, line: 1, column: 7 });
      return true;
    },
  );
  assert.throws(() => tokenize('x : "abc'), isInvalid);
  assert.throws(() => tokenize("x : 'abc'"), /single-quoted/);
  assert.throws(() => tokenize('x : "\\u{110000}"'), /\\u/);
  assert.throws(
    () => tokenize('x\n  : "a\nb"'),
    (error: unknown) => isInvalid(error) && error.position?.line === 2,
  );
});

test('comments are skipped; keywords, ~ forms, dotted names, numbers, symbols', () => {
  const tokens = tokenize('process where /* c */ process.pe.original_file_name in~ ("a") // end\n and startswith~(x, 1.5e2) != ?y');
  assert.deepEqual(
    tokens.map((token) => `${token.kind}:${token.text}`),
    [
      'identifier:process',
      'keyword:where',
      'identifier:process.pe.original_file_name',
      'keyword:in~',
      'symbol:(',
      'string:a',
      'symbol:)',
      'keyword:and',
      'functionName~:startswith',
      'symbol:(',
      'identifier:x',
      'symbol:,',
      'number:1.5e2',
      'symbol:)',
      'symbol:!=',
      'symbol:?',
      'identifier:y',
      'end:',
    ],
  );
  assert.throws(() => tokenize('x : "a" /* open'), /unterminated comment/);
});
