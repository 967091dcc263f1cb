/** The workstation the hostile logs come from: its name, accounts and programs. */
import { GIT, windowsProgram, WINDOWS_PROGRAMS } from '../events/programs.js';
import { LOCAL_SYSTEM_SID, type Account, type Program } from '../events/windows.js';

export const COMPUTER = 'WKS-ENG-12.corp.example.com';
const DOMAIN = 'CORP';
const DOMAIN_SID = 'S-1-5-21-3623811015-3361044348-30300820';
export const SYSMON_PID = 2968;

export const SYSTEM_ACCOUNT: Account = {
  name: 'WKS-ENG-12$',
  domain: DOMAIN,
  sid: LOCAL_SYSTEM_SID,
  logonId: 0x3e7n,
  logonGuid: '{6C2D9A41-0B7E-65EF-E703-000000000000}',
};
export const BOB: Account = {
  name: 'bob',
  domain: DOMAIN,
  sid: `${DOMAIN_SID}-1211`,
  logonId: 0x4b1e07n,
  logonGuid: '{6C2D9A41-0C3A-65EF-071E-4B0000000000}',
};
export const DAVE_ADMIN: Account = {
  name: 'adm-dave',
  domain: DOMAIN,
  sid: `${DOMAIN_SID}-1219`,
  logonId: 0x6d22a1n,
  logonGuid: '{6C2D9A41-1F02-65EF-A122-6D0000000000}',
};

export const PROGRAMS = {
  ...WINDOWS_PROGRAMS,
  // As Sysmon reports them on a real host.
  cmd: windowsProgram('cmd.exe', 'Windows Command Processor', 'C:\\Windows\\System32', 'Cmd.Exe'),
  powershell: windowsProgram('powershell.exe', 'Windows PowerShell', 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0', 'PowerShell.EXE'),
  code: {
    image: 'C:\\Users\\bob\\AppData\\Local\\Programs\\Microsoft VS Code\\Code.exe',
    description: 'Visual Studio Code',
    product: 'Visual Studio Code',
    company: 'Microsoft Corporation',
    fileVersion: '1.87.2',
    originalFileName: 'electron.exe',
  },
  git: GIT,
} satisfies Record<string, Program>;

export const EXPLORER_CMD = 'C:\\Windows\\Explorer.EXE';
export const CMD_CMD = '"C:\\Windows\\system32\\cmd.exe"';
