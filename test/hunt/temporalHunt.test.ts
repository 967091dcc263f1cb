import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import type { EvtxFileError, EvtxProblem } from '../../src/evtx/index.js';
import type { ProcessEvent } from '../../src/events/processEvent.js';
import type { Hit } from '../../src/hunt/hit.js';
import { runHunt, type HuntCallbacks } from '../../src/hunt/hunt.js';
import { selectRules } from '../../src/hunt/ruleSelection.js';
import { TemporalRun, type ObservedEvent } from '../../src/hunt/temporalRun.js';
import { loadRuleFiles } from '../../src/rules/load.js';
import { RuleSet } from '../../src/rules/ruleSet.js';
import type { CompiledRule, RuleMeta, StepMatch, TemporalMatch, TemporalMatcher, TemporalRule } from '../../src/rules/types.js';
import { REPO_ROOT } from '../support/sharedData.js';

const SAMPLES = ['Microsoft-Windows-Sysmon%4Operational.evtx', 'Security.evtx'].map((name) => join(REPO_ROOT, 'samples', name));
const [SIGMA_RULE, EQL_RULE] = loadRuleFiles([
  join(REPO_ROOT, 'rules', 'sigma', 'proc_creation_win_net_share_unmount.yml'),
  join(REPO_ROOT, 'rules', 'elastic', 'mounting_hidden_or_webdav_remote_shares.toml'),
]).rules as [CompiledRule, CompiledRule];

const META: RuleMeta = {
  id: 'test-sequence',
  title: 'Share unmounted, then a share mounted',
  level: 'high',
  source: 'eql',
  file: 'test-sequence.toml',
  tags: [],
  references: [],
  falsepositives: [],
};

interface Seen {
  readonly time: number;
  readonly keys: string[];
}

/**
 * A two-step rule with the simplest matcher: each event of step 1 joins the latest earlier event of
 * step 0 with its key. It records what the hunt fed it.
 */
function pairRule(fed: Seen[]): TemporalRule {
  return {
    meta: META,
    steps: [
      { filter: SIGMA_RULE, key: (event) => String(event.sigma.get('User') ?? '') },
      { filter: EQL_RULE, key: (event) => String(event.sigma.get('User') ?? '') },
    ],
    newMatcher<E>(): TemporalMatcher<E> {
      const latest = new Map<string, E>();
      return {
        dropped: 0,
        observe(event: E, time: number, steps: readonly StepMatch[]): TemporalMatch<E>[] {
          fed.push({ time, keys: steps.map((s) => `${s.step} ${s.key}`) });
          const matches: TemporalMatch<E>[] = [];
          for (const { step, key } of steps) {
            const first = latest.get(key);
            if (step === 1 && first !== undefined) matches.push({ events: [first, event] });
            if (step === 0) latest.set(key, event);
          }
          return matches;
        },
        finish: () => [],
      };
    },
  };
}

class Recorder implements HuntCallbacks {
  readonly hits: Hit[] = [];
  readonly sink = { write: (hit: Hit) => void this.hits.push(hit) };
  onProblem(problem: EvtxProblem): void {
    throw new Error(problem.message);
  }
  onUnreadable(error: EvtxFileError): void {
    throw error;
  }
}

test('a temporal rule is fed its steps in time order across files, per host, and its hits list every event joined', () => {
  const fed: Seen[] = [];
  const recorder = new Recorder();
  const summary = runHunt(SAMPLES, new RuleSet([], [pairRule(fed)]), recorder.sink, { recover: false }, recorder);
  assert.ok(fed.length >= 17, `${fed.length} events fed`);
  for (let i = 1; i < fed.length; i++) assert.ok(fed[i - 1]!.time <= fed[i]!.time, 'fed in time order');
  // Keys carry the computer: events of two hosts never join.
  assert.ok(
    fed.every(({ keys }) => keys.every((key) => /^\d (WKS|SRV|DC)[^\u0000]*\u0000/.test(key))),
    JSON.stringify(fed.slice(0, 3)),
  );
  // Step filters alone report nothing of their own.
  assert.ok(recorder.hits.length > 0);
  assert.ok(recorder.hits.every((hit) => hit.rule === META));
  assert.equal(summary.hits, recorder.hits.length);
  assert.equal(summary.hitsByRule.get('eql:test-sequence')?.count, recorder.hits.length);
  for (const hit of recorder.hits) {
    const events = hit.events!;
    assert.equal(events.length, 2);
    assert.equal(hit.timestamp, events[0]!.timestamp);
    assert.equal(hit.recordId, events[0]!.recordId);
    assert.ok(events[0]!.timestamp <= events[1]!.timestamp);
    assert.ok(events.every((event) => event.details.length > 0 && event.computer === hit.computer));
  }
  for (let i = 1; i < recorder.hits.length; i++)
    assert.ok(recorder.hits[i - 1]!.timestamp <= recorder.hits[i]!.timestamp, 'hits in time order');
});

