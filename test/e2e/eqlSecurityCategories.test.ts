/**
 * Elastic's EQL rules of the authentication, iam and configuration categories, and `any where` rules
 * on Security and System fields, run unmodified through the built CLI: on real logs of the shared
 * attack corpus where it has an event that should fire them, else on a log the dev writer writes.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { securityLogonFrom, securityServiceInstalled, securityShareAccessCheck } from '../../dev/events/security.js';
import type { Account } from '../../dev/events/windows.js';
import { writeEvtxFile, type EventSpec } from '../../dev/evtxWriter/index.js';
import { sharedMissing, SHARED_DIR } from '../support/sharedData.js';
import { hunt, jsonLines } from './cli.js';

const skip = sharedMissing();
const RULES = (): string => join(SHARED_DIR, 'corpus/elastic-detection-rules/rules/windows');
const CORPUS = (): string => join(SHARED_DIR, 'corpus/evtx-attack-samples');

interface Hit {
  readonly record_id: number;
  readonly event_id: number;
  readonly rule: { readonly title: string; readonly source: string };
}

/** `rule` run over `log`: the hits as `record_id rule title`, sorted; the run must complete and load the rule. */
function hitsOf(rule: string, log: string): string[] {
  const run = hunt(['-r', join(RULES(), rule), log, '-f', 'jsonl']);
  assert.equal(run.status, 0, run.stderr);
  assert.doesNotMatch(run.stderr, /rule skipped/, run.stderr);
  return jsonLines<Hit>(run.stdout)
    .map((hit) => `${hit.record_id} ${hit.rule.title}`)
    .sort();
}

function writeLog(name: string, events: readonly EventSpec[]): string {
  const path = join(mkdtempSync(join(tmpdir(), 'hunt-eql-security-')), name);
  writeEvtxFile(path, events);
  return path;
}

function account(name: string, domain: string, rid: number, logonId: bigint): Account {
  return {
    name,
    domain,
    sid: `S-1-5-21-2811931466-3360357812-1042231543-${rid}`,
    logonId,
    logonGuid: '{7A1B2C3D-4E5F-6071-8293-A4B5C6D7E8F9}',
  };
}

test('iam: SamAccountName spoofing fires on the real rename of a machine account to a user-like name (4781)', { skip }, () => {
  const log = join(CORPUS(), 'Privilege Escalation/samaccount_spoofing_CVE-2021-42287_CVE-2021-42278_DC_securitylogs.evtx');
  assert.deepEqual(hitsOf('privilege_escalation_samaccountname_spoofing_attack.toml', log), [
    '2982094 Potential Privileged Escalation via SamAccountName Spoofing',
  ]);
});

test('iam: a scheduled task created by a user account fires on the real ATSVC task (4698)', { skip }, () => {
  const log = join(CORPUS(), 'Lateral Movement/LM_ScheduledTask_ATSVC_target_host.evtx');
  assert.deepEqual(hitsOf('persistence_scheduled_task_creation_winlog.toml', log), ['566836 A scheduled task was created']);
});

test('iam: a local group (Builtin Administrators, S-1-5-32-544) is no privileged Active Directory group', { skip }, () => {
  const log = join(CORPUS(), 'Persistence/Network_Service_Guest_added_to_admins_4732.evtx');
  assert.deepEqual(hitsOf('persistence_user_account_added_to_privileged_group_ad.toml', log), []);
});

const DC = { computer: 'DC01.corp.example.com', timeCreated: new Date('2024-03-11T09:20:00Z'), processId: 720, threadId: 2212 };
const SYSTEM: Account = {
  name: 'DC01$',
  domain: 'CORP',
  sid: 'S-1-5-18',
  logonId: 0x3e7n,
  logonGuid: '{00000000-0000-0000-0000-000000000000}',
};
const NOBODY: Account = { name: '-', domain: '-', sid: 'S-1-0-0', logonId: 0n, logonGuid: '{00000000-0000-0000-0000-000000000000}' };

/**
 * No corpus log has these logons: a make_token-style LogonUser call by a tool in a user's Temp
 * folder (record 1) beside winlogon's own (2), and a DC's machine account relayed back to it over
 * NTLM from another address (3) beside another machine's account (4).
 */
