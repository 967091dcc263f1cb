/**
 * Elastic's EQL rules of the categories Sysmon feeds (registry, file, library, network and DNS,
 * driver) run unmodified through the built CLI on real Sysmon logs of the shared attack corpus, and
 * fire on the events the rule describes. DNS queries are missing from the corpus (its one Sysmon 22
 * asks for `wpad`): those rules run on a log the dev writer writes.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { sysmonDnsQuery, type SysmonOrigin } from '../../dev/events/sysmon.js';
import { WINDOWS_PROGRAMS } from '../../dev/events/programs.js';
import type { Account, RunningProcess } from '../../dev/events/windows.js';
import { writeEvtxFile } from '../../dev/evtxWriter/index.js';
import { SHARED_DIR, sharedMissing } from '../support/sharedData.js';
import { hunt, jsonLines } from './cli.js';

const skip = sharedMissing();
const RULES = join(SHARED_DIR, 'corpus', 'elastic-detection-rules', 'rules', 'windows');
const SAMPLES = join(SHARED_DIR, 'corpus', 'evtx-attack-samples');

interface Hit {
  readonly rule: { readonly title: string; readonly source: string };
  readonly record_id: number;
  readonly event_id: number;
  readonly event_data: Readonly<Record<string, string>>;
}

function huntWith(rules: readonly string[], log: string): { hits: Hit[]; stderr: string } {
  const run = hunt([...rules.flatMap((rule) => ['-r', join(RULES, rule)]), log, '-f', 'jsonl', '-v']);
  assert.equal(run.status, 0, run.stderr);
  return { hits: jsonLines<Hit>(run.stdout), stderr: run.stderr };
}

/** Which records each rule fired on: `title -> [record ids]`. */
function firedOn(hits: readonly Hit[]): Record<string, number[]> {
  const fired: Record<string, number[]> = {};
  for (const hit of hits) (fired[hit.rule.title] ??= []).push(hit.record_id);
  return fired;
}

test(
  'registry: "Disabling User Account Control via Registry Modification" fires on the Sysmon 13 that sets EnableLUA to 0',
  { skip },
  () => {
    const { hits } = huntWith(
      ['privilege_escalation_disable_uac_registry.toml'],
      join(SAMPLES, 'Defense Evasion', 'DE_UAC_Disabled_Sysmon_12_13.evtx'),
    );
    assert.deepEqual(firedOn(hits), { 'Disabling User Account Control via Registry Modification': [18619] });
    assert.equal(hits[0]!.event_id, 13);
    assert.equal(hits[0]!.event_data['Details'], 'DWORD (0x00000000)');
  },
);

test('file: "LSASS Memory Dump Creation" fires on procdump\'s Sysmon 11 file creations', { skip }, () => {
  const { hits } = huntWith(
    ['credential_access_lsass_memdump_file_created.toml'],
    join(SAMPLES, 'Credential Access', 'sysmon_10_11_lsass_memdump.evtx'),
  );
  assert.deepEqual(firedOn(hits), { 'LSASS Memory Dump Creation': [4433, 4441] });
  assert.ok(hits.every((hit) => hit.event_id === 11 && hit.event_data['TargetFilename']!.includes('lsass')));
});

test('file: "Privilege Escalation via Rogue Named Pipe Impersonation" fires on the Sysmon 17 pipe RoguePotato creates', { skip }, () => {
  const { hits } = huntWith(
    ['privilege_escalation_via_rogue_named_pipe.toml'],
    join(SAMPLES, 'Privilege Escalation', 'privesc_roguepotato_sysmon_17_18.evtx'),
  );
  assert.deepEqual(firedOn(hits), { 'Privilege Escalation via Rogue Named Pipe Impersonation': [141989] });
  assert.equal(hits[0]!.event_id, 17);
});

test(
  "library: an image-load rule fires on SharpRDP's Sysmon 7; `library where` rules are skipped, since Sysmon 7 is a process event",
  { skip },
  () => {
    // Elastic's pipeline files image loads under event.category process, action "Image loaded": its rules
    // reach them with `any where ... event.action : "Image loaded*"` and file.name.
    const { hits, stderr } = huntWith(
      ['lateral_movement_suspicious_rdp_client_imageload.toml', 'credential_access_imageload_azureadconnectauthsvc.toml'],
      join(SAMPLES, 'Lateral Movement', 'sharprdp_sysmon_7_mstscax.dll.evtx'),
    );
    assert.deepEqual(firedOn(hits), { 'Suspicious RDP ActiveX Client Loaded': [2864] });
    assert.equal(hits[0]!.event_id, 7);
    assert.match(stderr, /Untrusted DLL Loaded by Azure AD Connect Authentication Agent\): EQL 'library where' rules need library events/);
  },
);

