/**
 * Regenerates the bundled sample logs in samples/ (deterministic: seeded PRNG, fixed base time):
 * a Security log and a Sysmon log of one workstation's morning, with benign activity and the
 * positives and near-misses of the two bundled rules listed in samples/README.md.
 * Run: npm run samples
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { writeEvtx, type EventSpec, type WriterValue } from '../dev/evtxWriter/index.js';
import { Prng } from './prng.js';

const SAMPLES_DIR = fileURLToPath(new URL('../../samples/', import.meta.url));
const BASE_TIME = Date.UTC(2024, 2, 11, 7, 30, 0);
const COMPUTER = 'WKS-FIN-07.corp.example.com';
const DOMAIN = 'CORP';
const DOMAIN_SID = 'S-1-5-21-1004336348-1177238915-682003330';
const SECURITY_FIRST_RECORD_ID = 184203;
const SYSMON_FIRST_RECORD_ID = 52011;
const PROCESS_STARTS = 900;
const SYSMON_PID = 3172;

const SECURITY = {
  provider: 'Microsoft-Windows-Security-Auditing',
  providerGuid: '{54849625-5478-4994-A5BA-3E3B0328C30D}',
  channel: 'Security',
  keywords: 0x8020000000000000n,
} as const;

const SYSMON = {
  provider: 'Microsoft-Windows-Sysmon',
  providerGuid: '{5770385F-C22A-43E0-BF4C-06F5698FFBD9}',
  channel: 'Microsoft-Windows-Sysmon/Operational',
  keywords: 0x8000000000000000n,
} as const;

type RuleName = 'Unmount Share Via Net.EXE' | 'Mounting Hidden or WebDav Remote Shares';


interface Account {
  readonly name: string;
  readonly domain: string;
  readonly sid: string;
  readonly logonId: bigint;
  readonly logonGuid: string;
}

const SYSTEM_ACCOUNT: Account = {
  name: 'WKS-FIN-07$',
  domain: DOMAIN,
  sid: 'S-1-5-18',
  logonId: 0x3e7n,
  logonGuid: '{8F1A5C3E-6B0D-65EE-E703-000000000000}',
};
const ALICE: Account = {
  name: 'alice',
  domain: DOMAIN,
  sid: `${DOMAIN_SID}-1104`,
  logonId: 0x5a3f21n,
  logonGuid: '{8F1A5C3E-6B2E-65EE-213F-5A0000000000}',
};
const CAROL_ADMIN: Account = {
  name: 'adm-carol',
  domain: DOMAIN,
  sid: `${DOMAIN_SID}-1107`,
  logonId: 0x7c0d94n,
  logonGuid: '{8F1A5C3E-7A11-65EE-940D-7C0000000000}',
};

function sysmonUser(account: Account): string {
  return account === SYSTEM_ACCOUNT ? 'NT AUTHORITY\\SYSTEM' : `${account.domain}\\${account.name}`;
}

interface Program {
  readonly image: string;
  readonly description: string;
  readonly product: string;
  readonly company: string;
  readonly fileVersion: string;
  readonly originalFileName: string;
}

const MS_PRODUCT = 'Microsoft® Windows® Operating System';
const MS_COMPANY = 'Microsoft Corporation';
const WIN_VERSION = '10.0.19041.3636 (WinBuild.160101.0800)';

function windowsProgram(file: string, description: string, directory = 'C:\\Windows\\System32'): Program {
  return {
    image: `${directory}\\${file}`,
    description,
    product: MS_PRODUCT,
    company: MS_COMPANY,
    fileVersion: WIN_VERSION,
    originalFileName: file.toUpperCase() === 'NET1.EXE' ? 'net1.exe' : file,
  };
}

const PROGRAMS = {
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
  git: {
    image: 'C:\\Program Files\\Git\\cmd\\git.exe',
    description: 'Git for Windows',
    product: 'Git',
    company: 'The Git Development Community',
    fileVersion: '2.44.0.windows.1',
    originalFileName: 'git.exe',
  },
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

interface ProcessStart {
  readonly program: Program;
  readonly commandLine: string;
  readonly parent: Program;
  readonly parentCommandLine: string;
  readonly account: Account;
  readonly integrity: 'System' | 'High' | 'Medium';
  /** Set for the bundled rules' intended hits. */
  readonly positiveFor?: readonly RuleName[];
  /** Why a near-miss must not fire, for the README. */
  readonly nearMiss?: string;
  /** Sysmon only: Security 4688 has no OriginalFileName, so this start is not written there. */
  readonly sysmonOnly?: boolean;
}

