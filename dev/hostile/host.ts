/** The workstation the hostile logs come from: its name, accounts and programs. */
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

const MS_PRODUCT = 'Microsoft® Windows® Operating System';
const MS_COMPANY = 'Microsoft Corporation';
const WIN_VERSION = '10.0.19041.3636 (WinBuild.160101.0800)';

function windowsProgram(file: string, description: string, directory = 'C:\\Windows\\System32', originalFileName = file): Program {
  return {
    image: `${directory}\\${file}`,
    description,
    product: MS_PRODUCT,
    company: MS_COMPANY,
    fileVersion: WIN_VERSION,
    originalFileName,
  };
}

export const PROGRAMS = {
  services: windowsProgram('services.exe', 'Services and Controller app'),
  svchost: windowsProgram('svchost.exe', 'Host Process for Windows Services'),
  explorer: windowsProgram('explorer.exe', 'Windows Explorer', 'C:\\Windows'),
  cmd: windowsProgram('cmd.exe', 'Windows Command Processor', 'C:\\Windows\\System32', 'Cmd.Exe'),
  conhost: windowsProgram('conhost.exe', 'Console Window Host'),
  powershell: windowsProgram('powershell.exe', 'Windows PowerShell', 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0', 'PowerShell.EXE'),
  net: windowsProgram('net.exe', 'Net Command'),
  net1: windowsProgram('net1.exe', 'Net Command'),
  notepad: windowsProgram('notepad.exe', 'Notepad'),
  taskhostw: windowsProgram('taskhostw.exe', 'Host Process for Windows Tasks'),
  code: {
    image: 'C:\\Users\\bob\\AppData\\Local\\Programs\\Microsoft VS Code\\Code.exe',
    description: 'Visual Studio Code',
    product: 'Visual Studio Code',
    company: 'Microsoft Corporation',
    fileVersion: '1.87.2',
    originalFileName: 'electron.exe',
  },
  git: {
    image: 'C:\\Program Files\\Git\\cmd\\git.exe',
    description: 'Git for Windows',
    product: 'Git',
    company: 'The Git Development Community',
    fileVersion: '2.44.0.windows.1',
    originalFileName: 'git.exe',
  },
} satisfies Record<string, Program>;

export const EXPLORER_CMD = 'C:\\Windows\\Explorer.EXE';
export const CMD_CMD = '"C:\\Windows\\system32\\cmd.exe"';
