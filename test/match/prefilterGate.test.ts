/**
 * The prefilter gate: a rule is admitted when every clause of its prefilter holds (needles in the
 * lower-cased text of a field, of any field of a clause, or of any value for keywords), whichever
 * clause the gate waits on; rule sets hand a rule only to the EventIDs it can match.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DetectableEvent, FieldValue, LogSourceFacts } from '../../src/events/types.js';
import { compileEql } from '../../src/rules/eql/index.js';
import { MatchContext } from '../../src/rules/match/matchContext.js';
import { all, either, eventIdIn, EVERY_VALUE, needlesIn, prefilterOf, type RulePrefilter } from '../../src/rules/match/prefilter.js';
import { GateScratch, PrefilterGate } from '../../src/rules/match/prefilterGate.js';
import { RuleSet } from '../../src/rules/ruleSet.js';
import type { CompiledRule, RuleMeta } from '../../src/rules/types.js';
import { FakeFields, fakeEvent, ruleWithDetection } from '../sigma/helpers.js';

function event(fields: Readonly<Record<string, FieldValue>>): DetectableEvent {
  return fakeEvent(fields);
}

/** Which of the prefilters admit the event, by position. */
function admitted(gate: PrefilterGate, fields: Readonly<Record<string, FieldValue>>): number[] {
  return [...gate.admittedPositions(event(fields))];
}

test('a clause holds when any of its fields has one of its needles, in the lower-cased text', () => {
  const context = new MatchContext();
  const prefilter = prefilterOf(
    either([needlesIn('Image', ['\\tool.exe']), needlesIn('OriginalFileName', ['tool.exe'])]),
    'sigma',
    context,
  );
  const gate = new PrefilterGate([prefilter]);
  assert.deepEqual(admitted(gate, { Image: 'C:\\TOOL.EXE' }), [0]);
  assert.deepEqual(admitted(gate, { OriginalFileName: 'Tool.exe' }), [0]);
  assert.deepEqual(admitted(gate, { Image: 'C:\\other.exe', OriginalFileName: 'other.exe' }), []);
  assert.deepEqual(admitted(gate, { CommandLine: 'tool.exe' }), [], 'a field the clause does not name');
  assert.deepEqual(admitted(gate, { Image: ['C:\\x.exe', 'D:\\Tool.exe'] }), [0], 'an element of a multi-valued field');
  assert.deepEqual(admitted(gate, { Image: 42 }), []);
});

test('non-ASCII texts are lower-cased as rules lower-case them', () => {
  const context = new MatchContext();
  const prefilter = prefilterOf(needlesIn('CommandLine', ['straße', 'ǆ', 'i̇x', 'k']), 'sigma', context);
  const gate = new PrefilterGate([prefilter]);
  assert.deepEqual(admitted(gate, { CommandLine: 'STRAßE' }), [0]);
  assert.deepEqual(admitted(gate, { CommandLine: 'Ǆ' }), [0]);
  assert.deepEqual(admitted(gate, { CommandLine: 'İX' }), [0], 'İ lower-cases to i and a combining dot');
  assert.deepEqual(admitted(gate, { CommandLine: '\u212a' }), [0], 'the Kelvin sign lower-cases to k');
  assert.deepEqual(admitted(gate, { CommandLine: 'strasse' }), []);
});

test('every clause must hold, whichever one the gate waits on', () => {
  const context = new MatchContext();
  const prefilter = prefilterOf(all([needlesIn('Image', ['\\cmd.exe']), needlesIn('CommandLine', ['/c whoami'])]), 'sigma', context);
  const gate = new PrefilterGate([prefilter]);
  // Many events with the first clause only, so the counts make the second one the trigger.
  for (let i = 0; i < 3000; i++) {
    assert.deepEqual(admitted(gate, { Image: 'C:\\Windows\\cmd.exe', CommandLine: `cmd /c dir ${i}` }), [], `event ${i}`);
  }
  assert.deepEqual(admitted(gate, { Image: 'C:\\Windows\\cmd.exe', CommandLine: 'cmd /c WHOAMI' }), [0]);
  assert.deepEqual(admitted(gate, { Image: 'C:\\Windows\\notepad.exe', CommandLine: 'cmd /c whoami' }), []);
});