const EXPLORER_CMD = 'C:\\Windows\\Explorer.EXE';
const CMD_CMD = '"C:\\Windows\\system32\\cmd.exe" ';
const SVCHOST_CMDS = [
  'C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s Schedule',
  'C:\\Windows\\system32\\svchost.exe -k LocalService -p -s nsi',
  'C:\\Windows\\System32\\svchost.exe -k NetworkService -p -s Dnscache',
  'C:\\Windows\\system32\\svchost.exe -k wsappx -p -s AppXSvc',
  'C:\\Windows\\system32\\svchost.exe -k UnistackSvcGroup -s CDPUserSvc_4c1e2',
];

/** One benign process start, weighted towards what a finance workstation runs. */
function benignStart(prng: Prng): ProcessStart {
  const roll = prng.next();
  const user = (program: Program, commandLine: string, parent = PROGRAMS.explorer, parentCommandLine = EXPLORER_CMD) =>
    ({ program, commandLine, parent, parentCommandLine, account: ALICE, integrity: 'Medium' }) as const;
  if (roll < 0.22) {
    return {
      program: PROGRAMS.svchost,
      commandLine: prng.pick(SVCHOST_CMDS),
      parent: PROGRAMS.services,
      parentCommandLine: 'C:\\Windows\\system32\\services.exe',
      account: SYSTEM_ACCOUNT,
      integrity: 'System',
    };
  }
  if (roll < 0.42) {
    const chromeCmd = `"${PROGRAMS.chrome.image}"`;
    const child = prng.pick(['renderer', 'gpu-process', 'utility']);
    return user(
      PROGRAMS.chrome,
      `${chromeCmd} --type=${child} --lang=en-US --field-trial-handle=${prng.int(1000, 9999)} /prefetch:${prng.int(1, 8)}`,
      PROGRAMS.chrome,
      chromeCmd,
    );
  }
  if (roll < 0.5) {
    return user(PROGRAMS.cmd, `${CMD_CMD}${prng.pick(['', '/c dir C:\\Users\\alice\\Documents', '/c echo %DATE% >> C:\\Temp\\log.txt'])}`.trim());
  }
  if (roll < 0.56) {
    return user(
      PROGRAMS.conhost,
      '\\??\\C:\\Windows\\system32\\conhost.exe 0xffffffff -ForceV1',
      PROGRAMS.cmd,
      `${CMD_CMD}/c dir`,
    );
  }
  if (roll < 0.64) {
    const script = prng.pick([
      '-NoProfile -Command Get-Date',
      '-NoProfile -ExecutionPolicy Bypass -File C:\\Scripts\\Sync-Reports.ps1',
      '-Command "Get-ChildItem \\\\fs01\\finance\\2024 | Measure-Object"',
    ]);
    return user(PROGRAMS.powershell, `"${PROGRAMS.powershell.image}" ${script}`);
  }
  if (roll < 0.72) {
    const args = prng.pick(['status', 'pull --ff-only', 'log --oneline -5', 'fetch origin', 'diff --stat']);
    return user(PROGRAMS.git, `"${PROGRAMS.git.image}" ${args}`, PROGRAMS.powershell, `"${PROGRAMS.powershell.image}"`);
  }
  if (roll < 0.8) {
    const args = prng.pick([
      'net view \\\\fs01',
      'net use Z: \\\\fs01\\projects',
      'net use P: \\\\fs01\\public /persistent:yes',
      'net use',
      'net view',
      'net use Z: /delete',
      'net share',
    ]);
    return user(PROGRAMS.net, args, PROGRAMS.cmd, CMD_CMD.trim());
  }
  if (roll < 0.86) return user(PROGRAMS.notepad, `"${PROGRAMS.notepad.image}" C:\\Users\\alice\\Documents\\todo.txt`);
  if (roll < 0.92) {
    return {
      program: PROGRAMS.taskhostw,
      commandLine: 'taskhostw.exe -RegisterDevice -ProtectionStateChanged -FreeNetworkOnly',
      parent: PROGRAMS.svchost,
      parentCommandLine: SVCHOST_CMDS[0] as string,
      account: ALICE,
      integrity: 'Medium',
    };
  }
  if (roll < 0.96) {
    return {
      program: PROGRAMS.searchProtocolHost,
      commandLine: '"C:\\Windows\\system32\\SearchProtocolHost.exe" Global\\UsGthrFltPipeMssGthrPipe1_ Global\\UsGthrCtrlFltPipeMssGthrPipe1',
      parent: PROGRAMS.svchost,
      parentCommandLine: SVCHOST_CMDS[1] as string,
      account: SYSTEM_ACCOUNT,
      integrity: 'System',
    };
  }
  return {
    program: PROGRAMS.wmiprvse,
    commandLine: 'C:\\Windows\\system32\\wbem\\wmiprvse.exe -secured -Embedding',
    parent: PROGRAMS.svchost,
    parentCommandLine: 'C:\\Windows\\system32\\svchost.exe -k DcomLaunch -p',
    account: SYSTEM_ACCOUNT,
    integrity: 'System',
  };
}