function logonLog(): string {
  const alice = account('alice', 'CORP', 1104, 0x5e2887n);
  const sqlService = account('svc_sql', 'CORP', 1131, 0x6f1a03n);
  const interactive = { subject: alice, target: sqlService, logonType: 2, elevated: false };
  const local = { authenticationPackage: 'Negotiate', logonProcess: 'Advapi  ', workstation: 'DC01', ipAddress: '-', ipPort: '-' };
  const network = { logonProcess: 'NtLmSsp ', authenticationPackage: 'NTLM', ipPort: '50612' };
  return writeLog('Security.evtx', [
    securityLogonFrom(DC, interactive, {
      ...local,
      process: { processId: 0x1a2c, image: 'C:\\Users\\alice\\AppData\\Local\\Temp\\tok.exe' },
    }),
    securityLogonFrom(DC, interactive, { ...local, process: { processId: 0x2f0, image: 'C:\\Windows\\System32\\winlogon.exe' } }),
    securityLogonFrom(
      DC,
      { subject: NOBODY, target: { ...SYSTEM, sid: 'S-1-5-21-2811931466-3360357812-1042231543-1000' }, logonType: 3, elevated: false },
      { ...network, workstation: 'KALI', ipAddress: '10.0.4.66' },
    ),
    securityLogonFrom(
      DC,
      { subject: NOBODY, target: account('FS01$', 'CORP', 1105, 0x7a0001n), logonType: 3, elevated: false },
      { ...network, workstation: 'FS01', ipAddress: '10.0.4.12' },
    ),
  ]);
}

test('authentication: an interactive logon asked for by an unusual process fires (a log the dev writer writes)', () => {
  assert.deepEqual(hitsOf('privilege_escalation_make_token_local.toml', logonLog()), ['1 Interactive Logon by an Unusual Process']);
});

test('authentication: a machine account NTLM-logged on to its own host from elsewhere fires (a log the dev writer writes)', () => {
  assert.deepEqual(hitsOf('credential_access_dollar_account_relay.toml', logonLog()), ['3 Potential Computer Account NTLM Relay Activity']);
});

test('configuration: a LocalSystem service installed over RPC (client process 0) on a workgroup host fires (a log the dev writer writes)', () => {
  const host = { computer: 'WKS-07', timeCreated: new Date('2024-03-11T09:30:00Z'), processId: 704, threadId: 1880 };
  const admin = account('admin', 'WKS-07', 500, 0x4a1f2n);
  const service = { type: 0x10, startType: 3, account: 'LocalSystem' };
  const log = writeLog('Security.evtx', [
    securityServiceInstalled(host, admin, {
      ...service,
      name: 'updsvc',
      fileName: 'C:\\ProgramData\\upd.exe',
      clientProcessId: 0,
      parentProcessId: 0,
    }),
    securityServiceInstalled(host, admin, {
      ...service,
      name: 'Spooler2',
      fileName: 'C:\\Windows\\spool2.exe',
      clientProcessId: 4120,
      parentProcessId: 3312,
    }),
  ]);
  assert.deepEqual(hitsOf('privilege_escalation_windows_service_via_unusual_client.toml', log), [
    '1 Windows Service Installed via an Unusual Client',
  ]);
});

test('any: a suspicious service installed (System 7045) fires on the real named-pipe privilege escalation', { skip }, () => {
  const log = join(CORPUS(), 'Privilege Escalation/System_7045_namedpipe_privesc.evtx');
  assert.deepEqual(hitsOf('persistence_service_windows_service_winlog.toml', log), [
    '10446 Suspicious Service was Installed in the System',
  ]);
});

test('any: SeDebugPrivilege enabled by mimikatz fires on the real 4703, whose event.action is its task name', { skip }, () => {
  const log = join(CORPUS(), 'Privilege Escalation/win10_4703_SeDebugPrivilege_enabled.evtx');
  assert.deepEqual(hitsOf('privilege_escalation_tokenmanip_sedebugpriv_enabled.toml', log), [
    '11983 SeDebugPrivilege Enabled by a Suspicious Process',
  ]);
});

test('any: a GPO logon script (scripts.ini) written over SYSVOL fires: AccessList keeps its %%4417 codes (a log the dev writer writes)', () => {
  const bob = account('bob', 'CORP', 1108, 0x3cade20n);
  const scripts = {
    shareName: '\\\\*\\SYSVOL',
    shareLocalPath: '\\??\\C:\\Windows\\SYSVOL\\sysvol',
    relativeTargetName: 'corp.example.com\\Policies\\{31B2F340-016D-11D2-945F-00C04FB984F9}\\Machine\\Scripts\\scripts.ini',
    ipAddress: '10.0.4.66',
    ipPort: 50121,
  };
  const log = writeLog('Security.evtx', [
    securityShareAccessCheck(DC, bob, { ...scripts, accessMask: 0x12019f, accessList: ['%%1538', '%%1541', '%%4416', '%%4417', '%%4418'] }),
    securityShareAccessCheck(DC, bob, { ...scripts, accessMask: 0x120089, accessList: ['%%1538', '%%1541', '%%4416'] }),
  ]);
  assert.deepEqual(hitsOf('privilege_escalation_group_policy_iniscript.toml', log), [
    '1 Startup/Logon Script added to Group Policy Object',
  ]);
});
