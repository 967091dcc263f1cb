import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileLuceneRegex } from '../../src/rules/match/luceneRegex.js';
import { isInvalid, isUnsupported } from '../ruleProblems.js';

function matches(pattern: string, value: string, caseInsensitive = false): boolean {
  return compileLuceneRegex(pattern, caseInsensitive).test(value);
}

test('anchored on the whole value; ^ and $ are ordinary characters', () => {
  assert.ok(matches('abc', 'abc'));
  assert.ok(!matches('b', 'abc'));
  assert.ok(matches('a^b$', 'a^b$'));
  assert.ok(matches('.*', 'multi\nline'));
});

test('backslash makes any character literal; \\d \\s \\w are ASCII classes', () => {
  assert.ok(matches('C:\\\\Program Files( \\(x86\\))?\\\\.*', 'C:\\Program Files (x86)\\x'));
  assert.ok(matches('\\b\\n', 'bn'));
  assert.ok(matches('\\d{2}\\s\\w+', '42 ab_9'));
  assert.ok(!matches('\\d', '\u0663'));
  assert.ok(matches('\\D\\S\\W', 'a!-'));
  assert.ok(matches('[\\-\\_\\.a-z]+', '-_.q'));
  assert.ok(matches('[\\d]+', '123'));
});

test('quoted literal strings, classes, repetition, alternation, empty group', () => {
  assert.ok(matches('"a.b"+', 'a.ba.b'));
  assert.ok(!matches('"a.b"', 'axb'));
  assert.ok(matches('[^a-c]x', 'dx'));
  assert.ok(matches('(ab|cd){2,3}', 'abcdab'));
  assert.ok(matches('a()b', 'ab'));
  assert.ok(matches('a*?', ''));
  assert.ok(matches('.*[ʰ-˿]+.*', 'xʰy'));
  assert.ok(matches('[A-Z]:\\\\:.+', 'c:\\:x', true));
});

test('malformed patterns and optional operators', () => {
  for (const pattern of ['(a', 'a)', '[a', '[]', '*a', 'a{2,1}', 'a|', '"abc', 'a\\', '[z-a]']) {
    assert.throws(() => compileLuceneRegex(pattern, false), isInvalid, pattern);
  }
  for (const pattern of ['a@', '#', 'a&b', '~a', '<1-5>']) {
    assert.throws(() => compileLuceneRegex(pattern, false), isUnsupported, pattern);
  }
});