/** What carol, the admin, does in a console: the rules' intended hits and their near-misses. */
function scriptedStarts(): ProcessStart[] {
  const admin = (program: Program, commandLine: string, extra: Partial<ProcessStart> = {}): ProcessStart => ({
    program,
    commandLine,
    parent: PROGRAMS.cmd,
    parentCommandLine: CMD_CMD.trim(),
    account: CAROL_ADMIN,
    integrity: 'High',
    ...extra,
  });
  const unmount: RuleName[] = ['Unmount Share Via Net.EXE'];
  const mount: RuleName[] = ['Mounting Hidden or WebDav Remote Shares'];
  return [
    admin(PROGRAMS.net, 'net.exe share x /delete', { positiveFor: unmount }),
    admin(PROGRAMS.net1, 'net1 share c$ /delete', { positiveFor: unmount }),
    admin(PROGRAMS.renamedNet, 'svcmgr.exe share backup$ /delete', { positiveFor: unmount, sysmonOnly: true }),
    admin(PROGRAMS.net, 'net use \\\\10.0.0.5\\C$ /user:CORP\\adm-carol Winter2024!', { positiveFor: mount }),
    admin(PROGRAMS.net, 'net use Z: \\\\fs01\\ADMIN$', { positiveFor: mount }),
    admin(PROGRAMS.net, '"C:\\Windows\\system32\\net.exe" use \\\\webdav.example.com@SSL\\DavWWWRoot', { positiveFor: mount }),
    admin(PROGRAMS.net, 'net use https://files.example.com/dav/finance', { positiveFor: mount }),
    admin(PROGRAMS.net1, 'net1 use \\\\fs02\\D$', { positiveFor: mount }),
    admin(PROGRAMS.net, 'net use \\\\fs01\\C$ /persistent:no', { positiveFor: mount }),
    admin(PROGRAMS.net1, 'C:\\Windows\\system32\\net1 use \\\\fs01\\C$ /persistent:no', {
      parent: PROGRAMS.net,
      parentCommandLine: 'net use \\\\fs01\\C$ /persistent:no',
      nearMiss: 'net1.exe whose parent is net.exe (the parent is the hit)',
    }),
    admin(PROGRAMS.net, 'net use \\\\host\\C$ /delete', { nearMiss: 'deletes a mapping (/d*), no "share" argument' }),
    admin(PROGRAMS.net, 'net use /D \\\\host\\share$', { nearMiss: 'deletes a mapping (/D), no "/delete"' }),
    admin(PROGRAMS.net, 'net share', { nearMiss: '"net share" without /delete' }),
    admin(PROGRAMS.net, 'net share docs=C:\\Docs /grant:everyone,read', { nearMiss: 'creates a share, no /delete' }),
    admin(PROGRAMS.cabinet, 'cabinet.exe share x /delete', { nearMiss: 'cabinet.exe ends in "net.exe" but not "\\net.exe"' }),
    admin(PROGRAMS.cabinet, 'cabinet.exe use \\\\fs01\\C$', { nearMiss: 'cabinet.exe is not net.exe' }),
  ];
}

