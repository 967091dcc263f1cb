/**
 * A Security log for correlation tests (written by the dev writer: record ids from 1000) and rules
 * over it: network logons at the edges of a span, in and out of order, on two hosts.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { securityLogonFrom, securitySpecialPrivileges, type Logon, type LogonSource } from '../../dev/events/security.js';
import type { Account } from '../../dev/events/windows.js';
import { writeEvtxFile, type EventSpec } from '../../dev/evtxWriter/index.js';

export const RULES = `title: Network logon
id: 7b1d3a8e-39c4-4c5e-9f0a-6a51f0f6f3a1
name: network_logon
logsource:
    product: windows
    service: security
detection:
    selection:
        EventID: 4624
        LogonType: 3
    condition: selection
---
title: Special privileges assigned
id: 8c2e4b9f-4ad5-4d6f-a01b-7b62a1a7a4b2
name: admin_logon
logsource:
    product: windows
    service: security
detection:
    selection:
        EventID: 4672
    condition: selection
---
title: Many network logons of one account
id: 9d3f5ca0-5be6-4e70-b12c-8c73b2b8b5c3
level: medium
correlation:
    type: event_count
    rules:
        - network_logon
    group-by:
        - TargetUserName
    timespan: 5m
    condition:
        gte: 3
---
title: Network logon of an account that then gets admin privileges
id: ae406db1-6cf7-4f81-c23d-9d84c3c9c6d4
level: high
correlation:
    type: temporal_ordered
    rules:
        - network_logon
        - admin_logon
    group-by:
        - account
    timespan: 1m
    aliases:
        account:
            network_logon: TargetUserName
            admin_logon: SubjectUserName
`;

const START = Date.UTC(2024, 4, 2, 9, 0, 0);
const MINUTE = 60_000;
const HOST = 'FS01.corp.local';

function account(name: string, rid: number): Account {
  return {
    name,
    domain: 'CORP',
    sid: `S-1-5-21-1004336348-1177238915-682003330-${rid}`,
    logonId: BigInt(0x5a000 + rid),
    logonGuid: '{00000000-0000-0000-0000-000000000000}',
  };
}

const ANONYMOUS: Account = { name: '-', domain: '-', sid: 'S-1-0-0', logonId: 0n, logonGuid: '{00000000-0000-0000-0000-000000000000}' };
const FROM_WORKSTATION: LogonSource = {
  logonProcess: 'NtLmSsp ',
  authenticationPackage: 'NTLM',
  workstation: 'WS07',
  ipAddress: '10.1.4.7',
  ipPort: '49822',
};

function networkLogon(at: number, target: Account, computer = HOST): EventSpec {
  const logon: Logon = { subject: ANONYMOUS, target, logonType: 3, elevated: false };
  return securityLogonFrom({ computer, timeCreated: new Date(at) }, logon, FROM_WORKSTATION);
}

const alice = account('alice', 1104);
const bob = account('bob', 1105);
const carol = account('carol', 1106);
const dave = account('dave', 1107);
const erin = account('erin', 1108);
const admin = (at: number, who: Account): EventSpec => securitySpecialPrivileges({ computer: HOST, timeCreated: new Date(at) }, who);

const EVENTS: readonly EventSpec[] = [
  // alice: three network logons, the third exactly 5 minutes after the first
  networkLogon(START, alice),
  networkLogon(START + 2 * MINUTE, alice),
  networkLogon(START + 5 * MINUTE, alice),
  // bob: the third is a millisecond too late
  networkLogon(START + 10 * MINUTE, bob),
  networkLogon(START + 12 * MINUTE, bob),
  networkLogon(START + 15 * MINUTE + 1, bob),
  // carol logs on over the network and is given admin privileges 59 seconds later
  networkLogon(START + 20 * MINUTE, carol),
  securitySpecialPrivileges({ computer: HOST, timeCreated: new Date(START + 20 * MINUTE + 59_000) }, carol),
  // bob gets admin privileges before a logon: the wrong order
  securitySpecialPrivileges({ computer: HOST, timeCreated: new Date(START + 30 * MINUTE) }, bob),
  networkLogon(START + 30 * MINUTE + 1_000, bob),
  // alice logs on to two hosts: not one group
  networkLogon(START + 40 * MINUTE, alice, 'FS02.corp.local'),
  securitySpecialPrivileges({ computer: HOST, timeCreated: new Date(START + 40 * MINUTE + 1_000) }, alice),
  // dave: three network logons, then admin privileges a minute and a half after the last
  networkLogon(START + 50 * MINUTE, dave),
  networkLogon(START + 51 * MINUTE, dave),
  networkLogon(START + 52 * MINUTE, dave),
  admin(START + 53.5 * MINUTE, dave),
  // erin: two network logons only, then admin privileges
  networkLogon(START + 60 * MINUTE, erin),
  networkLogon(START + 61 * MINUTE, erin),
  admin(START + 63 * MINUTE, erin),
];

/** The spec's chained example on these events: many logons of an account, then its admin privileges. */
export const CHAINED_RULES = RULES.replace(
  'title: Many network logons of one account\n',
  'title: Many network logons of one account\nname: many_logons\n',
).concat(`---
title: Many network logons, then admin privileges for the account
id: bf517ec2-7d08-4a92-d34d-ae95d4dad7e5
level: critical
correlation:
    type: temporal_ordered
    rules:
        - many_logons
        - admin_logon
    group-by:
        - account
    timespan: 10m
    aliases:
        account:
            many_logons: TargetUserName
            admin_logon: SubjectUserName
`);

/** The log of EVENTS (record ids from 1000) and the rule file, written to a fresh directory. */
export function written(rules: string): { log: string; ruleFile: string } {
  const dir = mkdtempSync(join(tmpdir(), 'hunt-correlation-evtx-'));
  const ruleFile = join(dir, 'mr_logons.yml');
  writeFileSync(ruleFile, rules);
  const log = join(dir, 'Security.evtx');
  writeEvtxFile(
    log,
    EVENTS.map((event, index) => ({ ...event, recordId: 1000 + index })),
  );
  return { log, ruleFile };
}
