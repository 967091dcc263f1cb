import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileQuery, ecsEvent, holds } from './helpers.js';
import { isInvalid, isUnsupported } from '../ruleProblems.js';

test(': is case-insensitive equality, with * and ? wildcards', () => {
  assert.ok(holds('process.name : "NET.exe"', { 'process.name': 'net.EXE' }));
  assert.ok(!holds('process.name : "net.exe"', { 'process.name': 'net1.exe' }));
  assert.ok(holds('process.name : "net?.exe"', { 'process.name': 'NET1.exe' }));
  assert.ok(!holds('process.name : "net?.exe"', { 'process.name': 'net.exe' }));
  assert.ok(holds('process.name : ("a", "*.EXE")', { 'process.name': 'x.exe' }));
  assert.ok(holds('process.name : "*"', { 'process.name': '' }));
  assert.ok(holds('process.name : "a*b*c"', { 'process.name': 'aXbYc' }));
  assert.ok(!holds('process.name : "a*b*c"', { 'process.name': 'aXbYcd' }));
  assert.ok(holds('process.command_line : "*line*two*"', { 'process.command_line': 'one\nline\ntwo' }));
});

test('the backslash is always literal in wildcard patterns', () => {
  // "\\\\*\\*$*" decodes to \\*\*$*: two backslashes, anything, a backslash, anything, $, anything.
  const hiddenShare = 'process.args : "\\\\\\\\*\\\\*$*"';
  assert.ok(holds(hiddenShare, { 'process.args': ['\\\\host\\C$'] }));
  assert.ok(holds(hiddenShare, { 'process.args': ['\\\\host\\share\\sub$dir'] }));
  assert.ok(!holds(hiddenShare, { 'process.args': ['\\\\host\\share'] }));
  assert.ok(!holds(hiddenShare, { 'process.args': ['\\host\\C$'] }));
  // \* is not an escaped star: the pattern a\*b needs a backslash and matches anything after it.
  assert.ok(holds('x : "a\\\\*b"', { x: 'a\\zzb' }));
  assert.ok(!holds('x : "a\\\\*b"', { x: 'a*b' }));
  assert.ok(holds('x : """a\\?"""', { x: 'a\\z' }));
});

test('== and != are case-sensitive, no wildcards; != holds when no element equals', () => {
  assert.ok(holds('x == "Net.exe"', { x: 'Net.exe' }));
  assert.ok(!holds('x == "net.exe"', { x: 'Net.exe' }));
  assert.ok(!holds('x == "n*"', { x: 'net.exe' }));
  assert.ok(holds('x != "net.exe"', { x: 'Net.exe' }));
  assert.ok(holds('args == "b"', { args: ['a', 'b'] }));
  assert.ok(!holds('args != "b"', { args: ['a', 'b'] }));
  assert.ok(holds('args != "c"', { args: ['a', 'b'] }));
  assert.ok(holds('"Net.exe" == x', { x: 'Net.exe' }));
});

test('numbers and booleans compare with their string and numeric forms', () => {
  assert.ok(holds('pid == 4', { pid: '4' }));
  assert.ok(holds('pid == "4"', { pid: 4 }));
  assert.ok(holds('pid : 4', { pid: 4 }));
  assert.ok(holds('flag == true', { flag: true }));
  assert.ok(holds('flag', { flag: true }));
  assert.ok(!holds('flag', { flag: false }));
  assert.ok(holds('x == 1.5', { x: 1.5 }));
});

test('< <= > >= compare numbers numerically and strings by code unit', () => {
  assert.ok(holds('n > 9', { n: '10' }));
  assert.ok(!holds('n < 9', { n: '10' }));
  assert.ok(holds('n >= 10 and n <= 10', { n: 10 }));
  assert.ok(holds('3 < n', { n: 4 }));
  assert.ok(!holds('3 < n', { n: 2 }));
  assert.ok(holds('s < "b"', { s: 'a' }));
  assert.ok(!holds('s < "B"', { s: 'a' }));
  assert.ok(!holds('s > 1', { s: 'abc' }));
  assert.throws(() => compileQuery('any where x < null'), isInvalid);
});

test('in is case-sensitive, in~ is not; not in holds when no element is in the list', () => {
  assert.ok(holds('x in ("a", "B")', { x: 'B' }));
  assert.ok(!holds('x in ("a", "B")', { x: 'b' }));
  assert.ok(holds('x in~ ("a", "B")', { x: 'b' }));
  assert.ok(!holds('x in ("a*")', { x: 'abc' }));
  assert.ok(holds('x in (1, 2)', { x: '2' }));
  assert.ok(holds('x not in ("a", "b")', { x: 'c' }));
  assert.ok(!holds('args not in ("a")', { args: ['z', 'a'] }));
  assert.ok(holds('x in (y, "q")', { x: 'v', y: 'v' }));
  assert.ok(holds('x in (null, "q")', {}));
});

test('like is a case-sensitive wildcard, like~ is not', () => {
  assert.ok(holds('x like "C:\\\\Windows\\\\*.exe"', { x: 'C:\\Windows\\a.exe' }));
  assert.ok(!holds('x like "C:\\\\Windows\\\\*.exe"', { x: 'c:\\windows\\a.exe' }));
  assert.ok(holds('x like~ "C:\\\\Windows\\\\*.exe"', { x: 'c:\\windows\\a.EXE' }));
  assert.ok(holds('x like ("q", "?:\\\\*")', { x: 'D:\\x' }));
});