interface LogEntry {
  readonly time: number;
  readonly spec: Omit<EventSpec, 'recordId'>;
  readonly start?: ProcessStart;
}

interface ActiveProcess {
  readonly start: ProcessStart;
  readonly pid: number;
  readonly guid: string;
  readonly startedAt: number;
}

/** Builds both logs' entries along one timeline. */
class Timeline {
  readonly security: LogEntry[] = [];
  readonly sysmon: LogEntry[] = [];
  private guidCounter = 0x4a2c10;

  constructor(private readonly prng: Prng) {}

  processStart(time: number, start: ProcessStart, parentPid: number): ActiveProcess {
    const process: ActiveProcess = { start, pid: this.prng.int(600, 14000) & ~3, guid: this.nextGuid(time), startedAt: time };
    this.sysmon.push({ time, start, spec: this.sysmon1(time, process, parentPid) });
    if (start.sysmonOnly !== true) this.security.push({ time, start, spec: this.security4688(time, process, parentPid) });
    return process;
  }

  processEnd(time: number, process: ActiveProcess): void {
    const { account, program } = process.start;
    this.sysmon.push({
      time,
      spec: this.sysmonEvent(time, 5, 3, [
        str('RuleName', '-'),
        str('UtcTime', utcTime(time)),
        { name: 'ProcessGuid', value: { type: 'guid', value: process.guid } },
        { name: 'ProcessId', value: { type: 'uint32', value: process.pid } },
        str('Image', program.image),
        str('User', sysmonUser(account)),
      ]),
    });
    this.security.push({
      time,
      spec: this.securityEvent(time, 4689, 0, 13313, [
        ...subject(account),
        { name: 'Status', value: { type: 'hexint32', value: 0 } },
        { name: 'ProcessId', value: { type: 'hexint64', value: process.pid } },
        str('ProcessName', program.image),
      ]),
    });
  }

  logon(time: number, account: Account, logonType: number, privileged: boolean): void {
    const target = [
      { name: 'TargetUserSid', value: { type: 'sid', value: account.sid } },
      str('TargetUserName', account.name),
      str('TargetDomainName', account.domain),
      { name: 'TargetLogonId', value: { type: 'hexint64', value: account.logonId } },
    ] satisfies EventSpec['data'];
    this.security.push({
      time,
      spec: this.securityEvent(time, 4624, 2, 12544, [
        ...subject(SYSTEM_ACCOUNT),
        ...target,
        { name: 'LogonType', value: { type: 'uint32', value: logonType } },
        str('LogonProcessName', logonType === 5 ? 'Advapi  ' : 'User32 '),
        str('AuthenticationPackageName', logonType === 5 ? 'Negotiate' : 'Kerberos'),
        str('WorkstationName', 'WKS-FIN-07'),
        { name: 'LogonGuid', value: { type: 'guid', value: account.logonGuid } },
        str('TransmittedServices', '-'),
        str('LmPackageName', '-'),
        { name: 'KeyLength', value: { type: 'uint32', value: 0 } },
        { name: 'ProcessId', value: { type: 'hexint64', value: 0x2a4 } },
        str('ProcessName', 'C:\\Windows\\System32\\services.exe'),
        str('IpAddress', logonType === 5 ? '-' : '127.0.0.1'),
        str('IpPort', logonType === 5 ? '-' : '0'),
        str('ImpersonationLevel', '%%1833'),
        str('RestrictedAdminMode', '-'),
        str('TargetOutboundUserName', '-'),
        str('TargetOutboundDomainName', '-'),
        str('VirtualAccount', '%%1843'),
        { name: 'TargetLinkedLogonId', value: { type: 'hexint64', value: 0 } },
        str('ElevatedToken', privileged ? '%%1842' : '%%1843'),
      ]),
    });
    if (privileged) {
      this.security.push({
        time,
        spec: this.securityEvent(time, 4672, 0, 12548, [
          ...subject(account),
          str('PrivilegeList', 'SeSecurityPrivilege\r\n\t\t\tSeBackupPrivilege\r\n\t\t\tSeDebugPrivilege\r\n\t\t\tSeImpersonatePrivilege'),
        ]),
      });
    }
  }

