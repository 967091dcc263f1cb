/** Every hit says what happened: real attack logs, SigmaHQ's rules, the details in JSONL, CSV and the table. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { sharedMissing, SHARED_DIR } from '../support/sharedData.js';
import { hunt, jsonLines } from './cli.js';

const ATTACK = (path: string): string => join(SHARED_DIR, 'corpus/evtx-attack-samples', path);
const SIGMA = (path: string): string => join(SHARED_DIR, 'corpus/sigma/rules/windows', path);

/** One hit of each kind the issue names, with the rule that finds it and what its details must say. */
const CASES = [
  {
    log: 'Defense Evasion/DE_1102_security_log_cleared.evtx',
    rule: 'builtin/security/win_security_audit_log_cleared.yml',
    recordId: 452811,
    details: { User: 'EXAMPLE\\user01', LogonId: '0x17dad' },
  },
  {
    log: 'Command and Control/DE_RDP_Tunnel_5156.evtx',
    rule: 'builtin/security/account_management/win_security_rdp_localhost_login.yml',
    recordId: 227762,
    details: {
      TargetUser: 'EXAMPLE\\admin01',
      LogonType: '10 (RemoteInteractive)',
      SourceIp: '127.0.0.1:49274',
      Workstation: 'PC01',
      Process: 'C:\\Windows\\System32\\winlogon.exe',
      AuthPackage: 'Negotiate',
      LogonId: '0x14a321',
    },
  },
  {
    log: 'AutomatedTestingTools/Malware/DE_timestomp_and_dll_sideloading_and_RunPersist.evtx',
    rule: 'registry/registry_set/registry_set_asep_reg_keys_modification_currentversion.yml',
    recordId: 6593,
    details: {
      EventType: 'SetValue',
      Key: 'HKU\\S-1-5-21-3583694148-1414552638-2922671848-1000\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\360v',
      Details: 'C:\\Users\\IEUser\\AppData\\Roaming\\svchost.exe',
      Image: 'C:\\Users\\IEUser\\AppData\\Roaming\\NvSmart.exe',
    },
  },
  {
    log: 'AutomatedTestingTools/WinDefender_Events_1117_1116_AtomicRedTeam.evtx',
    rule: 'builtin/windefend/win_defender_threat.yml',
    recordId: 37,
    details: {
      Threat: 'Trojan:PowerShell/Powersploit.M',
      Severity: 'Severe',
      Category: 'Trojan',
      Path: 'file:_C:\\AtomicRedTeam\\atomic-red-team-master\\atomics\\T1056\\Get-Keystrokes.ps1',
      Process: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
      User: 'MSEDGEWIN10\\IEUser',
      Action: '9 (NoAction)',
      Result: 'The operation completed successfully.',
    },
  },
  {
    log: 'Credential Access/Powershell_4104_MiniDumpWriteDump_Lsass.evtx',
    rule: 'powershell/powershell_script/posh_ps_malicious_keywords.yml',
    recordId: 971,
    details: undefined, // the script block, checked below
  },
  {
    log: 'Privilege Escalation/System_7045_namedpipe_privesc.evtx',
    rule: 'builtin/system/service_control_manager/win_system_meterpreter_or_cobaltstrike_getsystem_service_installation.yml',
    recordId: 10446,
    details: {
      Service: 'WinPwnage',
      ImagePath: "%COMSPEC% /c ping -n 1 127.0.0.1 >nul && echo 'WinPwnage' > \\\\.\\pipe\\WinPwnagePipe",
      Account: 'LocalSystem',
      StartType: 'demand start',
      ServiceType: 'user mode service',
    },
  },
] as const;

const args = (...extra: string[]): string[] => [
  ...CASES.map((c) => ATTACK(c.log)),
  ...CASES.flatMap((c) => ['-r', SIGMA(c.rule)]),
  ...extra,
];

interface DetailsLine {
  record_id: number;
  event_id: number;
  rule: { title: string };
  process: unknown;
  details: Record<string, string>;
}

test('JSONL: a 1102, a 4624, a registry, a Defender, a 4104 and a 7045 hit each carry their details', { skip: sharedMissing() }, () => {
  const run = hunt(args('-f', 'jsonl'));
  assert.equal(run.status, 0, run.stderr);
  const hits = jsonLines<DetailsLine>(run.stdout);
  for (const c of CASES) {
    const hit = hits.find((h) => h.record_id === c.recordId);
    assert.ok(hit, `${c.log} #${c.recordId} not hit: ${run.stderr}`);
    assert.equal(hit.process, null);
    if (c.details !== undefined) assert.deepEqual(hit.details, c.details, c.log);
  }
  const script = hits.find((h) => h.event_id === 4104)!.details;
  assert.deepEqual(Object.keys(script), ['ScriptBlock', 'Path']);
  assert.match(script['ScriptBlock']!, /^function Memory\(\$path\) \{ \$Process = Get-Process lsass .*…$/);
  assert.ok(hits.every((h) => Object.keys(h.details).length > 0));
  assert.doesNotMatch(run.stderr, /no process-creation events/, 'no process-creation rule was loaded');
});

test('the table at 120 columns shows each hit its evidence where a process start has its columns', { skip: sharedMissing() }, () => {
  const run = hunt(args(), 120_000, { env: { COLUMNS: '120' } });
  assert.equal(run.status, 0, run.stderr);
  const table = run.stdout.slice(0, run.stdout.indexOf('\n\nRead '));
  for (const line of table.split('\n')) assert.equal([...line].length, 120, line);
  assert.match(table.split('\n')[1]!, /│ Details +│ Log #Record +│$/);
  for (const evidence of [
    'User: EXAMPLE\\user01',
    'LogonType: 10 (RemoteInteractive)',
    'EventType: SetValue',
    'Threat: Trojan:PowerShell/Powersploit.M',
    'ScriptBlock: function Memory($path)',
    'Service: WinPwnage',
  ]) {
    assert.ok(table.includes(`│ ${evidence}`), `${evidence}\n${table}`);
  }
});

test('CSV carries the details as one cell', { skip: sharedMissing() }, () => {
  const run = hunt(args('-f', 'csv'));
  assert.equal(run.status, 0, run.stderr);
  const [head, ...rows] = run.stdout.trimEnd().split('\r\n');
  assert.ok(head!.split(',').includes('details'));
  assert.ok(
    rows.some((row) => row.includes('User: EXAMPLE\\user01 ¦ LogonId: 0x17dad')),
    run.stdout,
  );
});

test(
  '"no process-creation events" is said only of a log that gave no hits while process-creation rules were loaded',
  { skip: sharedMissing() },
  () => {
    const quiet = ATTACK('Credential Access/CA_teamviewer-dumper_sysmon_10.evtx');
    const run = hunt([ATTACK(CASES[0].log), quiet, '-r', SIGMA(CASES[0].rule), '-r', 'rules/']);
    assert.equal(run.status, 0, run.stderr);
    const warnings = run.stdout.split('\n').filter((line) => line.includes('no process-creation events'));
    assert.equal(warnings.length, 1, run.stdout);
    assert.ok(warnings[0]!.includes('CA_teamviewer-dumper_sysmon_10.evtx: no hits,'), warnings[0]);
  },
);
