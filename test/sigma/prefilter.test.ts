/**
 * Rule prefilters: present only where the condition tree makes them necessary, and a rule set
 * that skips rules by them finds the same hits as running every rule.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FieldValue } from '../../src/events/types.js';
import { RuleSet } from '../../src/rules/ruleSet.js';
import type { SigmaRule } from '../../src/rules/sigma/index.js';
import { fakeEvent, matchesFields, ruleWithDetection } from './helpers.js';

/** The rule's prefilter clauses, each as field (`*`: every value) -> needles, or undefined. */
function prefilterOf(rule: SigmaRule): Record<string, string[]>[] | undefined {
  return (
    rule.prefilter &&
    rule.prefilter.clauses.map((clause) => Object.fromEntries(clause.map(({ field, needles }) => [field ?? '*', [...needles].sort()])))
  );
}

/** Asserts that the rule set (prefilter gate) and the rule alone agree on every event. */
function assertGateAgrees(rule: SigmaRule, events: readonly Record<string, FieldValue>[], expected: readonly boolean[]): void {
  const candidates = [rule];
  const ruleSet = new RuleSet(candidates);
  events.forEach((fields, i) => {
    assert.equal(matchesFields(rule, fields), expected[i], `rule alone, event ${i}`);
    assert.equal(ruleSet.matching(candidates, fakeEvent(fields)).length === 1, expected[i], `rule set, event ${i}`);
  });
}

const IMAGE_SELECTION = `
    selection:
        Image|endswith: ['\\Prefilter1.exe', '\\Prefilter2.exe']
        CommandLine|contains: ' /x'`;

test('an AND of two items keeps both, as two clauses', () => {
  const rule = ruleWithDetection(`${IMAGE_SELECTION}\n    condition: selection`);
  assert.deepEqual(prefilterOf(rule), [{ Image: ['\\prefilter1.exe', '\\prefilter2.exe'] }, { CommandLine: [' /x'] }]);
  assertGateAgrees(
    rule,
    [
      { Image: 'C:\\PREFILTER1.EXE', CommandLine: 'a /x' },
      { Image: 'C:\\prefilter2.exe', CommandLine: 'a' },
      { Image: 'C:\\other.exe', CommandLine: 'a /x' },
      { CommandLine: 'a /x' },
    ],
    [true, false, false, false],
  );
});

test('`not`: a negated selection gives no prefilter, an AND-ed positive one does', () => {
  const onlyNot = ruleWithDetection(`${IMAGE_SELECTION}\n    condition: not selection`);
  assert.equal(onlyNot.prefilter, undefined);
  assertGateAgrees(onlyNot, [{ Image: 'C:\\other.exe' }, { Image: 'C:\\prefilter1.exe', CommandLine: ' /x' }], [true, false]);

  const withFilter = ruleWithDetection(`${IMAGE_SELECTION}
    filter:
        ParentImage|endswith: '\\ParentFilter.exe'
    condition: selection and not filter`);
  assert.deepEqual(prefilterOf(withFilter), [{ Image: ['\\prefilter1.exe', '\\prefilter2.exe'] }, { CommandLine: [' /x'] }]);
  assertGateAgrees(
    withFilter,
    [
      { Image: 'C:\\prefilter1.exe', CommandLine: ' /x' },
      { Image: 'C:\\prefilter1.exe', CommandLine: ' /x', ParentImage: 'C:\\parentfilter.exe' },
    ],
    [true, false],
  );
});

test('`1 of` unites the selections, across fields; `all of` keeps each', () => {
  const selections = `
    selection_image:
        Image|endswith: '\\OneOfImage.exe'
    selection_cli:
        CommandLine|contains: 'one-of-cli'`;
  const oneOf = ruleWithDetection(`${selections}\n    condition: 1 of selection_*`);
  assert.deepEqual(prefilterOf(oneOf), [{ Image: ['\\oneofimage.exe'], CommandLine: ['one-of-cli'] }]);
  assertGateAgrees(
    oneOf,
    [{ Image: 'C:\\oneofimage.exe' }, { CommandLine: 'x ONE-OF-CLI' }, { Image: 'C:\\x.exe', CommandLine: 'one of cli' }],
    [true, true, false],
  );

  const allOf = ruleWithDetection(`${selections}\n    condition: all of selection_*`);
  assert.deepEqual(prefilterOf(allOf), [{ Image: ['\\oneofimage.exe'] }, { CommandLine: ['one-of-cli'] }]);
});