  logoff(time: number, account: Account, logonType: number): void {
    this.security.push({
      time,
      spec: this.securityEvent(time, 4634, 0, 12545, [
        { name: 'TargetUserSid', value: { type: 'sid', value: account.sid } },
        str('TargetUserName', account.name),
        str('TargetDomainName', account.domain),
        { name: 'TargetLogonId', value: { type: 'hexint64', value: account.logonId } },
        { name: 'LogonType', value: { type: 'uint32', value: logonType } },
      ]),
    });
  }

  networkConnection(time: number, process: ActiveProcess): void {
    const prng = this.prng;
    const destination = prng.pick([
      { ip: '142.250.74.110', host: 'fra16s52-in-f14.1e100.net', port: 443, portName: 'https' },
      { ip: '10.0.0.10', host: 'dc01.corp.example.com', port: 389, portName: 'ldap' },
      { ip: '10.0.0.21', host: 'fs01.corp.example.com', port: 445, portName: 'microsoft-ds' },
      { ip: '20.190.159.2', host: '-', port: 443, portName: 'https' },
    ]);
    this.sysmon.push({
      time,
      spec: this.sysmonEvent(time, 3, 5, [
        str('RuleName', '-'),
        str('UtcTime', utcTime(time)),
        { name: 'ProcessGuid', value: { type: 'guid', value: process.guid } },
        { name: 'ProcessId', value: { type: 'uint32', value: process.pid } },
        str('Image', process.start.program.image),
        str('User', sysmonUser(process.start.account)),
        str('Protocol', 'tcp'),
        { name: 'Initiated', value: { type: 'bool', value: true } },
        { name: 'SourceIsIpv6', value: { type: 'bool', value: false } },
        str('SourceIp', '10.0.3.57'),
        str('SourceHostname', COMPUTER),
        { name: 'SourcePort', value: { type: 'uint16', value: prng.int(49152, 65535) } },
        str('SourcePortName', '-'),
        { name: 'DestinationIsIpv6', value: { type: 'bool', value: false } },
        str('DestinationIp', destination.ip),
        str('DestinationHostname', destination.host),
        { name: 'DestinationPort', value: { type: 'uint16', value: destination.port } },
        str('DestinationPortName', destination.portName),
      ]),
    });
  }

  fileCreate(time: number, process: ActiveProcess): void {
    const name = `C:\\Users\\alice\\AppData\\Local\\Temp\\${process.start.program.originalFileName.replace('.exe', '')}_${this.prng.int(1000, 99999)}.tmp`;
    this.sysmon.push({
      time,
      spec: this.sysmonEvent(time, 11, 2, [
        str('RuleName', '-'),
        str('UtcTime', utcTime(time)),
        { name: 'ProcessGuid', value: { type: 'guid', value: process.guid } },
        { name: 'ProcessId', value: { type: 'uint32', value: process.pid } },
        str('Image', process.start.program.image),
        str('TargetFilename', name),
        str('CreationUtcTime', utcTime(time)),
        str('User', sysmonUser(process.start.account)),
      ]),
    });
  }

