import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { collectFiles } from '../../src/cli/files.js';
import { readEvtxFile, type EvtxInteger } from '../../src/evtx/index.js';
import { securityProcessCreation } from '../../dev/events/security.js';
import { sysmonProcessCreate, type SysmonOrigin } from '../../dev/events/sysmon.js';
import type { Account, ProcessCreation } from '../../dev/events/windows.js';
import { writeEvtxFile, type EventSpec } from '../../dev/evtxWriter/index.js';
import { LogSourceTable } from '../../src/events/logsource.js';
import { normalizeRecord, recordFacts } from '../../src/events/normalize.js';
import { loadRuleFiles, RULE_FILE_EXTENSIONS } from '../../src/rules/load.js';
import { RuleSet } from '../../src/rules/ruleSet.js';
import { REPO_ROOT } from '../support/sharedData.js';

/**
 * The bundled rules' every branch, on process starts written to EVTX by our writer as Sysmon 1 and as
 * Security 4688 (built as the samples' are), read back by our reader, normalized and matched: the whole
 * pipeline but the CLI.
 */
interface Case {
  readonly what: string;
  readonly image: string;
  readonly commandLine: string;
  readonly originalFileName?: string;
  readonly parentImage?: string;
  /** Rules expected to fire, as 'eql' / 'sigma'; on 4688, cases relying on OriginalFileName expect none. */
  readonly fires: readonly ('eql' | 'sigma')[];
  readonly needsOriginalFileName?: boolean;
}

const NET = 'C:\\Windows\\System32\\net.exe';
const NET1 = 'C:\\Windows\\System32\\net1.exe';
const CMD = 'C:\\Windows\\System32\\cmd.exe';

const CASES: readonly Case[] = [
  { what: 'hidden C$ share', image: NET, commandLine: 'net use \\\\srv01\\C$ /user:corp\\adm', fires: ['eql'] },
  { what: 'ADMIN$ with a drive letter', image: NET, commandLine: 'net use Z: \\\\srv01\\ADMIN$', fires: ['eql'] },
  { what: 'IPC$ null session', image: NET, commandLine: 'net use \\\\10.1.1.1\\IPC$ "" /user:""', fires: ['eql'] },
  { what: 'WebDav over SSL', image: NET, commandLine: 'net use \\\\dav.example.com@SSL\\DavWWWRoot', fires: ['eql'] },
  { what: 'WebDav http URL', image: NET, commandLine: 'net use http://dav.example.com/share', fires: ['eql'] },
  { what: 'WebDav HTTPS URL in capitals', image: NET, commandLine: 'NET USE HTTPS://DAV.EXAMPLE.COM/S', fires: ['eql'] },
  { what: 'image and verb in any case', image: 'C:\\WINDOWS\\SYSTEM32\\NET.EXE', commandLine: 'NET.EXE Use \\\\SRV\\c$', fires: ['eql'] },
  {
    what: 'quoted program and share',
    image: NET,
    commandLine: '"C:\\Windows\\system32\\net.exe" use "\\\\srv01\\D$" /persistent:no',
    fires: ['eql'],
  },
  { what: 'tabs between arguments', image: NET, commandLine: 'net\tuse\t\\\\srv01\\C$', fires: ['eql'] },
  { what: '/delete excluded', image: NET, commandLine: 'net use \\\\srv01\\C$ /delete', fires: [] },
  { what: '/D excluded', image: NET, commandLine: 'net use /D \\\\srv01\\C$', fires: [] },
  { what: '/DELETE excluded in capitals', image: NET, commandLine: 'net use \\\\srv01\\ADMIN$ /DELETE /y', fires: [] },
  { what: 'net1 under cmd', image: NET1, commandLine: 'net1 use \\\\srv01\\C$', parentImage: CMD, fires: ['eql'] },
  { what: 'net1 under net (the parent is the hit)', image: NET1, commandLine: 'net1 use \\\\srv01\\C$', parentImage: NET, fires: [] },
  {
    what: 'renamed net.exe, by original file name',
    image: 'C:\\Users\\Public\\svc.exe',
    originalFileName: 'net.exe',
    commandLine: 'svc.exe use \\\\srv01\\C$',
    fires: ['eql'],
    needsOriginalFileName: true,
  },
  {
    what: 'renamed net1.exe, by original file name',
    image: 'C:\\Users\\Public\\n1.exe',
    originalFileName: 'net1.exe',
    commandLine: 'n1.exe use https://x.example/',
    parentImage: CMD,
    fires: ['eql'],
    needsOriginalFileName: true,
  },
  { what: 'plain share is not hidden', image: NET, commandLine: 'net use \\\\srv01\\public', fires: [] },
  { what: 'net view is not use', image: NET, commandLine: 'net view \\\\srv01\\C$', fires: [] },
  { what: 'cabinet.exe is not net.exe', image: 'C:\\Tools\\cabinet.exe', commandLine: 'cabinet.exe use \\\\srv01\\C$', fires: [] },
  { what: 'share deletion', image: NET, commandLine: 'net share x /delete', fires: ['sigma'] },
  { what: 'share deletion by net1', image: NET1, commandLine: 'net1 share c$ /delete', parentImage: NET, fires: ['sigma'] },
  {
    what: 'share deletion by renamed net',
    image: 'C:\\Temp\\x.exe',
    originalFileName: 'net.exe',
    commandLine: 'x.exe share x /delete',
    fires: ['sigma'],
    needsOriginalFileName: true,
  },
  { what: 'cabinet.exe share deletion', image: 'C:\\Tools\\cabinet.exe', commandLine: 'cabinet.exe share x /delete', fires: [] },
];

