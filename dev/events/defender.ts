/** Microsoft Defender Antivirus events, with the field names (spaces and all) Defender writes. */
import type { EventSpec } from '../evtxWriter/index.js';
import { field, providerEvent, type EventOrigin, type Provider } from './windows.js';

export const DEFENDER_PROVIDER: Provider = {
  provider: 'Microsoft-Windows-Windows Defender',
  providerGuid: '{11CD958A-C507-4EF3-B3F2-5FD9DFBD2C78}',
  channel: 'Microsoft-Windows-Windows Defender/Operational',
  keywords: 0x8000000000000000n,
};

export interface Detection {
  readonly threatName: string;
  /** Defender's `Path`: `file:_C:\x\y.exe`, or `amsi:_...` for script content. */
  readonly path: string;
  /** `Real-Time Protection`, `AMSI`, ... */
  readonly sourceName: string;
  readonly processName: string;
  readonly user: string;
}

/** 1116, MALWAREPROTECTION_STATE_MALWARE_DETECTED, as Defender 4.18 writes it. */
export function defenderMalwareDetected(origin: EventOrigin, detection: Detection): EventSpec {
  return providerEvent(DEFENDER_PROVIDER, origin, { eventId: 1116, version: 0, level: 3, task: 0 }, [
    field('Product Name', 'string', 'Microsoft Defender Antivirus'),
    field('Product Version', 'string', '4.18.23110.3'),
    field('Detection ID', 'string', '{5A3C1E0B-6F2D-4B7A-9C1E-2D4F6A8B0C11}'),
    field('Detection Time', 'string', origin.timeCreated.toISOString()),
    field('Threat ID', 'string', '2147894617'),
    field('Threat Name', 'string', detection.threatName),
    field('Severity ID', 'string', '5'),
    field('Severity Name', 'string', 'Severe'),
    field('Category ID', 'string', '34'),
    field('Category Name', 'string', 'Tool'),
    field('FWLink', 'string', 'https://go.microsoft.com/fwlink/?linkid=37020&name=HackTool:Win32/Mimikatz&threatid=2147894617'),
    field('Status Code', 'string', '1'),
    field('State', 'string', '1'),
    field('Source ID', 'string', '3'),
    field('Source Name', 'string', detection.sourceName),
    field('Process Name', 'string', detection.processName),
    field('Detection User', 'string', detection.user),
    field('Path', 'string', detection.path),
    field('Origin ID', 'string', '1'),
    field('Origin Name', 'string', 'Local machine'),
    field('Execution ID', 'string', '1'),
    field('Execution Name', 'string', 'Suspended'),
    field('Type ID', 'string', '0'),
    field('Type Name', 'string', 'Concrete'),
    field('Pre Execution Status', 'string', '0'),
    field('Action ID', 'string', '9'),
    field('Action Name', 'string', 'Not Applicable'),
    field('Error Code', 'string', '0x00000000'),
    field('Error Description', 'string', 'The operation completed successfully. '),
    field('Post Clean Status', 'string', '0'),
    field('Additional Actions ID', 'string', '0'),
    field('Additional Actions String', 'string', 'No additional actions required'),
    field('Security intelligence Version', 'string', 'AV: 1.403.1234.0, AS: 1.403.1234.0, NIS: 1.403.1234.0'),
    field('Engine Version', 'string', 'AM: 1.1.23110.2, NIS: 1.1.23110.2'),
  ]);
}