test('rules without a prefilter are always admitted; positions come back ascending', () => {
  const context = new MatchContext();
  const a = prefilterOf(needlesIn('Image', ['a.exe']), 'sigma', context);
  const b = prefilterOf(needlesIn('CommandLine', ['needle']), 'sigma', context);
  const positions = Array.from({ length: 70 }, (_, i) => (i % 3 === 0 ? a : i % 3 === 1 ? b : undefined));
  const gate = new PrefilterGate(positions);
  const expected = (withA: boolean, withB: boolean): number[] =>
    positions.flatMap((prefilter, i) => (prefilter === undefined || (prefilter === a && withA) || (prefilter === b && withB) ? [i] : []));
  assert.deepEqual(admitted(gate, {}), expected(false, false));
  assert.deepEqual(admitted(gate, { Image: 'x\\A.EXE' }), expected(true, false));
  assert.deepEqual(admitted(gate, { Image: 'a.exe', CommandLine: 'the needle' }), expected(true, true));
});

test('keyword needles are searched in every value, each lower-cased on its own', () => {
  const context = new MatchContext();
  const keywords = prefilterOf(needlesIn(EVERY_VALUE, ['sekurlsa::', 'kiwi']), 'sigma', context);
  const gate = new PrefilterGate([keywords]);
  assert.deepEqual(admitted(gate, { CommandLine: 'mimikatz SEKURLSA::logonpasswords' }), [0]);
  assert.deepEqual(admitted(gate, { A: 'x', B: ['y', 'Kiwi é'] }), [0], 'a non-ASCII value');
  assert.deepEqual(admitted(gate, { A: 'sekurl', B: 'sa::' }), [], 'not across two values');
  assert.deepEqual(admitted(gate, {}), []);
});

test('Sigma keyword rules pass the gate exactly on the events they match', () => {
  const rule = ruleWithDetection(`
    keywords:
        - 'privilege::debug'
        - 'Kiwi Legit Printer'
    filter:
        EventID: 15
    condition: keywords and not filter`);
  const ruleSet = new RuleSet([rule]);
  const events: Readonly<Record<string, FieldValue>>[] = [
    { CommandLine: 'x PRIVILEGE::DEBUG' },
    { Other: 'kiwi legit printer' },
    { Other: 'kiwi legit' },
    { CommandLine: 'privilege::debug', EventID: 15 },
    {},
  ];
  for (const fields of events) {
    const fake = event(fields);
    assert.equal(ruleSet.matching([rule], fake).length === 1, rule.matches(fake), JSON.stringify(fields));
  }
});

const META: RuleMeta = { id: 'x', title: 'x', level: 'low', source: 'eql', file: 'x.toml', tags: [], references: [], falsepositives: [] };

function security(eventId: number): LogSourceFacts {
  return { product: 'windows', services: ['security'], categories: [], ecsCategories: [], channel: 'Security', eventId };
}

test('EventID sets: a rule set hands a rule only to the EventIDs it can match', () => {
  const sigma = ruleWithDetection(`
    selection:
        EventID:
            - 4624
            - '4625'
        LogonType: 3
    condition: selection`);
  assert.deepEqual([...(sigma.prefilter?.eventIds ?? [])].sort(), [4624, 4625]);
  const narrowed = ruleWithDetection(`
    selection:
        EventID: [4624, 4625]
    other:
        EventID: 4625
    condition: selection and other`);
  assert.deepEqual([...(narrowed.prefilter?.eventIds ?? [])], [4625]);
  const pattern = ruleWithDetection(`
    selection:
        EventID|startswith: '46'
    condition: selection`);
  assert.equal(pattern.prefilter?.eventIds, undefined);
  const eql = compileEql('any where event.code == "4662" or (event.code : "5136" and winlog.event_data.x : "y")', META);
  assert.deepEqual([...(eql.prefilter?.eventIds ?? [])].sort(), [4662, 5136]);
  const eqlIn = compileEql('any where winlog.event_id in ("4662", "04663", 4664)', META);
  assert.deepEqual([...(eqlIn.prefilter?.eventIds ?? [])].sort(), [4662, 4664], '"04663" never equals the decimal text 4663');
  const anyId = compileEql('any where event.code : "46*"', META);
  assert.equal(anyId.prefilter?.eventIds, undefined);

  const everyEvent: CompiledRule = { meta: META, appliesTo: () => true, matches: () => true };
  const ruleSet = new RuleSet([sigma, eql, everyEvent]);
  const facts = { ...security(0), categories: ['process_creation'] };
  assert.deepEqual(ruleSet.rulesFor(facts, 4624), [sigma, everyEvent]);
  assert.deepEqual(ruleSet.rulesFor(facts, 5136), [eql, everyEvent]);
  assert.deepEqual(ruleSet.rulesFor(facts, 1), [everyEvent]);
  assert.deepEqual(ruleSet.rulesFor(facts), [sigma, eql, everyEvent], 'without an EventID: by log source only');
  assert.equal(ruleSet.rulesFor(facts, 1), ruleSet.rulesFor(facts, 2), 'equal lists are one list, with one gate');
});