  registrySet(time: number, process: ActiveProcess): void {
    const key = this.prng.pick([
      'HKLM\\System\\CurrentControlSet\\Services\\bam\\State\\UserSettings\\' + ALICE.sid + '\\\\Device\\HarddiskVolume3\\Windows\\System32\\cmd.exe',
      'HKU\\' + ALICE.sid + '\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\RecentDocs\\MRUListEx',
      'HKLM\\SOFTWARE\\Microsoft\\Windows Defender\\Signature Updates\\SignatureUpdateLastAttempted',
    ]);
    this.sysmon.push({
      time,
      spec: this.sysmonEvent(time, 13, 2, [
        str('RuleName', '-'),
        str('EventType', 'SetValue'),
        str('UtcTime', utcTime(time)),
        { name: 'ProcessGuid', value: { type: 'guid', value: process.guid } },
        { name: 'ProcessId', value: { type: 'uint32', value: process.pid } },
        str('Image', process.start.program.image),
        str('TargetObject', key),
        str('Details', 'Binary Data'),
        str('User', sysmonUser(process.start.account)),
      ]),
    });
  }

  private sysmon1(time: number, process: ActiveProcess, parentPid: number): Omit<EventSpec, 'recordId'> {
    const { start } = process;
    const { program } = start;
    return this.sysmonEvent(time, 1, 5, [
      str('RuleName', '-'),
      str('UtcTime', utcTime(time)),
      { name: 'ProcessGuid', value: { type: 'guid', value: process.guid } },
      { name: 'ProcessId', value: { type: 'uint32', value: process.pid } },
      str('Image', program.image),
      str('FileVersion', program.fileVersion),
      str('Description', program.description),
      str('Product', program.product),
      str('Company', program.company),
      str('OriginalFileName', program.originalFileName),
      str('CommandLine', start.commandLine),
      str('CurrentDirectory', start.account === SYSTEM_ACCOUNT ? 'C:\\Windows\\system32\\' : `C:\\Users\\${start.account.name}\\`),
      str('User', sysmonUser(start.account)),
      { name: 'LogonGuid', value: { type: 'guid', value: start.account.logonGuid } },
      { name: 'LogonId', value: { type: 'hexint64', value: start.account.logonId } },
      { name: 'TerminalSessionId', value: { type: 'uint32', value: start.account === SYSTEM_ACCOUNT ? 0 : 1 } },
      str('IntegrityLevel', start.integrity),
      str('Hashes', fileHashes(program)),
      { name: 'ParentProcessGuid', value: { type: 'guid', value: this.nextGuid(time - 1000) } },
      { name: 'ParentProcessId', value: { type: 'uint32', value: parentPid } },
      str('ParentImage', start.parent.image),
      str('ParentCommandLine', start.parentCommandLine),
      str('ParentUser', sysmonUser(start.account)),
    ]);
  }

  private security4688(time: number, process: ActiveProcess, parentPid: number): Omit<EventSpec, 'recordId'> {
    const { start } = process;
    const label = { System: 'S-1-16-16384', High: 'S-1-16-12288', Medium: 'S-1-16-8192' }[start.integrity];
    return this.securityEvent(time, 4688, 2, 13312, [
      ...subject(start.account),
      { name: 'NewProcessId', value: { type: 'hexint64', value: process.pid } },
      str('NewProcessName', start.program.image),
      str('TokenElevationType', start.integrity === 'High' ? '%%1937' : start.integrity === 'System' ? '%%1936' : '%%1938'),
      { name: 'ProcessId', value: { type: 'hexint64', value: parentPid } },
      str('CommandLine', start.commandLine),
      { name: 'TargetUserSid', value: { type: 'sid', value: 'S-1-0-0' } },
      str('TargetUserName', '-'),
      str('TargetDomainName', '-'),
      { name: 'TargetLogonId', value: { type: 'hexint64', value: 0 } },
      str('ParentProcessName', start.parent.image),
      { name: 'MandatoryLabel', value: { type: 'sid', value: label } },
    ]);
  }

  private securityEvent(
    time: number,
    eventId: number,
    version: number,
    task: number,
    data: EventSpec['data'],
  ): Omit<EventSpec, 'recordId'> {
    return {
      ...SECURITY,
      eventId,
      version,
      level: 0,
      task,
      timeCreated: new Date(time),
      processId: 4,
      threadId: this.prng.pick([7512, 7516, 9044]),
      computer: COMPUTER,
      data,
    };
  }