test('a rule that is both a temporal step and a rule of its own reports its own hits too', () => {
  const recorder = new Recorder();
  const selection = selectRules({ rules: [SIGMA_RULE, EQL_RULE], skipped: [], temporal: [pairRule([])] }, 'informational');
  assert.equal(selection.outcome, 'selected');
  assert.equal(selection.temporal.length, 1);
  runHunt(SAMPLES, new RuleSet(selection.rules, selection.temporal), recorder.sink, { recover: false }, recorder);
  const own = recorder.hits.filter((hit) => hit.events === undefined);
  assert.equal(own.length, 17);
  assert.ok(recorder.hits.length > 17);
});

test('rule selection leaves out a temporal rule below the minimum level', () => {
  const selection = selectRules({ rules: [SIGMA_RULE], skipped: [], temporal: [pairRule([])] }, 'critical');
  assert.equal(selection.outcome, 'none-at-level');
});

test('past the observations a run keeps, later ones are dropped and the summary says how many, once', () => {
  const fed: Seen[] = [];
  const run = new TemporalRun([pairRule(fed)], 3);
  const event: ObservedEvent = {
    file: 'a.evtx',
    recordId: 1,
    recovered: false,
    timestamp: '2024-03-11T10:00:00.0000000Z',
    eventId: 1,
    channel: 'Microsoft-Windows-Sysmon/Operational',
    computer: 'WKS',
    details: [],
    process: undefined,
  };
  for (let i = 0; i < 5; i++) run.add({ event: { ...event, recordId: i }, steps: [{ rule: 0, step: 0, key: 'k' }] });
  const outcome = run.finish();
  assert.equal(fed.length, 3, 'only the kept ones are fed');
  assert.equal(outcome.warnings.length, 1);
  assert.match(outcome.warnings[0]!, /^2 events matched a step .* after the first 3 and were not joined/);
});

/** A process start as toProcessEvent makes it: every field present, undefined where the event has none. */
const PROCESS: ProcessEvent = {
  source: 'sysmon',
  image: 'C:\\Windows\\System32\\cmd.exe',
  originalFileName: 'Cmd.Exe',
  commandLine: 'cmd',
  parentImage: undefined,
  parentCommandLine: undefined,
  user: 'WKS\\admin',
  pid: 4,
  parentPid: undefined,
};

test('what repeats across kept events is kept once, up to a bound, and reported as it came', () => {
  const observe = (maxInterned: number): Hit => {
    const run = new TemporalRun([pairRule([])], 10, maxInterned);
    const event = (recordId: number, second: number): ObservedEvent => ({
      file: 'a.evtx',
      recordId,
      recovered: false,
      timestamp: `2024-03-11T10:00:0${second}.0000000Z`,
      eventId: 1,
      channel: 'Microsoft-Windows-Sysmon/Operational',
      computer: 'WKS',
      // Each event its own objects, as each record decoded makes them.
      details: [
        ['Image', ['C:\\Windows\\System32\\', 'cmd.exe'].join('')],
        ['User', `WKS\\${'admin'}`],
      ],
      process: { ...PROCESS, commandLine: `cmd /c ${recordId}` },
    });
    run.add({ event: event(1, 1), steps: [{ rule: 0, step: 0, key: 'WKS\u0000admin' }] });
    run.add({ event: event(2, 2), steps: [{ rule: 0, step: 1, key: 'WKS\u0000admin' }] });
    const { hits } = run.finish();
    assert.equal(hits.length, 1);
    return hits[0]!;
  };
  const interned = observe(1000);
  const [first, second] = interned.events!;
  assert.equal(first!.details[0], second!.details[0], 'one Image detail for both events');
  assert.equal(first!.details[1], second!.details[1]);
  assert.deepEqual(first!.details, [
    ['Image', 'C:\\Windows\\System32\\cmd.exe'],
    ['User', 'WKS\\admin'],
  ]);
  assert.deepEqual(interned.process, { ...PROCESS, commandLine: 'cmd /c 1' });
  assert.deepEqual(
    interned.events!.map(({ recordId, timestamp }) => `${recordId} ${timestamp}`),
    ['1 2024-03-11T10:00:01.0000000Z', '2 2024-03-11T10:00:02.0000000Z'],
  );
  // With nothing kept once (the bound reached), each event keeps its own, and the hit is the same.
  const unbounded = observe(0);
  assert.notEqual(unbounded.events![0]!.details[0], unbounded.events![1]!.details[0]);
  assert.deepEqual(unbounded.events, interned.events);
});