const TIME = Date.UTC(2024, 4, 1, 12, 0, 0);
const ADMIN: Account = {
  name: 'adm',
  domain: 'CORP',
  sid: 'S-1-5-21-1-2-3-1104',
  logonId: 0x3e7n,
  logonGuid: '{8F1A5C3E-6B2E-65EE-213F-5A0000000000}',
};

/** The case as a process start; the rules look at images, original file names and command lines only. */
function processCreation(c: Case, i: number): ProcessCreation {
  const originalFileName = c.originalFileName ?? c.image.split('\\').pop()!;
  return {
    processId: 1000 + i,
    processGuid: `{8F1A5C3E-0000-0000-0000-${String(1000 + i).padStart(12, '0')}}`,
    program: { image: c.image, originalFileName, description: '-', product: '-', company: '-', fileVersion: '-' },
    account: ADMIN,
    commandLine: c.commandLine,
    integrity: 'High',
    parent: {
      processId: 900,
      processGuid: '{8F1A5C3E-0000-0000-0000-000000000900}',
      image: c.parentImage ?? CMD,
      commandLine: 'cmd.exe',
    },
  };
}

function origin(i: number): SysmonOrigin {
  const time = new Date(TIME + i * 1000);
  return { computer: 'WS01', timeCreated: time, utcTime: time };
}

const sysmonStart = (c: Case, i: number): EventSpec => sysmonProcessCreate(origin(i), processCreation(c, i));
const security4688 = (c: Case, i: number): EventSpec => securityProcessCreation(origin(i), processCreation(c, i));

const ruleSet = new RuleSet(loadRuleFiles(collectFiles([join(REPO_ROOT, 'rules')], RULE_FILE_EXTENSIONS).files).rules);

/** record id -> the sources of the rules that fired on it */
function huntFile(path: string): Map<EvtxInteger, string[]> {
  const fired = new Map<EvtxInteger, string[]>();
  const logSources = new LogSourceTable();
  for (const record of readEvtxFile(path)) {
    const facts = recordFacts(record, logSources);
    assert.ok(facts);
    const event = normalizeRecord(record, facts);
    const sources = ruleSet.matching(ruleSet.rulesFor(facts), event).map((rule) => rule.meta.source);
    fired.set(record.recordId, sources.sort());
  }
  return fired;
}

for (const [log, build] of [
  ['Sysmon 1', sysmonStart],
  ['Security 4688', security4688],
] as const) {
  test(`bundled rules on ${log} events written to EVTX and read back`, () => {
    assert.equal(ruleSet.rules.length, 2);
    const path = join(mkdtempSync(join(tmpdir(), 'hunt-seed-')), 'cases.evtx');
    writeEvtxFile(
      path,
      CASES.map((c, i) => ({ ...build(c, i), recordId: i + 1 })),
    );
    const fired = huntFile(path);
    assert.equal(fired.size, CASES.length);
    CASES.forEach((c, i) => {
      const expected = log === 'Security 4688' && c.needsOriginalFileName ? [] : [...c.fires].sort();
      assert.deepEqual(fired.get(i + 1), expected, `${log}: ${c.what}: ${c.commandLine}`);
    });
  });
}
