/**
 * The process starts the sample logs exist for: the bundled rules' intended hits and the
 * near-misses that must not fire, as the admin carol types them into one console session.
 */
import type { ProcessLaunch } from '../../dev/events/programs.js';
import type { Program } from '../../dev/events/windows.js';
import { CAROL_ADMIN, CMD_CMD, PROGRAMS } from './host.js';

export type RuleName = 'Unmount Share Via Net.EXE' | 'Mounting Hidden or WebDav Remote Shares';

export interface ProcessStart extends ProcessLaunch {
  /** Set for the bundled rules' intended hits. */
  readonly positiveFor?: readonly RuleName[];
  /** Why a near-miss must not fire, for the README. */
  readonly nearMiss?: string;
  /** Sysmon only: Security 4688 has no OriginalFileName, so this start is not written there. */
  readonly sysmonOnly?: boolean;
}

const UNMOUNT: readonly RuleName[] = ['Unmount Share Via Net.EXE'];
const MOUNT: readonly RuleName[] = ['Mounting Hidden or WebDav Remote Shares'];

function adminCommand(program: Program, commandLine: string, extra: Partial<ProcessStart> = {}): ProcessStart {
  return {
    program,
    commandLine,
    parent: PROGRAMS.cmd,
    parentCommandLine: CMD_CMD.trim(),
    account: CAROL_ADMIN,
    integrity: 'High',
    ...extra,
  };
}

/** In the order carol runs them. */
export const ADMIN_SESSION: readonly ProcessStart[] = [
  adminCommand(PROGRAMS.net, 'net.exe share x /delete', { positiveFor: UNMOUNT }),
  adminCommand(PROGRAMS.net1, 'net1 share c$ /delete', { positiveFor: UNMOUNT }),
  adminCommand(PROGRAMS.renamedNet, 'svcmgr.exe share backup$ /delete', { positiveFor: UNMOUNT, sysmonOnly: true }),
  adminCommand(PROGRAMS.net, 'net use \\\\10.0.0.5\\C$ /user:CORP\\adm-carol Winter2024!', { positiveFor: MOUNT }),
  adminCommand(PROGRAMS.net, 'net use Z: \\\\fs01\\ADMIN$', { positiveFor: MOUNT }),
  adminCommand(PROGRAMS.net, '"C:\\Windows\\system32\\net.exe" use \\\\webdav.example.com@SSL\\DavWWWRoot', { positiveFor: MOUNT }),
  adminCommand(PROGRAMS.net, 'net use https://files.example.com/dav/finance', { positiveFor: MOUNT }),
  adminCommand(PROGRAMS.net1, 'net1 use \\\\fs02\\D$', { positiveFor: MOUNT }),
  adminCommand(PROGRAMS.net, 'net use \\\\fs01\\C$ /persistent:no', { positiveFor: MOUNT }),
  adminCommand(PROGRAMS.net1, 'C:\\Windows\\system32\\net1 use \\\\fs01\\C$ /persistent:no', {
    parent: PROGRAMS.net,
    parentCommandLine: 'net use \\\\fs01\\C$ /persistent:no',
    nearMiss: 'net1.exe whose parent is net.exe (the parent is the hit)',
  }),
  adminCommand(PROGRAMS.net, 'net use \\\\host\\C$ /delete', { nearMiss: 'deletes a mapping (/d*), no "share" argument' }),
  adminCommand(PROGRAMS.net, 'net use /D \\\\host\\share$', { nearMiss: 'deletes a mapping (/D), no "/delete"' }),
  adminCommand(PROGRAMS.net, 'net share', { nearMiss: '"net share" without /delete' }),
  adminCommand(PROGRAMS.net, 'net share docs=C:\\Docs /grant:everyone,read', { nearMiss: 'creates a share, no /delete' }),
  adminCommand(PROGRAMS.cabinet, 'cabinet.exe share x /delete', { nearMiss: 'cabinet.exe ends in "net.exe" but not "\\net.exe"' }),
  adminCommand(PROGRAMS.cabinet, 'cabinet.exe use \\\\fs01\\C$', { nearMiss: 'cabinet.exe is not net.exe' }),
];
