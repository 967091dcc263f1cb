/** PowerShell Operational events: 4104, a script block as Windows PowerShell 5.1 logs it. */
import type { EventSpec } from '../evtxWriter/index.js';
import { field, providerEvent, type Account, type EventOrigin, type Provider } from '../events/windows.js';

export const POWERSHELL_PROVIDER: Provider = {
  provider: 'Microsoft-Windows-PowerShell',
  providerGuid: '{A0C1853B-5C40-4B15-8766-3CF1C58F985A}',
  channel: 'Microsoft-Windows-PowerShell/Operational',
  keywords: 0x0n,
};

export interface ScriptBlock {
  readonly text: string;
  /** `{xxxxxxxx-...}` without braces, as PowerShell writes it. */
  readonly scriptBlockId: string;
  readonly path: string;
  readonly messageNumber: number;
  readonly messageTotal: number;
  /** Level 3 (warning) when PowerShell found the block suspicious, else 5 (verbose). */
  readonly suspicious: boolean;
}

/** 4104, "Creating Scriptblock text". */
export function powershellScriptBlock(origin: EventOrigin, account: Account, block: ScriptBlock): EventSpec {
  return {
    ...providerEvent(
      POWERSHELL_PROVIDER,
      origin,
      { eventId: 4104, version: 1, level: block.suspicious ? 3 : 5, task: 2, userSid: account.sid },
      [
        field('MessageNumber', 'int32', block.messageNumber),
        field('MessageTotal', 'int32', block.messageTotal),
        field('ScriptBlockText', 'string', block.text),
        field('ScriptBlockId', 'string', block.scriptBlockId),
        field('Path', 'string', block.path),
      ],
    ),
    opcode: 15,
  };
}
