/** Plain values: equality, wildcards and escapes, null and empty, numbers, case. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matchesFields, selectionRule } from './helpers.js';

test('plain values match the whole field, case-insensitively', () => {
  const rule = selectionRule('Image', String.raw`'C:\Windows\System32\cmd.exe'`);
  assert.equal(matchesFields(rule, { Image: String.raw`C:\WINDOWS\system32\CMD.EXE` }), true);
  assert.equal(matchesFields(rule, { Image: String.raw`C:\Windows\System32\cmd.exe2` }), false);
  assert.equal(matchesFields(rule, { Image: String.raw`D:\C:\Windows\System32\cmd.exe` }), false);
  assert.equal(matchesFields(rule, {}), false);
});

test('a list of values is OR-linked; keys of a map are AND-linked', () => {
  const rule = selectionRule('OriginalFileName', `['net.exe', 'net1.exe']`);
  assert.equal(matchesFields(rule, { OriginalFileName: 'NET1.EXE' }), true);
  assert.equal(matchesFields(rule, { OriginalFileName: 'net2.exe' }), false);
  const both = selectionRule(
    'Image|endswith',
    String.raw`'\net.exe'
        CommandLine|contains: 'share'`,
  );
  assert.equal(matchesFields(both, { Image: String.raw`C:\net.exe`, CommandLine: 'net share' }), true);
  assert.equal(matchesFields(both, { Image: String.raw`C:\net.exe`, CommandLine: 'net use' }), false);
});

test('* and ? are wildcards anywhere in a value', () => {
  const star = selectionRule('Image', `'a*c*e'`);
  assert.equal(matchesFields(star, { Image: 'abcde' }), true);
  assert.equal(matchesFields(star, { Image: 'ace' }), true);
  assert.equal(matchesFields(star, { Image: 'acd' }), false);
  assert.equal(matchesFields(star, { Image: 'xace' }), false);
  const overlapping = selectionRule('Image', `'ab*ba'`);
  assert.equal(matchesFields(overlapping, { Image: 'aba' }), false);
  assert.equal(matchesFields(overlapping, { Image: 'abba' }), true);
  const one = selectionRule('Image', `'a?c'`);
  assert.equal(matchesFields(one, { Image: 'ABC' }), true);
  assert.equal(matchesFields(one, { Image: 'ac' }), false);
  assert.equal(matchesFields(one, { Image: 'abbc' }), false);
  const any = selectionRule('Image', `'*'`);
  assert.equal(matchesFields(any, { Image: '' }), true);
  assert.equal(matchesFields(any, {}), false);
});

test('backslash escapes: \\* \\? are literal, \\\\* is a backslash then a wildcard', () => {
  const literalStar = selectionRule('Image', String.raw`'abc\*'`);
  assert.equal(matchesFields(literalStar, { Image: 'abc*' }), true);
  assert.equal(matchesFields(literalStar, { Image: 'abcd' }), false);
  const backslashThenWildcard = selectionRule('Image', String.raw`'abc\\*'`);
  assert.equal(matchesFields(backslashThenWildcard, { Image: String.raw`abc\def` }), true);
  assert.equal(matchesFields(backslashThenWildcard, { Image: String.raw`abc\\` }), true);
  assert.equal(matchesFields(backslashThenWildcard, { Image: 'abcdef' }), false);
  const literalQuestion = selectionRule('Image', String.raw`'abc\?'`);
  assert.equal(matchesFields(literalQuestion, { Image: 'abc?' }), true);
  assert.equal(matchesFields(literalQuestion, { Image: 'abcd' }), false);
  const threeBackslashes = selectionRule('Image', String.raw`'a\\\*'`);
  assert.equal(matchesFields(threeBackslashes, { Image: String.raw`a\*` }), true);
  assert.equal(matchesFields(threeBackslashes, { Image: String.raw`a\x` }), false);
});

test('a backslash before another character or at the end is a plain backslash', () => {
  const trailing = selectionRule('Image', String.raw`'C:\Temp\'`);
  assert.equal(matchesFields(trailing, { Image: 'C:\\Temp\\' }), true);
  assert.equal(matchesFields(trailing, { Image: 'C:\\Temp' }), false);
  const doubled = selectionRule('Image', String.raw`'C:\\Windows'`);
  assert.equal(matchesFields(doubled, { Image: String.raw`C:\Windows` }), true);
  assert.equal(matchesFields(doubled, { Image: String.raw`C:\\Windows` }), false);
});

test('null means the field is absent; an empty string is a different thing', () => {
  const nullRule = selectionRule('ParentUser', 'null');
  assert.equal(matchesFields(nullRule, {}), true);
  assert.equal(matchesFields(nullRule, { ParentUser: '' }), false);
  assert.equal(matchesFields(nullRule, { ParentUser: 'SYSTEM' }), false);
  const empty = selectionRule('ParentUser', `''`);
  assert.equal(matchesFields(empty, { ParentUser: '' }), true);
  assert.equal(matchesFields(empty, {}), false);
  assert.equal(matchesFields(empty, { ParentUser: 'x' }), false);
  const either = selectionRule('ParentUser', `[null, '']`);
  assert.equal(matchesFields(either, {}), true);
  assert.equal(matchesFields(either, { ParentUser: '' }), true);
  assert.equal(matchesFields(either, { ParentUser: 'x' }), false);
});

test('numbers match their string form both ways, as written', () => {
  const number = selectionRule('EventID', '4688');
  assert.equal(matchesFields(number, { EventID: 4688 }), true);
  assert.equal(matchesFields(number, { EventID: '4688' }), true);
  assert.equal(matchesFields(number, { EventID: 46880 }), false);
  const quoted = selectionRule('EventID', `'4688'`);
  assert.equal(matchesFields(quoted, { EventID: 4688 }), true);
  const hex = selectionRule('Status', '0xC000006A');
  assert.equal(matchesFields(hex, { Status: '0xc000006a' }), true);
  assert.equal(matchesFields(hex, { Status: 0xc000006a }), true);
  const version = selectionRule('FileVersion', '1.10');
  assert.equal(matchesFields(version, { FileVersion: '1.10' }), true);
  assert.equal(matchesFields(version, { FileVersion: '1.1' }), true);
});

test('booleans match their string form', () => {
  const rule = selectionRule('Signed', 'true');
  assert.equal(matchesFields(rule, { Signed: 'True' }), true);
  assert.equal(matchesFields(rule, { Signed: true }), true);
  assert.equal(matchesFields(rule, { Signed: false }), false);
});

test('multi-valued fields match when any element does', () => {
  const rule = selectionRule('Args|contains', `'-enc'`);
  assert.equal(matchesFields(rule, { Args: ['powershell.exe', '-Enc', 'AAAA'] }), true);
  assert.equal(matchesFields(rule, { Args: ['powershell.exe', '-NoProfile'] }), false);
});
