import type { LogSourceFacts } from './types.js';

export const SYSMON_CHANNEL = 'Microsoft-Windows-Sysmon/Operational';
export const SECURITY_CHANNEL = 'Security';

/** Sigma service names by channel, as SigmaHQ's Windows logsource definitions name them. */
const SERVICE_BY_CHANNEL: ReadonlyMap<string, string> = new Map([
  [SECURITY_CHANNEL, 'security'],
  ['System', 'system'],
  ['Application', 'application'],
  [SYSMON_CHANNEL, 'sysmon'],
  ['Microsoft-Windows-PowerShell/Operational', 'powershell'],
  ['Windows PowerShell', 'powershell-classic'],
  ['Microsoft-Windows-TaskScheduler/Operational', 'taskscheduler'],
  ['Microsoft-Windows-WMI-Activity/Operational', 'wmi'],
  ['DNS Server', 'dns-server'],
  ['Microsoft-Windows-DNS-Client/Operational', 'dns-client'],
  ['Microsoft-Windows-Windows Defender/Operational', 'windefend'],
  ['Microsoft-Windows-Windows Firewall With Advanced Security/Firewall', 'firewall-as'],
  ['Microsoft-Windows-Bits-Client/Operational', 'bits-client'],
  ['Microsoft-Windows-CodeIntegrity/Operational', 'codeintegrity-operational'],
  ['Microsoft-Windows-DriverFrameworks-UserMode/Operational', 'driver-framework'],
  ['Microsoft-Windows-NTLM/Operational', 'ntlm'],
  ['Microsoft-Windows-AppLocker/EXE and DLL', 'applocker'],
  ['Microsoft-Windows-AppLocker/MSI and Script', 'applocker'],
  ['Microsoft-Windows-AppLocker/Packaged app-Deployment', 'applocker'],
  ['Microsoft-Windows-AppLocker/Packaged app-Execution', 'applocker'],
  ['Microsoft-Windows-PrintService/Admin', 'printservice-admin'],
  ['Microsoft-Windows-PrintService/Operational', 'printservice-operational'],
  ['Microsoft-Windows-SMBClient/Security', 'smbclient-security'],
  ['Microsoft-Windows-TerminalServices-LocalSessionManager/Operational', 'terminalservices-localsessionmanager'],
  ['Microsoft-Windows-LDAP-Client/Debug', 'ldap_debug'],
  ['Microsoft-Windows-Shell-Core/Operational', 'shell-core'],
  ['Microsoft-Windows-OpenSSH/Operational', 'openssh'],
  ['Microsoft-Windows-CAPI2/Operational', 'capi2'],
  ['Microsoft-Windows-Kernel-ShimEngine/Operational', 'shim-engine'],
]);

/** Sigma categories of Sysmon event ids (SigmaHQ's sysmon logsource mapping). */
const SYSMON_CATEGORIES: ReadonlyMap<number, readonly string[]> = new Map([
  [1, ['process_creation']],
  [2, ['file_change']],
  [3, ['network_connection']],
  [4, ['sysmon_status']],
  [5, ['process_termination']],
  [6, ['driver_load']],
  [7, ['image_load']],
  [8, ['create_remote_thread']],
  [9, ['raw_access_thread']],
  [10, ['process_access']],
  [11, ['file_event']],
  [12, ['registry_add', 'registry_delete', 'registry_event']],
  [13, ['registry_set', 'registry_event']],
  [14, ['registry_rename', 'registry_event']],
  [15, ['create_stream_hash']],
  [16, ['sysmon_status']],
  [17, ['pipe_created']],
  [18, ['pipe_created']],
  [19, ['wmi_event']],
  [20, ['wmi_event']],
  [21, ['wmi_event']],
  [22, ['dns_query']],
  [23, ['file_delete']],
  [24, ['clipboard_capture']],
  [25, ['process_tampering']],
  [26, ['file_delete_detected', 'file_delete']],
  [27, ['file_block_executable']],
  [28, ['file_block_shredding']],
  [29, ['file_executable_detected']],
  [255, ['sysmon_error']],
]);

/** Sigma categories that Security audit events also feed (thor.yml's mapping). */
const SECURITY_CATEGORIES: ReadonlyMap<number, readonly string[]> = new Map([
  [4688, ['process_creation']],
  [4689, ['process_termination']],
  [5156, ['network_connection']],
]);

const PROCESS_START_ECS = ['process'] as const;
const NONE: readonly string[] = [];

function categoriesOf(channel: string, eventId: number): readonly string[] {
  if (channel === SYSMON_CHANNEL) return SYSMON_CATEGORIES.get(eventId) ?? NONE;
  if (channel === SECURITY_CHANNEL) return SECURITY_CATEGORIES.get(eventId) ?? NONE;
  return NONE;
}

/** True for the records that become ProcessEvents: Sysmon 1 and Security 4688. */
export function isProcessCreation(channel: string | undefined, eventId: number | undefined): boolean {
  return (eventId === 1 && channel === SYSMON_CHANNEL) || (eventId === 4688 && channel === SECURITY_CHANNEL);
}

const factsCache = new Map<string, LogSourceFacts>();

/** What rules can know of a record from its channel and event id alone; cached, since few pairs occur. */
export function logSourceFacts(channel: string, eventId: number): LogSourceFacts {
  const key = `${eventId}\u0000${channel}`;
  let facts = factsCache.get(key);
  if (facts === undefined) {
    facts = {
      product: 'windows',
      service: SERVICE_BY_CHANNEL.get(channel),
      categories: categoriesOf(channel, eventId),
      ecsCategories: isProcessCreation(channel, eventId) ? PROCESS_START_ECS : NONE,
      channel,
      eventId,
    };
    factsCache.set(key, facts);
  }
  return facts;
}