  private sysmonEvent(time: number, eventId: number, version: number, data: EventSpec['data']): Omit<EventSpec, 'recordId'> {
    return {
      ...SYSMON,
      eventId,
      version,
      level: 4,
      task: eventId,
      timeCreated: new Date(time + this.prng.int(1, 40)),
      processId: SYSMON_PID,
      threadId: 4388,
      computer: COMPUTER,
      userSid: 'S-1-5-18',
      data,
    };
  }

  /** Sysmon's layout: machine id prefix, start time, then a per-boot counter. */
  private nextGuid(time: number): string {
    const seconds = Math.floor(time / 1000);
    const high = ((seconds >>> 16) & 0xffff).toString(16).toUpperCase().padStart(4, '0');
    const low = (seconds & 0xffff).toString(16).toUpperCase().padStart(4, '0');
    this.guidCounter += this.prng.int(1, 400);
    return `{8F1A5C3E-${low}-${high}-0000-0010${this.guidCounter.toString(16).toUpperCase().padStart(8, '0')}}`;
  }
}

function str(name: string, value: string): { name: string; value: WriterValue } {
  return { name, value: { type: 'string', value } };
}

function subject(account: Account): EventSpec['data'] {
  return [
    { name: 'SubjectUserSid', value: { type: 'sid', value: account.sid } },
    str('SubjectUserName', account.name),
    str('SubjectDomainName', account.domain),
    { name: 'SubjectLogonId', value: { type: 'hexint64', value: account.logonId } },
  ];
}

function utcTime(time: number): string {
  return new Date(time).toISOString().replace('T', ' ').replace('Z', '');
}

function fileHashes(program: Program): string {
  const digest = (algorithm: string) => createHash(algorithm).update(program.image).digest('hex').toUpperCase();
  return `SHA1=${digest('sha1')},MD5=${digest('md5')},SHA256=${digest('sha256')},IMPHASH=${digest('md5').split('').reverse().join('')}`;
}

interface ListedStart {
  readonly log: 'Security' | 'Sysmon';
  readonly recordId: number;
  readonly start: ProcessStart;
}

/** Assigns record ids in time order and returns the specs with the process starts worth listing. */
function finish(entries: LogEntry[], firstRecordId: number, log: ListedStart['log']): { specs: EventSpec[]; listed: ListedStart[] } {
  const ordered = entries.map((entry, index) => ({ entry, index })).sort((a, b) => a.entry.time - b.entry.time || a.index - b.index);
  const listed: ListedStart[] = [];
  const specs = ordered.map(({ entry }, i) => {
    const recordId = firstRecordId + i;
    const start = entry.start;
    if (start !== undefined && (start.positiveFor !== undefined || start.nearMiss !== undefined)) listed.push({ log, recordId, start });
    return { ...entry.spec, recordId };
  });
  return { specs, listed };
}

function buildTimeline(): Timeline {
  const prng = new Prng(20240311);
  const timeline = new Timeline(prng);
  let time = BASE_TIME;
  timeline.logon(time, SYSTEM_ACCOUNT, 5, true);
  timeline.logon(time + 2000, ALICE, 2, false);
  const running: ActiveProcess[] = [];
  const scripted = scriptedStarts();
  // The admin session sits in the middle of the morning, one console command every few seconds.
  const scriptedFrom = Math.floor(PROCESS_STARTS * 0.55);
  for (let i = 0; i < PROCESS_STARTS; i++) {
    time += prng.int(2000, 45000);
    if (i === scriptedFrom - 1) timeline.logon(time - 500, CAROL_ADMIN, 2, true);
    const scriptedIndex = i - scriptedFrom;
    const start = scriptedIndex >= 0 && scriptedIndex < scripted.length ? (scripted[scriptedIndex] as ProcessStart) : benignStart(prng);
    const process = timeline.processStart(time, start, prng.int(600, 14000) & ~3);
    running.push(process);
    if (scriptedIndex === scripted.length) timeline.logoff(time + 1000, CAROL_ADMIN, 2);
    if (prng.next() < 0.35) timeline.networkConnection(time + prng.int(50, 3000), process);
    if (prng.next() < 0.25) timeline.fileCreate(time + prng.int(50, 3000), process);
    if (prng.next() < 0.15) timeline.registrySet(time + prng.int(50, 3000), process);
    if (prng.next() < 0.08) {
      timeline.logon(time + 700, SYSTEM_ACCOUNT, 5, true);
      timeline.logoff(time + 900, SYSTEM_ACCOUNT, 5);
    }
    // Most processes are short-lived: end one of the running ones now and then.
    if (running.length > 8 || prng.next() < 0.6) {
      const ended = running.splice(prng.int(0, running.length - 1), 1)[0] as ActiveProcess;
      timeline.processEnd(Math.max(time + 1, ended.startedAt + prng.int(500, 600000)), ended);
    }
  }
  timeline.logoff(time + 60000, ALICE, 2);
  return timeline;
}

