/**
 * EQL sequences and Sigma correlations run by the built CLI over logs our writer wrote: a hit per
 * match, listing every event it joined, across the files of a run, per host, and nothing from the
 * near misses.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { writeEvtxFile, type EventSpec } from '../../dev/evtxWriter/index.js';
import { SequenceHost, system32 } from '../eql/sequenceLogs.js';
import { CHAINED_RULES, RULES, written } from '../sigma/correlationLog.js';
import { SHARED_DIR, sharedMissing } from '../support/sharedData.js';
import { hunt, jsonLines } from './cli.js';

interface HitLine {
  rule: { title: string; level: string };
  file: string;
  record_id: number;
  timestamp: string;
  computer: string;
  events?: { file: string; record_id: number; timestamp: string; computer: string; details: Record<string, string> }[];
}

const skip = sharedMissing();
const ELASTIC = join(SHARED_DIR, 'corpus/elastic-detection-rules/rules/windows');
const START = new Date('2024-03-11T10:00:00Z');
const MSHTA = system32('mshta.exe', 'Microsoft (R) HTML Application host');
const scratch = mkdtempSync(join(tmpdir(), 'hunt-temporal-e2e-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function writeLog(name: string, events: readonly EventSpec[]): string {
  const path = join(scratch, name);
  writeEvtxFile(path, events);
  return path;
}

function huntHits(args: readonly string[]): { hits: HitLine[]; stderr: string } {
  const run = hunt([...args, '-f', 'jsonl']);
  assert.equal(run.status, 0, run.stderr);
  return { hits: jsonLines<HitLine>(run.stdout), stderr: run.stderr };
}

const joined = (hit: HitLine): string => hit.events!.map((event) => `${event.file.slice(scratch.length + 1)}#${event.record_id}`).join(' ');

test('an EQL sequence fires through the CLI with both events listed; its near miss (past maxspan) does not', { skip }, () => {
  const host = new SequenceHost(START);
  const started = host.startProcess(0, MSHTA, 'mshta.exe C:\\Users\\carol\\Downloads\\invoice.hta');
  const beacon = host.connect(540, started.process);
  const late = host.startProcess(1000, MSHTA, 'mshta.exe C:\\Users\\carol\\Downloads\\late.hta');
  host.connect(1000 + 601, late.process);
  const log = writeLog('beacon.evtx', host.log());
  const { hits } = huntHits([log, '-r', join(ELASTIC, 'defense_evasion_mshta_beacon.toml')]);
  assert.equal(hits.length, 1, JSON.stringify(hits));
  const [hit] = hits;
  assert.equal(hit!.rule.title, 'Mshta Making Network Connections');
  assert.equal(joined(hit!), `beacon.evtx#${started.recordId} beacon.evtx#${beacon}`);
  assert.equal(hit!.record_id, started.recordId);
  assert.equal(hit!.timestamp, hit!.events![0]!.timestamp);
  assert.ok(hit!.events!.every((event) => Object.keys(event.details).length > 0));
});

test('a sequence joins events of one host held in two logs of the run, and never events of two hosts', { skip }, () => {
  const host = new SequenceHost(START);
  const started = host.startProcess(0, MSHTA, 'mshta.exe C:\\Users\\carol\\Downloads\\invoice.hta');
  const beacon = host.connect(60, started.process);
  const [start, connection] = host.log();
  // The connection's log is read first: time order, not file order, decides.
  const later = writeLog('a-later.evtx', [connection!]);
  const earlier = writeLog('b-earlier.evtx', [start!]);
  const otherHost = writeLog('c-other-host.evtx', [{ ...connection!, computer: 'SRV-OTHER.corp.example.com', recordId: 7000 }]);
  const rule = join(ELASTIC, 'defense_evasion_mshta_beacon.toml');
  const { hits } = huntHits([later, earlier, otherHost, '-r', rule]);
  assert.deepEqual(hits.map(joined), [`b-earlier.evtx#${started.recordId} a-later.evtx#${beacon}`]);
  assert.deepEqual(huntHits([earlier, otherHost, '-r', rule]).hits, []);
});

test('Sigma correlations through the CLI: hits list the events counted; referenced rules with generate: false report nothing of their own', () => {
  const { log, ruleFile } = written(RULES);
  const { hits } = huntHits([log, '-r', ruleFile]);
  assert.deepEqual(
    hits.map((hit) => `${hit.rule.title}: ${hit.events!.map((event) => event.record_id).join(' ')}`),
    [
      'Many network logons of one account: 1000 1001 1002',
      'Network logon of an account that then gets admin privileges: 1006 1007',
      'Many network logons of one account: 1012 1013 1014',
    ],
  );
  // The referenced rules are informational: a minimum level leaves the correlation running on them.
  const high = huntHits([log, '-r', ruleFile, '--min-level', 'high']).hits;
  assert.deepEqual(
    high.map((hit) => hit.rule.title),
    ['Network logon of an account that then gets admin privileges'],
  );
  const chainedLog = written(CHAINED_RULES);
  const chained = huntHits([chainedLog.log, '-r', chainedLog.ruleFile]).hits;
  assert.deepEqual(
    chained.map((hit) => `${hit.rule.level} ${hit.events!.length}`),
    ['high 2', 'critical 4'],
  );
});
