/** Conditions: operators, precedence, `x of` selectors, keyword selections, errors. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matchesFields, ruleWithDetection } from './helpers.js';
import { isInvalid, isUnsupported } from '../ruleProblems.js';

/** Identifiers a, b, c, _d: each matches when the field of its name is 'y'. */
function ruleWithCondition(condition: string): ReturnType<typeof ruleWithDetection> {
  const identifiers = ['a', 'b', 'c', 'sel_1', 'sel_2', 'sel_3', '_d'].map((name) => `    ${name}:\n        ${name}: 'y'`).join('\n');
  return ruleWithDetection(`${identifiers}\n    condition: ${condition}`);
}

/** Fields set to 'y' for the listed identifiers. */
function withTrue(...names: string[]): Record<string, string> {
  return Object.fromEntries(names.map((name) => [name, 'y']));
}

test('precedence: a or b and not c == a or (b and (not c))', () => {
  const rule = ruleWithCondition('a or b and not c');
  assert.equal(matchesFields(rule, withTrue('a', 'c')), true);
  assert.equal(matchesFields(rule, withTrue('b')), true);
  assert.equal(matchesFields(rule, withTrue('b', 'c')), false);
  assert.equal(matchesFields(rule, withTrue('c')), false);
});

test('parentheses override precedence', () => {
  const rule = ruleWithCondition('(a or b) and not c');
  assert.equal(matchesFields(rule, withTrue('a', 'c')), false);
  assert.equal(matchesFields(rule, withTrue('a')), true);
  const nested = ruleWithCondition('not (a and (b or c))');
  assert.equal(matchesFields(nested, withTrue('a', 'c')), false);
  assert.equal(matchesFields(nested, withTrue('a')), true);
});

test('not binds looser than x of: not 1 of sel_*', () => {
  const rule = ruleWithCondition('a and not 1 of sel_*');
  assert.equal(matchesFields(rule, withTrue('a')), true);
  assert.equal(matchesFields(rule, withTrue('a', 'sel_2')), false);
});

test('1 of / all of / N of a pattern', () => {
  const one = ruleWithCondition('1 of sel_*');
  assert.equal(matchesFields(one, withTrue('sel_3')), true);
  assert.equal(matchesFields(one, withTrue('a')), false);
  const all = ruleWithCondition('all of sel_*');
  assert.equal(matchesFields(all, withTrue('sel_1', 'sel_2')), false);
  assert.equal(matchesFields(all, withTrue('sel_1', 'sel_2', 'sel_3')), true);
  const two = ruleWithCondition('2 of sel_*');
  assert.equal(matchesFields(two, withTrue('sel_1')), false);
  assert.equal(matchesFields(two, withTrue('sel_1', 'sel_3')), true);
  const any = ruleWithCondition('any of sel_*');
  assert.equal(matchesFields(any, withTrue('sel_2')), true);
});

test('them excludes identifiers starting with an underscore', () => {
  const all = ruleWithCondition('all of them');
  assert.equal(matchesFields(all, withTrue('a', 'b', 'c', 'sel_1', 'sel_2', 'sel_3')), true, '_d not needed');
  const one = ruleWithCondition('1 of them');
  assert.equal(matchesFields(one, withTrue('_d')), false);
  assert.equal(matchesFields(one, withTrue('c')), true);
  const explicit = ruleWithCondition('1 of _*');
  assert.equal(matchesFields(explicit, withTrue('_d')), true, 'a pattern may name them');
});

test('a list of conditions is OR-linked', () => {
  const rule = ruleWithDetection(`    a:\n        a: 'y'\n    b:\n        b: 'y'\n    condition:\n        - a\n        - b`);
  assert.equal(matchesFields(rule, withTrue('b')), true);
  assert.equal(matchesFields(rule, {}), false);
});

test('operators are case-insensitive keywords', () => {
  const rule = ruleWithCondition('a AND NOT b');
  assert.equal(matchesFields(rule, withTrue('a')), true);
  assert.equal(matchesFields(rule, withTrue('a', 'b')), false);
});

test('an undefined identifier is a syntax error naming it', () => {
  assert.throws(
    () => ruleWithCondition('a and missing_one'),
    (error: unknown) => isInvalid(error) && error.message.includes("'missing_one'"),
  );
  assert.throws(() => ruleWithCondition('1 of filter_*'), isInvalid);
});

test('malformed conditions are syntax errors', () => {
  for (const condition of ['a and', '(a or b', 'a b', 'not', 'a or )', 'sel_* and a', 'x of sel_*']) {
    assert.throws(() => ruleWithCondition(condition), isInvalid, condition);
  }
});

test('v1 aggregations are unsupported', () => {
  assert.throws(() => ruleWithCondition('a | count() by b > 3'), isUnsupported);
});

test('list of maps is OR, keys of each map AND', () => {
  const rule = ruleWithDetection(String.raw`    selection:
        - Image|endswith: '\net.exe'
          CommandLine|contains: 'share'
        - OriginalFileName: 'net.exe'
    condition: selection`);
  assert.equal(matchesFields(rule, { Image: 'C:\\net.exe', CommandLine: 'net share' }), true);
  assert.equal(matchesFields(rule, { Image: 'C:\\net.exe', CommandLine: 'net use' }), false);
  assert.equal(matchesFields(rule, { OriginalFileName: 'NET.EXE' }), true);
});

test('keyword lists search every value of the event, anywhere in it', () => {
  const rule = ruleWithDetection(`    keywords:\n        - 'event::clear'\n        - 'eo.oe.kiwi'\n    condition: keywords`);
  assert.equal(matchesFields(rule, { CommandLine: 'mimikatz EVENT::Clear exit', Image: 'x' }), true);
  assert.equal(matchesFields(rule, { Other: 'xx eo.oe.kiwi yy' }), true);
  assert.equal(matchesFields(rule, { CommandLine: 'event: clear' }), false);
});

test("keyword maps: '|all' requires every keyword somewhere in the event", () => {
  const rule = ruleWithDetection(
    `    keywords:\n        '|all':\n            - 'OabVirtualDirectory'\n            - ' -ExternalUrl '\n    condition: keywords`,
  );
  assert.equal(matchesFields(rule, { Payload: 'Set-OabVirtualDirectory -ExternalUrl http://x' }), true);
  assert.equal(matchesFields(rule, { A: 'Set-OabVirtualDirectory', B: 'x -externalurl y' }), true);
  assert.equal(matchesFields(rule, { Payload: 'Set-OabVirtualDirectory -InternalUrl http://x' }), false);
});

test('a keyword selection combines with field selections', () => {
  const rule = ruleWithDetection(
    `    selection:\n        EventID: 4104\n    keywords:\n        - 'AMSI'\n    condition: selection and keywords`,
  );
  assert.equal(matchesFields(rule, { EventID: 4104, ScriptBlockText: 'bypass amsi' }), true);
  assert.equal(matchesFields(rule, { EventID: 4103, ScriptBlockText: 'bypass amsi' }), false);
});

test('numeric keywords match as text', () => {
  const rule = ruleWithDetection(`    keywords:\n        - 4625\n    condition: keywords`);
  assert.equal(matchesFields(rule, { Message: 'event 4625 logged' }), true);
  assert.equal(matchesFields(rule, { EventID: 4624 }), false);
});