test('eventIdIn, all and either combine EventID sets', () => {
  const both = all([eventIdIn([1, 2, 3]), eventIdIn([2, 3, 4]), needlesIn('Image', ['x'])]);
  assert.deepEqual([...(both.eventIds ?? [])], [2, 3]);
  assert.equal(both.clauses.length, 1);
  const any = either([eventIdIn([1]), all([eventIdIn([2]), needlesIn('Image', ['x'])])]);
  assert.deepEqual([...(any.eventIds ?? [])].sort(), [1, 2]);
  assert.equal(any.clauses.length, 0, 'the first alternative needs no needle');
  assert.equal(either([eventIdIn([1]), needlesIn('Image', ['x'])]).eventIds, undefined);
});

test('gates of one rule set share their scratch, and each admits only its own rules', () => {
  const context = new MatchContext();
  const scratch = new GateScratch();
  const image = prefilterOf(needlesIn('Image', ['a.exe']), 'sigma', context);
  const command = prefilterOf(needlesIn('CommandLine', ['b']), 'sigma', context);
  const first = new PrefilterGate([image, command], scratch);
  const second = new PrefilterGate([command], scratch);
  const fields = { Image: 'a.exe', CommandLine: 'b' };
  for (let i = 0; i < 50; i++) {
    assert.deepEqual([...first.admittedPositions(event(fields))], [0, 1]);
    assert.deepEqual([...second.admittedPositions(event(fields))], [0]);
    assert.deepEqual([...second.admittedPositions(event({ Image: 'a.exe' }))], []);
  }
});

test('gate and rules agree over many rules and events, while the gate re-plans its triggers', () => {
  const context = new MatchContext();
  const images = ['C:\\Windows\\System32\\cmd.exe', 'C:\\Tools\\Rare.exe', 'C:\\Windows\\notepad.exe'];
  const commands = ['cmd /c whoami', 'powershell -enc AAAA', 'notepad C:\\x.txt', 'rare --flag'];
  const rules: { prefilter: RulePrefilter | undefined; matches: (fields: Readonly<Record<string, FieldValue>>) => boolean }[] = [
    ['\\cmd.exe', 'whoami'],
    ['\\windows\\', '-enc'],
    ['rare.exe', '--flag'],
    ['\\notepad.exe', 'whoami'],
  ].map(([image, command]) => ({
    prefilter: prefilterOf(all([needlesIn('Image', [image!]), needlesIn('CommandLine', [command!])]), 'sigma', context),
    matches: (fields) =>
      String(fields['Image'] ?? '')
        .toLowerCase()
        .includes(image!) &&
      String(fields['CommandLine'] ?? '')
        .toLowerCase()
        .includes(command!),
  }));
  const gate = new PrefilterGate(rules.map((rule) => rule.prefilter));
  for (let i = 0; i < 5000; i++) {
    const fields = { Image: images[(i * 7) % images.length]!, CommandLine: commands[(i * 11) % commands.length]! };
    const admittedNow = new Set(gate.admittedPositions(event(fields)));
    rules.forEach((rule, position) => assert.equal(admittedNow.has(position), rule.matches(fields), `event ${i}, rule ${position}`));
  }
});

test('the gate reads each view it was given', () => {
  const context = new MatchContext();
  const prefilter = prefilterOf(needlesIn('process.name', ['cmd.exe']), 'ecs', context);
  const gate = new PrefilterGate([prefilter]);
  const base = event({});
  assert.deepEqual([...gate.admittedPositions({ ...base, ecs: new FakeFields({ 'process.name': 'CMD.EXE' }) })], [0]);
  assert.deepEqual([...gate.admittedPositions({ ...base, sigma: new FakeFields({ 'process.name': 'cmd.exe' }) })], []);
});