test('an OR of two selections on different fields keeps both fields', () => {
  const rule = ruleWithDetection(`
    selection_image:
        Image|endswith: '\\OrImage.exe'
    selection_parent:
        ParentImage|startswith: 'C:\\OrParent'
    condition: selection_image or selection_parent`);
  assert.deepEqual(prefilterOf(rule), [{ Image: ['\\orimage.exe'], ParentImage: ['c:\\orparent'] }]);
  assertGateAgrees(
    rule,
    [{ Image: 'D:\\orimage.exe' }, { ParentImage: 'c:\\ORPARENT\\x.exe' }, { ParentImage: 'D:\\c:\\orparent' }, {}],
    [true, true, false, false],
  );
});

test('an OR with a branch that has no prefilter gives none', () => {
  const rule = ruleWithDetection(`
    selection_image:
        Image|endswith: '\\OrImage.exe'
    selection_regex:
        CommandLine|re: 'or-regex'
    condition: selection_image or selection_regex`);
  assert.equal(rule.prefilter, undefined);
  assertGateAgrees(rule, [{ CommandLine: 'or-regex' }, { Image: 'x\\orimage.exe' }, { Image: 'x' }], [true, true, false]);
});

test('a null value (matches the absent field) gives no prefilter', () => {
  const rule = ruleWithDetection(`
    selection:
        OriginalFileName:
            - 'NullCase.exe'
            - null
    condition: selection`);
  assert.equal(rule.prefilter, undefined);
  assertGateAgrees(rule, [{}, { OriginalFileName: 'nullcase.exe' }, { OriginalFileName: 'other.exe' }], [true, true, false]);
});

test('keywords give needles of every value; neq and cased values give no prefilter', () => {
  const keywords = ruleWithDetection(`
    keywords:
        - 'keyword-needle'
    condition: keywords`);
  assert.deepEqual(prefilterOf(keywords), [{ '*': ['keyword-needle'] }]);
  assertGateAgrees(
    keywords,
    [{ CommandLine: 'a KEYWORD-NEEDLE b' }, { CommandLine: 'a' }, { Other: 'x', Image: ['y', 'é KEYWORD-NEEDLE'] }],
    [true, false, true],
  );

  const neq = ruleWithDetection(`
    selection:
        Image|neq: 'C:\\Neq.exe'
    condition: selection`);
  assert.equal(neq.prefilter, undefined);
  assertGateAgrees(neq, [{ Image: 'C:\\other.exe' }, { Image: 'c:\\neq.exe' }], [true, false]);

  const cased = ruleWithDetection(`
    selection:
        CommandLine|cased|contains: 'CasedNeedle'
    condition: selection`);
  assert.equal(cased.prefilter, undefined);
});

test('`|all` needs every value, so each is a clause', () => {
  const rule = ruleWithDetection(`
    selection:
        CommandLine|contains|all: ['all-short', 'all-longer-needle']
    condition: selection`);
  assert.deepEqual(prefilterOf(rule), [{ CommandLine: ['all-short'] }, { CommandLine: ['all-longer-needle'] }]);
  assertGateAgrees(rule, [{ CommandLine: 'all-short all-longer-needle' }, { CommandLine: 'all-longer-needle' }], [true, false]);
});

test('wildcards: the longest literal part; an equality and a number field still pass the gate', () => {
  const rule = ruleWithDetection(`
    selection:
        - CommandLine: 'wild*literal-part?x'
        - ParentProcessId: '4242'
    condition: selection`);
  assert.deepEqual(prefilterOf(rule), [{ CommandLine: ['literal-part'], ParentProcessId: ['4242'] }]);
  assertGateAgrees(
    rule,
    [{ CommandLine: 'WILD literal-part!x' }, { ParentProcessId: 4242 }, { ParentProcessId: ['1', '4242'] }, { ParentProcessId: 42 }],
    [true, true, true, false],
  );
});
