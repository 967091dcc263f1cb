/** The workstation the sample logs come from: its name, accounts and installed programs. */
import { GIT, windowsProgram, WINDOWS_PROGRAMS } from '../../dev/events/programs.js';
import { LOCAL_SYSTEM_SID, type Account, type Program } from '../../dev/events/windows.js';

export const COMPUTER = 'WKS-FIN-07.corp.example.com';
const DOMAIN = 'CORP';
const DOMAIN_SID = 'S-1-5-21-1004336348-1177238915-682003330';
/** The Sysmon service's process id. */
export const SYSMON_PID = 3172;

export const SYSTEM_ACCOUNT: Account = {
  name: 'WKS-FIN-07$',
  domain: DOMAIN,
  sid: LOCAL_SYSTEM_SID,
  logonId: 0x3e7n,
  logonGuid: '{8F1A5C3E-6B0D-65EE-E703-000000000000}',
};
export const ALICE: Account = {
  name: 'alice',
  domain: DOMAIN,
  sid: `${DOMAIN_SID}-1104`,
  logonId: 0x5a3f21n,
  logonGuid: '{8F1A5C3E-6B2E-65EE-213F-5A0000000000}',
};
export const CAROL_ADMIN: Account = {
  name: 'adm-carol',
  domain: DOMAIN,
  sid: `${DOMAIN_SID}-1107`,
  logonId: 0x7c0d94n,
  logonGuid: '{8F1A5C3E-7A11-65EE-940D-7C0000000000}',
};

export const PROGRAMS = {
  ...WINDOWS_PROGRAMS,
  wmiprvse: windowsProgram('WmiPrvSE.exe', 'WMI Provider Host', 'C:\\Windows\\System32\\wbem'),
  searchProtocolHost: windowsProgram('SearchProtocolHost.exe', 'Microsoft Windows Search Protocol Host'),
  chrome: {
    image: 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
    description: 'Google Chrome',
    product: 'Google Chrome',
    company: 'Google LLC',
    fileVersion: '122.0.6261.112',
    originalFileName: 'chrome.exe',
  },
  git: GIT,
  cabinet: {
    image: 'C:\\Program Files\\Contoso\\Cabinet\\cabinet.exe',
    description: 'Contoso Cabinet archive tool',
    product: 'Contoso Cabinet',
    company: 'Contoso Ltd.',
    fileVersion: '3.2.1.0',
    originalFileName: 'cabinet.exe',
  },
  /** net.exe copied to a new name: only OriginalFileName gives it away. */
  renamedNet: { ...windowsProgram('net.exe', 'Net Command'), image: 'C:\\Users\\Public\\Libraries\\svcmgr.exe' },
} satisfies Record<string, Program>;

/** Command lines Windows starts the shell and consoles with. */
export const EXPLORER_CMD = 'C:\\Windows\\Explorer.EXE';
export const CMD_CMD = '"C:\\Windows\\system32\\cmd.exe" ';