test('driver: no Elastic driver rule can see Sysmon 6, which names no process: both are skipped, naming process.pid', { skip }, () => {
  const { hits, stderr } = huntWith(
    [
      'defense_evasion_untrusted_driver_loaded.toml',
      'privilege_escalation_expired_driver_loaded.toml',
      'privilege_escalation_disable_uac_registry.toml',
    ],
    join(SAMPLES, 'Command and Control', 'DE_sysmon-3-rdp-tun.evtx'),
  );
  assert.deepEqual(hits, []);
  assert.match(stderr, /\(Untrusted Driver Loaded\): needs process\.pid/);
  assert.match(stderr, /\(Expired or Revoked Driver Loaded\): needs process\.pid/);
});

const WORKSTATION: SysmonOrigin = {
  computer: 'WKS-FIN-07.corp.example',
  timeCreated: new Date(Date.UTC(2024, 2, 11, 10, 44, 1)),
  utcTime: new Date(Date.UTC(2024, 2, 11, 10, 44, 0, 512)),
};
const CAROL: Account = {
  name: 'carol',
  domain: 'CORP',
  sid: 'S-1-5-21-1-2-3-1107',
  logonId: 0x5f3a1n,
  logonGuid: '{9b2c4d1e-7a10-65ef-a1f3-050000000000}',
};

function running(program: RunningProcess['program'], processId: number, guid: string): RunningProcess {
  return { processId, processGuid: guid, program, account: CAROL };
}

/** PowerShell fetching a certificate-provider name and a KrbRelayUp-style coerce name; svchost's query is filtered out by the rule. */
function dnsLog(): string {
  const powershell = running(WINDOWS_PROGRAMS.powershell, 6112, '{9b2c4d1e-7a22-65ef-3c01-000000000b00}');
  const svchost = running(WINDOWS_PROGRAMS.svchost, 1304, '{9b2c4d1e-0a11-65ef-1500-000000000b00}');
  const at = (offset: number): SysmonOrigin => ({
    ...WORKSTATION,
    timeCreated: new Date(WORKSTATION.timeCreated.getTime() + offset),
    utcTime: new Date(WORKSTATION.utcTime.getTime() + offset),
  });
  const events = [
    {
      ...sysmonDnsQuery(at(0), powershell, {
        queryName: 'acme-v02.api.letsencrypt.org',
        queryStatus: 0,
        queryResults: 'type:  5 prod.api.letsencrypt.org;type:  5 ca80a1adb12a4fbdac5ffcbc944e9a61.pacloudflare.com;::ffff:172.65.32.248;',
      }),
      recordId: 53401,
    },
    {
      ...sysmonDnsQuery(at(900), svchost, {
        queryName: 'r3.o.lencr.org.letsencrypt.org',
        queryStatus: 9003,
        queryResults: '-',
      }),
      recordId: 53402,
    },
    {
      ...sysmonDnsQuery(at(2100), powershell, {
        queryName: 'dc011UWhRCAAAAAAAAAAAAAAAAAAAAAAAAAAAAwbEAYBAAAA',
        queryStatus: 9003,
        queryResults: '-',
      }),
      recordId: 53403,
    },
  ];
  const path = join(mkdtempSync(join(tmpdir(), 'hunt-sysmon-dns-')), 'Microsoft-Windows-Sysmon%4Operational.evtx');
  writeEvtxFile(path, events);
  return path;
}

test('network (DNS): rules on dns.question.name and network.protocol fire on Sysmon 22 queries written by the dev writer', () => {
  const { hits } = huntWith(
    [
      'command_and_control_encrypted_channel_freesslcert.toml',
      'credential_access_kerberos_coerce_dns.toml',
      'command_and_control_dns_susp_tld.toml',
    ],
    dnsLog(),
  );
  assert.deepEqual(firedOn(hits), {
    'Connection to Commonly Abused Free SSL Certificate Providers': [53401],
    'Potential Kerberos SPN Spoofing via Suspicious DNS Query': [53403],
  });
  assert.ok(hits.every((hit) => hit.event_id === 22));
});