function readme(listed: readonly ListedStart[], counts: Record<ListedStart['log'], number>): string {
  const escape = (text: string) => text.replace(/\|/g, '\\|');
  const row = (item: ListedStart, verdict: string) =>
    `| ${item.log} | ${item.recordId} | ${verdict} | \`${escape(item.start.program.image)}\` | \`${escape(item.start.commandLine)}\` |`;
  const positives = listed.filter((item) => item.start.positiveFor !== undefined);
  const nearMisses = listed.filter((item) => item.start.nearMiss !== undefined);
  return [
    '# Sample logs',
    '',
    'Generated by `scripts/makeSamples.ts` (`npm run samples`); do not edit by hand. The generator is',
    'deterministic (seeded PRNG, fixed base time), so regenerating gives byte-identical files.',
    '',
    `- \`Security.evtx\`: ${counts.Security} records (4688 with the Windows 10 field list, 4689, 4624, 4634, 4672).`,
    `- \`Microsoft-Windows-Sysmon%4Operational.evtx\`: ${counts.Sysmon} records (Sysmon 1, 3, 5, 11, 13).`,
    '',
    `Host \`${COMPUTER}\`, ${new Date(BASE_TIME).toISOString()} onwards. The same process starts appear in both logs`,
    '(Security 4688 and Sysmon 1), except the renamed net.exe, which only Sysmon can recognise (OriginalFileName).',
    '',
    '## Intended hits of the bundled rules',
    '',
    'End-to-end tests assert exactly these (log, EventRecordID, rule) and nothing else from these files.',
    '',
    '| Log | EventRecordID | Rule | Image | CommandLine |',
    '|---|---|---|---|---|',
    ...positives.map((item) => row(item, (item.start.positiveFor ?? []).join(', '))),
    '',
    '## Near-misses that must not fire',
    '',
    '| Log | EventRecordID | Why not | Image | CommandLine |',
    '|---|---|---|---|---|',
    ...nearMisses.map((item) => row(item, item.start.nearMiss ?? '')),
    '',
  ].join('\n');
}

/** The contents of samples/, by file name. */
export function buildSamples(): Map<string, Buffer> {
  const timeline = buildTimeline();
  const security = finish(timeline.security, SECURITY_FIRST_RECORD_ID, 'Security');
  const sysmon = finish(timeline.sysmon, SYSMON_FIRST_RECORD_ID, 'Sysmon');
  const counts = { Security: security.specs.length, Sysmon: sysmon.specs.length };
  return new Map([
    ['Security.evtx', writeEvtx(security.specs)],
    ['Microsoft-Windows-Sysmon%4Operational.evtx', writeEvtx(sysmon.specs)],
    ['README.md', Buffer.from(readme([...security.listed, ...sysmon.listed], counts))],
  ]);
}

function main(): void {
  mkdirSync(SAMPLES_DIR, { recursive: true });
  for (const [name, content] of buildSamples()) writeFileSync(`${SAMPLES_DIR}${name}`, content);
  process.stdout.write(`wrote samples to ${SAMPLES_DIR}\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
