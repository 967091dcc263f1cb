import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { load } from 'js-yaml';
import { readEvtxFile, type EventDataValue } from '../../src/evtx/index.js';
import { DETAIL_BRIEF_MAX, DETAIL_VALUE_MAX, eventDetails, FALLBACK_FIELDS, hasDetailsEntry } from '../../src/events/details.js';
import { knownLogSources } from '../../src/events/logsource.js';
import { sharedMissing, SHARED_DIR } from '../support/sharedData.js';

const ATTACK = (path: string): string => join(SHARED_DIR, 'corpus/evtx-attack-samples', path);

/** The details of one record of a real log, found by its EventRecordID. */
function realDetails(path: string, recordId: number): Record<string, string> {
  for (const record of readEvtxFile(ATTACK(path))) {
    if (record.eventRecordId() !== recordId) continue;
    return Object.fromEntries(eventDetails(record.channel()!, record.eventId()!, record.eventData()));
  }
  throw new Error(`${path}: no record ${recordId}`);
}

const shared = { skip: sharedMissing() };

test('1102 (Security log cleared) says who cleared it', shared, () => {
  assert.deepEqual(realDetails('Defense Evasion/DE_1102_security_log_cleared.evtx', 452811), {
    User: 'EXAMPLE\\user01',
    LogonId: '0x17dad',
  });
});

test('4624 shows the account that logged on, the logon type by name, where from and through which process', shared, () => {
  assert.deepEqual(realDetails('Command and Control/DE_RDP_Tunnel_5156.evtx', 227762), {
    TargetUser: 'EXAMPLE\\admin01',
    LogonType: '10 (RemoteInteractive)',
    SourceIp: '127.0.0.1:49274',
    Workstation: 'PC01',
    Process: 'C:\\Windows\\System32\\winlogon.exe',
    AuthPackage: 'Negotiate',
    LogonId: '0x14a321',
  });
});

test('4625 names the failure: NTSTATUS codes with their meaning', shared, () => {
  assert.deepEqual(realDetails('Credential Access/CA_4624_4625_LogonType2_LogonProc_chrome.evtx', 137222), {
    TargetUser: 'MSEDGEWIN10\\IEUser',
    LogonType: '2 (Interactive)',
    Workstation: 'MSEDGEWIN10',
    Status: '0xc000006d (bad user name or password)',
    SubStatus: '0xc000006a (wrong password)',
    Process: 'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
    AuthPackage: 'Negotiate',
  });
});

test('Sysmon 13 shows the key, the value written and the process that wrote it', shared, () => {
  assert.deepEqual(realDetails('AutomatedTestingTools/Malware/DE_timestomp_and_dll_sideloading_and_RunPersist.evtx', 6593), {
    EventType: 'SetValue',
    Key: 'HKU\\S-1-5-21-3583694148-1414552638-2922671848-1000\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\360v',
    Details: 'C:\\Users\\IEUser\\AppData\\Roaming\\svchost.exe',
    Image: 'C:\\Users\\IEUser\\AppData\\Roaming\\NvSmart.exe',
  });
});

test('Defender 1116 and 1117 show the threat, the path, the user and the action, from names with spaces', shared, () => {
  const file = 'AutomatedTestingTools/WinDefender_Events_1117_1116_AtomicRedTeam.evtx';
  assert.deepEqual(realDetails(file, 37), {
    Threat: 'Trojan:PowerShell/Powersploit.M',
    Severity: 'Severe',
    Category: 'Trojan',
    Path: 'file:_C:\\AtomicRedTeam\\atomic-red-team-master\\atomics\\T1056\\Get-Keystrokes.ps1',
    Process: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
    User: 'MSEDGEWIN10\\IEUser',
    Action: '9 (NoAction)',
    Result: 'The operation completed successfully.',
  });
  const action = realDetails(file, 101);
  assert.equal(action['Action'], '2 (Quarantine)');
  assert.equal(action['Result'], 'The program could not find the malware and other potentially unwanted software on this device.');
});

test('PowerShell 4104 shows the script block on one line, cut to DETAIL_BRIEF_MAX characters', shared, () => {
  const details = realDetails('Credential Access/Powershell_4104_MiniDumpWriteDump_Lsass.evtx', 971);
  assert.deepEqual(Object.keys(details), ['ScriptBlock', 'Path']);
  assert.equal(details['Path'], 'C:\\Users\\Public\\lsass_wer_ps.ps1');
  const script = details['ScriptBlock']!;
  assert.ok(script.startsWith('function Memory($path) { $Process = Get-Process lsass $DumpFilePath = $path $WER = [PSObject]'), script);
  assert.equal(script.length, DETAIL_BRIEF_MAX + 1);
  assert.ok(script.endsWith('…'));
  assert.doesNotMatch(script, /\s\s|[\r\n\t]/);
});

