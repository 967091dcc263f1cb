/** Programs of a Windows 10 workstation as Sysmon describes them, for the hosts of crafted and sample logs. */
import type { Account, IntegrityLevel, Program } from './windows.js';

const MS_PRODUCT = 'Microsoft® Windows® Operating System';
const MS_COMPANY = 'Microsoft Corporation';
const WIN_VERSION = '10.0.19041.3636 (WinBuild.160101.0800)';

export function windowsProgram(file: string, description: string, directory = 'C:\\Windows\\System32', originalFileName = file): Program {
  return {
    image: `${directory}\\${file}`,
    description,
    product: MS_PRODUCT,
    company: MS_COMPANY,
    fileVersion: WIN_VERSION,
    originalFileName,
  };
}

/** The Windows binaries both kinds of log start. */
export const WINDOWS_PROGRAMS = {
  services: windowsProgram('services.exe', 'Services and Controller app'),
  svchost: windowsProgram('svchost.exe', 'Host Process for Windows Services'),
  explorer: windowsProgram('explorer.exe', 'Windows Explorer', 'C:\\Windows'),
  cmd: windowsProgram('cmd.exe', 'Windows Command Processor'),
  conhost: windowsProgram('conhost.exe', 'Console Window Host'),
  powershell: windowsProgram('powershell.exe', 'Windows PowerShell', 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0'),
  net: windowsProgram('net.exe', 'Net Command'),
  net1: windowsProgram('net1.exe', 'Net Command'),
  notepad: windowsProgram('notepad.exe', 'Notepad'),
  taskhostw: windowsProgram('taskhostw.exe', 'Host Process for Windows Tasks'),
} satisfies Record<string, Program>;

export const GIT: Program = {
  image: 'C:\\Program Files\\Git\\cmd\\git.exe',
  description: 'Git for Windows',
  product: 'Git',
  company: 'The Git Development Community',
  fileVersion: '2.44.0.windows.1',
  originalFileName: 'git.exe',
};

/** A process start as a log generator picks it, before it becomes Sysmon 1 and Security 4688 events. */
export interface ProcessLaunch {
  readonly program: Program;
  readonly commandLine: string;
  readonly parent: Program;
  readonly parentCommandLine: string;
  readonly account: Account;
  readonly integrity: IntegrityLevel;
}

/** Service host command lines of a Windows 10 workstation. */
export const SERVICE_HOST_COMMAND_LINES: readonly string[] = [
  'C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s Schedule',
  'C:\\Windows\\system32\\svchost.exe -k LocalService -p -s nsi',
  'C:\\Windows\\System32\\svchost.exe -k NetworkService -p -s Dnscache',
  'C:\\Windows\\system32\\svchost.exe -k wsappx -p -s AppXSvc',
];

/** services.exe starting a service host as SYSTEM. */
export function serviceHostLaunch(commandLine: string, system: Account): ProcessLaunch {
  return {
    program: WINDOWS_PROGRAMS.svchost,
    commandLine,
    parent: WINDOWS_PROGRAMS.services,
    parentCommandLine: 'C:\\Windows\\system32\\services.exe',
    account: system,
    integrity: 'System',
  };
}
