import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { defenderMalwareDetected } from '../../dev/events/defender.js';
import { writeEvtxFile } from '../../dev/evtxWriter/index.js';
import { sharedMissing, SHARED_DIR as SHARED } from '../support/sharedData.js';
import { hunt, jsonLines } from './cli.js';

const SIGMA = () => join(SHARED, 'corpus/sigma/rules');

const ORIGIN = { computer: 'WKS-FIN-07.corp.example.com', timeCreated: new Date('2024-03-11T09:15:00Z'), processId: 3120, threadId: 4412 };

/**
 * Two Defender 1116s of Mimikatz, an AMSI-scanned script and a file dropped in C:\Users\Public: the
 * EventData names Defender writes have spaces (Threat Name, Source Name).
 */
function defenderLog(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'hunt-defender-')), 'Defender.evtx');
  writeEvtxFile(path, [
    defenderMalwareDetected(ORIGIN, {
      threatName: 'HackTool:PowerShell/Mimikatz.A',
      path: 'amsi:_\\Device\\HarddiskVolume3\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
      sourceName: 'AMSI',
      processName: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
      user: 'CORP\\alice',
    }),
    defenderMalwareDetected(ORIGIN, {
      threatName: 'HackTool:Win32/Mimikatz!pz',
      path: 'file:_C:\\Users\\Public\\m.exe',
      sourceName: 'Real-Time Protection',
      processName: 'C:\\Windows\\explorer.exe',
      user: 'CORP\\alice',
    }),
  ]);
  return path;
}

test('SigmaHQ windefend and antivirus rules read Defender names with spaces (Source Name, Threat Name)', { skip: sharedMissing() }, () => {
  const rules = [
    join(SIGMA(), 'windows/builtin/windefend/win_defender_malware_detected_amsi_source.yml'),
    join(SIGMA(), 'category/antivirus/av_hacktool.yml'),
    join(SIGMA(), 'category/antivirus/av_password_dumper.yml'),
    join(SIGMA(), 'category/antivirus/av_relevant_files.yml'),
  ];
  const run = hunt([defenderLog(), ...rules.flatMap((rule) => ['-r', rule]), '-f', 'jsonl']);
  assert.equal(run.status, 0, run.stderr);
  const titles = jsonLines<{ record_id: number; rule: { title: string } }>(run.stdout).map((hit) => `${hit.record_id} ${hit.rule.title}`);
  assert.deepEqual(titles.sort(), [
    '1 Antivirus - Hacktool Signature',
    '1 Antivirus - Password Dumper Signature',
    '1 Windows Defender AMSI Trigger Detected',
    '2 Antivirus - Hacktool Signature',
    '2 Antivirus - Password Dumper Signature',
    '2 Antivirus - Relevant File Paths Alerts Signature',
  ]);
});