test('7045 (service installed) shows the service, its image path, account and start type', shared, () => {
  assert.deepEqual(realDetails('Privilege Escalation/System_7045_namedpipe_privesc.evtx', 10446), {
    Service: 'WinPwnage',
    ImagePath: "%COMSPEC% /c ping -n 1 127.0.0.1 >nul && echo 'WinPwnage' > \\\\.\\pipe\\WinPwnagePipe",
    Account: 'LocalSystem',
    StartType: 'demand start',
    ServiceType: 'user mode service',
  });
});

test('4698 (scheduled task created) shows the command out of the task XML', shared, () => {
  const details = realDetails('Privilege Escalation/PrivEsc_SeImpersonatePriv_enabled_back_for_upnp_localsvc_4698.evtx', 282588);
  assert.equal(details['Task'], '\\FullPowersTask');
  assert.equal(details['User'], 'NT AUTHORITY\\LOCAL SERVICE');
  assert.ok(details['Command'], JSON.stringify(details));
});

test('System 104 (log cleared) says who and which log', shared, () => {
  assert.deepEqual(realDetails('Credential Access/Zerologon_CVE-2020-1472_DFIR_System_NetLogon_Error_EventID_5805.evtx', 63220), {
    User: '3B\\a-jbrown',
    Channel: 'System',
  });
});

