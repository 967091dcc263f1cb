/** A MatchContext shares per-field state within one load, and nothing across loads. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MatchContext } from '../../src/rules/match/matchContext.js';
import { ruleWithDetection } from '../sigma/helpers.js';

test('one index and memo per view and field, none shared between contexts', () => {
  const context = new MatchContext();
  assert.equal(context.needleIndex('sigma', 'Image'), context.needleIndex('sigma', 'Image'));
  assert.equal(context.lowerCase('sigma', 'Image'), context.lowerCase('sigma', 'Image'));
  assert.notEqual(context.needleIndex('sigma', 'Image'), context.needleIndex('ecs', 'Image'));
  assert.notEqual(context.needleIndex('sigma', 'Image'), new MatchContext().needleIndex('sigma', 'Image'));
  assert.equal(context.lowerCase('ecs', 'process.name')('CMD.EXE'), 'cmd.exe');
});

test('rules compiled with a context register their needles there, and only there', () => {
  const context = new MatchContext();
  const detection = `
    selection:
        CommandLine|contains: 'NeedleOfThisTest'
    condition: selection`;
  const rule = ruleWithDetection(detection, { context });
  const index = context.needleIndex('sigma', 'CommandLine');
  assert.equal(rule.prefilter?.clauses[0]?.[0]?.index, index);
  assert.equal(index.occurring('x needleofthistest'), 1);
  assert.equal(index.occurringIds[0], 0);
  const elsewhere = ruleWithDetection(detection);
  assert.notEqual(elsewhere.prefilter?.clauses[0]?.[0]?.index, index);
});