test('regex is Lucene syntax on the whole value; regex~ ignores case', () => {
  assert.ok(holds('x regex """[a-z]+\\.exe"""', { x: 'abc.exe' }));
  assert.ok(!holds('x regex """[a-z]+\\.exe"""', { x: 'abc.exe.bak' }));
  assert.ok(!holds('x regex """[a-z]+\\.exe"""', { x: 'ABC.exe' }));
  assert.ok(holds('x regex~ """[a-z]+\\.exe"""', { x: 'ABC.EXE' }));
  assert.ok(holds('x regex ("nope", ".*\\\\d+")', { x: 'abc42' }));
  assert.throws(() => compileQuery('any where x regex "(a"'), isInvalid);
  assert.throws(() => compileQuery('any where x regex "a&b"'), isUnsupported);
});

test('absent fields: positive predicates false, not and != true, == null tests absence', () => {
  for (const predicate of ['x : "a"', 'x == "a"', 'x in ("a")', 'x like "*"', 'x regex ".*"', 'x > 1', 'x : "*"']) {
    assert.ok(!holds(predicate, {}), predicate);
    assert.ok(holds(`not ${predicate}`, {}), `not ${predicate}`);
  }
  assert.ok(holds('x != "a"', {}));
  assert.ok(holds('x not in ("a")', {}));
  assert.ok(holds('x == null', {}));
  assert.ok(!holds('x == null', { x: '' }));
  assert.ok(holds('x != null', { x: '' }));
  assert.ok(holds('null == x', { x: [] }));
});

test('?field is accepted and behaves like a field that may be missing', () => {
  assert.ok(holds('?x.y == "a"', { 'x.y': 'a' }));
  assert.ok(!holds('?x.y == "a"', {}));
  assert.ok(holds('not ?x.y == "a"', {}));
});

test('and, or, not, parentheses', () => {
  const fields = { a: '1', b: '2' };
  assert.ok(holds('a == "1" and b == "2"', fields));
  assert.ok(!holds('a == "1" and b == "3"', fields));
  assert.ok(holds('a == "0" or b == "2"', fields));
  assert.ok(!holds('not (a == "1" or b == "3")', fields));
  assert.ok(holds('not a == "0" and (b == "3" or b == "2")', fields));
});

test('arithmetic in comparisons', () => {
  assert.ok(holds('length(a) - (length(b) + 1) == 2', { a: 'abcd', b: 'x' }));
  assert.ok(holds('7 / 2 == 3 and 7 % 4 == 3 and 1.5 * 2 == 3 and -n == -2', { n: 2 }));
  assert.ok(!holds('1 / 0 == 0', {}));
});

test('the event category selects events by ECS category; any selects all', () => {
  const processRule = compileQuery('process where true');
  const fileRule = compileQuery('file where true');
  const anyRule = compileQuery('any where true');
  const processEvent = ecsEvent({}, ['process']);
  assert.ok(processRule.appliesTo(processEvent) && processRule.matches(processEvent));
  assert.ok(!fileRule.appliesTo(processEvent));
  assert.ok(anyRule.appliesTo(ecsEvent({}, [])));
});

test('a literal written with a fraction is a double: division by it is not integer division', () => {
  assert.ok(holds('divide(30, 4.0) == 7.5', {}));
  assert.ok(!holds('divide(30, 4.0) == 7', {}));
  assert.ok(holds('divide(30, 4) == 7', {}), 'longs divide as integers');
  assert.ok(holds('66.0 / n == 1', { n: 66 }));
  assert.ok(!holds('66.0 / n == 1', { n: 40 }), '66 / 40 is 1 only as integers');
  assert.ok(holds('66 / n == 1', { n: 40 }));
  assert.ok(holds('n / 2.0 == 41.5', { n: 83 }));
  assert.ok(holds('-(n / 2.0) == -41.5', { n: 83 }));
});

test('number(s, null) reads base 10', () => {
  assert.ok(holds('number(s, null) == 42', { s: '42' }));
  assert.ok(holds('number(s, 16) == 66', { s: '42' }));
});

test('@timestamp compares as a date, with ISO text or epoch milliseconds', () => {
  const at = { '@timestamp': '2017-08-30T20:47:33.0000000Z' };
  assert.ok(holds('@timestamp == "2017-08-30T20:47:33Z"', at));
  assert.ok(holds('@timestamp == "2017-08-30T20:47:33.000Z"', at));
  assert.ok(holds('@timestamp < "2017-08-30T20:47:33.001Z"', at));
  assert.ok(!holds('@timestamp > "2017-08-30T20:47:33Z"', at));
  assert.ok(holds('"2017-08-31" > @timestamp', at));
  assert.ok(holds('@timestamp == 1504126053000', at));
  assert.ok(holds('@timestamp != 1504126053001', at));
  assert.throws(() => compileQuery('any where @timestamp == "yesterday"'), isInvalid);
});

test('a comparison on a missing field is null as a value; as a condition it is still false', () => {
  assert.ok(holds('null == (exit_code > -1)', {}));
  assert.ok(holds('null == (-1 < exit_code)', {}));
  assert.ok(!holds('null == (exit_code > -1)', { exit_code: 0 }));
  assert.ok(!holds('exit_code > -1', {}));
  assert.ok(holds('not (exit_code > -1)', {}), 'not of a missing field holds, as Elastic’s query translation does');
});