test('PowerShell 800 (classic pipeline) shows what ran, out of its unnamed Data items and their key=value context', shared, () => {
  const details = realDetails('Other/emotet/exec_emotet_ps_800_get-item.evtx', 789);
  assert.deepEqual(Object.keys(details), ['Pipeline', 'CommandLine', 'User', 'HostApplication']);
  assert.equal(
    details['Pipeline'],
    'CommandInvocation(Get-Item): "Get-Item" ParameterBinding(Get-Item): name="Path"; value="C:\\Users\\Clippy\\AppData\\Local\\Temp\\word\\2019\\Dyxxur4gx.exe"',
  );
  assert.equal(details['User'], 'DESKTOP-RIPCLIP\\Clippy');
  assert.equal(details['HostApplication'], 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe');
  assert.ok(details['CommandLine']!.startsWith("$Va5w3n8=(('Q'+'2h')"));
});

test('PowerShell 4103 shows the command, host application and user out of ContextInfo, and the payload', () => {
  const details = eventDetails('Microsoft-Windows-PowerShell/Operational', 4103, {
    ContextInfo:
      '        Severity = Informational\r\n        Host Application = powershell.exe -enc SQBFAFgA\r\n        Command Name = Invoke-Expression\r\n        User = CORP\\alice\r\n',
    Payload:
      'CommandInvocation(Invoke-Expression): "Invoke-Expression"\r\nParameterBinding(Invoke-Expression): name="Command"; value="whoami"',
  });
  assert.deepEqual(details, [
    ['Command', 'Invoke-Expression'],
    ['HostApplication', 'powershell.exe -enc SQBFAFgA'],
    ['User', 'CORP\\alice'],
    [
      'Payload',
      'CommandInvocation(Invoke-Expression): "Invoke-Expression" ParameterBinding(Invoke-Expression): name="Command"; value="whoami"',
    ],
  ]);
});

test('placeholders are left out: -, empty, (NULL) and unresolved message references', () => {
  const details = eventDetails('Security', 4624, {
    TargetUserName: 'bob',
    TargetDomainName: '-',
    LogonType: '3',
    IpAddress: '-',
    IpPort: '-',
    WorkstationName: '',
    ProcessName: '(NULL)',
    AuthenticationPackageName: '%%1833',
    TargetLogonId: '0x1',
  });
  assert.deepEqual(details, [
    ['TargetUser', 'bob'],
    ['LogonType', '3 (Network)'],
    ['LogonId', '0x1'],
  ]);
});

test('channels compare case-insensitively, and a channel of two services finds its entry', () => {
  assert.deepEqual(eventDetails('SECURITY', 1102, { SubjectUserName: 'eve', SubjectDomainName: 'CORP' }), [['User', 'CORP\\eve']]);
  assert.deepEqual(eventDetails('PowerShellCore/Operational', 4104, { ScriptBlockText: 'Get-Process' }), [['ScriptBlock', 'Get-Process']]);
});

test('an event the table does not know shows its first non-empty EventData fields', () => {
  const details = eventDetails('Microsoft-Windows-Some/Operational', 7, {
    Empty: '',
    Dash: '-',
    Name: 'x',
    Values: ['a', '', 'b'],
    Last: 'y',
  });
  assert.deepEqual(details, [
    ['Name', 'x'],
    ['Values', 'a; b'],
    ['Last', 'y'],
  ]);
});

test('an entry whose fields the event lacks falls back to its EventData (another provider, same id)', () => {
  assert.deepEqual(eventDetails('System', 7045, { Unexpected: 'value' }), [['Unexpected', 'value']]);
});

test('a hostile record is bounded: thousands of EventData items, huge values, huge names', () => {
  const data: Record<string, EventDataValue> = {};
  for (let i = 0; i < 5000; i++) data[`F${i}`] = i < 3 ? '' : 'v'.repeat(40_000);
  data['N'.repeat(10_000)] = 'name';
  const started = process.hrtime.bigint();
  const details = eventDetails('Unknown', 1, data);
  assert.equal(details.length, FALLBACK_FIELDS);
  for (const [label, value] of details) {
    assert.ok(label.length <= 64 && value.length <= DETAIL_BRIEF_MAX + 1, `${label.length} ${value.length}`);
  }
  const huge = eventDetails('Security', 4688, {
    CommandLine: 'x'.repeat(32_767),
    NewProcessName: ['a'.repeat(32_767), ...Array.from({ length: 5000 }, () => 'b'.repeat(100))],
  });
  for (const [, value] of huge) assert.ok(value.length <= DETAIL_VALUE_MAX + 1, `${value.length}`);
  assert.equal(huge[0]![1], 'x'.repeat(DETAIL_VALUE_MAX) + '…');
  const script = eventDetails('Microsoft-Windows-PowerShell/Operational', 4104, {
    ScriptBlockText: ' \n'.repeat(1_000_000) + 'Invoke-Evil',
  });
  assert.ok(script.every(([, value]) => value.length <= DETAIL_BRIEF_MAX + 1));
  assert.ok(Number(process.hrtime.bigint() - started) / 1e6 < 2000);
});

test('a value is never cut between the halves of a surrogate pair', () => {
  const text = 'a'.repeat(DETAIL_VALUE_MAX - 1) + '😀'.repeat(10);
  const [[, value]] = eventDetails('Security', 4688, { CommandLine: text }) as [[string, string]];
  assert.equal(value, 'a'.repeat(DETAIL_VALUE_MAX - 1) + '…');
});

/** Windows 2003 Security ids a few rules keep beside today's: their records have no named EventData to show. */
const LEGACY_IDS: ReadonlySet<number> = new Set([517, 632, 633, 634, 675]);

/** The (service, EventID) pairs SigmaHQ's Windows rules name, and the Sysmon ids of their categories. */
function sigmaPairs(): Map<string, Set<number>> {
  const pairs = new Map<string, Set<number>>();
  const add = (service: string, id: number) => {
    if (!pairs.has(service)) pairs.set(service, new Set());
    pairs.get(service)!.add(id);
  };
  const eventIds = (node: unknown, out: number[]): void => {
    if (Array.isArray(node)) for (const item of node) eventIds(item, out);
    else if (node !== null && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key.split('|')[0] === 'EventID') for (const id of [value].flat()) typeof id === 'number' && out.push(id);
        else eventIds(value, out);
      }
    }
  };
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.yml')) {
        const rule = load(readFileSync(path, 'utf8')) as { logsource?: { service?: string; category?: string }; detection?: unknown };
        const service = rule?.logsource?.service;
        if (service === undefined || rule.logsource?.category !== undefined) continue;
        const ids: number[] = [];
        eventIds(rule.detection, ids);
        for (const id of ids) add(service, id);
      }
    }
  };
  walk(join(SHARED_DIR, 'corpus/sigma/rules/windows'));
  return pairs;
}

test("every (service, EventID) SigmaHQ's Windows rules name, and every Sysmon event of a category, has a details entry", shared, () => {
  const missing: string[] = [];
  // A service's channel, as the log-source table maps it (its first channel).
  const channelOf = new Map(knownLogSources().flatMap((facts) => facts.services.map((service) => [service, facts.channel] as const)));
  for (const [service, ids] of sigmaPairs()) {
    const channel = channelOf.get(service);
    if (channel === undefined) continue; // a service hunt reads no channel for
    for (const id of ids) if (!hasDetailsEntry(channel, id) && !LEGACY_IDS.has(id)) missing.push(`${service}:${id}`);
  }
  for (const facts of knownLogSources()) {
    if (facts.services.includes('sysmon') && facts.eventId > 0 && !hasDetailsEntry(facts.channel, facts.eventId))
      missing.push(`sysmon:${facts.eventId}`);
  }
  assert.deepEqual(missing, []);
});
