import { EVENT_SCHEMAS, eventSchema, type CompiledSchema } from './schemas/index.js';
import { PROCESS_SCHEMAS } from './schemas/process.js';
import type { LogSourceFacts } from './types.js';

const SYSMON_CHANNEL = 'Microsoft-Windows-Sysmon/Operational';
const SECURITY_CHANNEL = 'Security';

/** Sigma service -> the channels it reads, as Sigma's Windows log-source mappings define them. */
const CHANNELS_BY_SERVICE: Readonly<Record<string, readonly string[]>> = {
  application: ['Application'],
  security: [SECURITY_CHANNEL],
  system: ['System'],
  sysmon: [SYSMON_CHANNEL],
  ntlm: ['Microsoft-Windows-NTLM/Operational'],
  powershell: ['Microsoft-Windows-PowerShell/Operational', 'PowerShellCore/Operational'],
  'powershell-classic': ['Windows PowerShell'],
  taskscheduler: ['Microsoft-Windows-TaskScheduler/Operational'],
  wmi: ['Microsoft-Windows-WMI-Activity/Operational'],
  dhcp: ['Microsoft-Windows-DHCP-Server/Operational'],
  'dns-server': ['DNS Server'],
  'printservice-admin': ['Microsoft-Windows-PrintService/Admin'],
  'printservice-operational': ['Microsoft-Windows-PrintService/Operational'],
  'smbclient-security': ['Microsoft-Windows-SmbClient/Security'],
  'smbclient-connectivity': ['Microsoft-Windows-SmbClient/Connectivity'],
  'smbserver-connectivity': ['Microsoft-Windows-SMBServer/Connectivity'],
  'terminalservices-localsessionmanager': ['Microsoft-Windows-TerminalServices-LocalSessionManager/Operational'],
  'codeintegrity-operational': ['Microsoft-Windows-CodeIntegrity/Operational'],
  applocker: [
    'Microsoft-Windows-AppLocker/MSI and Script',
    'Microsoft-Windows-AppLocker/EXE and DLL',
    'Microsoft-Windows-AppLocker/Packaged app-Deployment',
    'Microsoft-Windows-AppLocker/Packaged app-Execution',
  ],
  'msexchange-management': ['MSExchange Management'],
  windefend: ['Microsoft-Windows-Windows Defender/Operational'],
  'firewall-as': ['Microsoft-Windows-Windows Firewall With Advanced Security/Firewall'],
  'bits-client': ['Microsoft-Windows-Bits-Client/Operational'],
  'security-mitigations': ['Microsoft-Windows-Security-Mitigations/Kernel Mode', 'Microsoft-Windows-Security-Mitigations/User Mode'],
  'diagnosis-scripted': ['Microsoft-Windows-Diagnosis-Scripted/Operational'],
  'shell-core': ['Microsoft-Windows-Shell-Core/Operational'],
  openssh: ['OpenSSH/Operational'],
  ldap: ['Microsoft-Windows-LDAP-Client/Debug'],
  bitlocker: ['Microsoft-Windows-BitLocker/BitLocker Management'],
  vhdmp: ['Microsoft-Windows-VHDMP/Operational'],
  'appxdeployment-server': ['Microsoft-Windows-AppXDeploymentServer/Operational'],
  'lsa-server': ['Microsoft-Windows-LSA/Operational'],
  'appxpackaging-om': ['Microsoft-Windows-AppxPackaging/Operational'],
  'dns-client': ['Microsoft-Windows-DNS Client Events/Operational'],
  'appmodel-runtime': ['Microsoft-Windows-AppModel-Runtime/Admin'],
  capi2: ['Microsoft-Windows-CAPI2/Operational'],
  'certificateservicesclient-lifecycle-system': ['Microsoft-Windows-CertificateServicesClient-Lifecycle-System/Operational'],
  'kernel-shimengine': ['Microsoft-Windows-Kernel-ShimEngine/Operational', 'Microsoft-Windows-Kernel-ShimEngine/Diagnostic'],
  'application-experience': [
    'Microsoft-Windows-Application-Experience/Program-Telemetry',
    'Microsoft-Windows-Application-Experience/Program-Compatibility-Assistant',
  ],
  ntfs: ['Microsoft-Windows-Ntfs/Operational'],
  'hyper-v-worker': ['Microsoft-Windows-Hyper-V-Worker'],
  'kernel-event-tracing': ['Microsoft-Windows-Kernel-EventTracing'],
  sense: ['Microsoft-Windows-SENSE/Operational'],
  'servicebus-client': ['Microsoft-ServiceBus-Client/Admin', 'Microsoft-ServiceBus-Client/Operational'],
  // SigmaHQ's rule still says this older name.
  'microsoft-servicebus-client': ['Microsoft-ServiceBus-Client/Admin', 'Microsoft-ServiceBus-Client/Operational'],
  'driver-framework': ['Microsoft-Windows-DriverFrameworks-UserMode/Operational'],
  'iis-configuration': ['Microsoft-IIS-Configuration/Operational'],
};

/** Sigma category -> the (service, event ids) that feed it, as in Sigma's Windows mappings (thor.yml). */
const CATEGORY_SOURCES: ReadonlyArray<readonly [category: string, service: string, eventIds: readonly number[]]> = [
  ['process_creation', 'sysmon', [1]],
  ['process_creation', 'security', [4688]],
  ['file_change', 'sysmon', [2]],
  ['network_connection', 'sysmon', [3]],
  ['sysmon_status', 'sysmon', [4, 16]],
  ['process_termination', 'sysmon', [5]],
  ['driver_load', 'sysmon', [6]],
  ['image_load', 'sysmon', [7]],
  ['create_remote_thread', 'sysmon', [8]],
  ['raw_access_thread', 'sysmon', [9]],
  ['process_access', 'sysmon', [10]],
  ['file_event', 'sysmon', [11]],
  ['registry_event', 'sysmon', [12, 13, 14]],
  // Sigma narrows these two by EventType (CreateKey / DeleteKey, DeleteValue); the rules' own
  // TargetObject and EventType selections make the difference in practice.
  ['registry_add', 'sysmon', [12]],
  ['registry_delete', 'sysmon', [12]],
  ['registry_set', 'sysmon', [13]],
  ['registry_rename', 'sysmon', [14]],
  ['create_stream_hash', 'sysmon', [15]],
  ['pipe_created', 'sysmon', [17, 18]],
  ['wmi_event', 'sysmon', [19, 20, 21]],
  ['dns_query', 'sysmon', [22]],
  ['file_delete', 'sysmon', [23, 26]],
  ['clipboard_change', 'sysmon', [24]],
  ['process_tampering', 'sysmon', [25]],
  ['file_delete_detected', 'sysmon', [26]],
  ['file_block_executable', 'sysmon', [27]],
  ['file_block_shredding', 'sysmon', [28]],
  ['file_executable_detected', 'sysmon', [29]],
  ['sysmon_error', 'sysmon', [255]],
  ['ps_module', 'powershell', [4103]],
  ['ps_script', 'powershell', [4104]],
  ['ps_classic_start', 'powershell-classic', [400]],
  ['ps_classic_provider_start', 'powershell-classic', [600]],
  ['ps_classic_script', 'powershell-classic', [800]],
  ['antivirus', 'windefend', [1006, 1007, 1008, 1009, 1010, 1011, 1012, 1017, 1018, 1019, 1115, 1116]],
];

/** Channel names compare case-insensitively, as Windows compares them. */
const SERVICES_BY_CHANNEL: ReadonlyMap<string, readonly string[]> = (() => {
  const map = new Map<string, string[]>();
  for (const [service, channels] of Object.entries(CHANNELS_BY_SERVICE)) {
    for (const channel of channels) map.set(channel.toLowerCase(), [...(map.get(channel.toLowerCase()) ?? []), service]);
  }
  return map;
})();

const CATEGORIES_BY_SOURCE: ReadonlyMap<string, readonly string[]> = (() => {
  const map = new Map<string, string[]>();
  for (const [category, service, eventIds] of CATEGORY_SOURCES) {
    for (const id of eventIds) {
      const key = `${service}:${id}`;
      map.set(key, [...(map.get(key) ?? []), category]);
    }
  }
  return map;
})();

const NONE: readonly string[] = [];

/** What rules and normalization know of a record from its channel and event id alone. */
export interface RecordSourceFacts extends LogSourceFacts {
  /** How the record's fields are derived, where the event model has an entry for it. */
  readonly schema: CompiledSchema | undefined;
}

/** The Sigma services whose channels include `channel` (compared case-insensitively); most channels have one. */
export function channelServices(channel: string): readonly string[] {
  return SERVICES_BY_CHANNEL.get(channel.toLowerCase()) ?? NONE;
}

/**
 * What rules can know of a record from its channel and event id alone, computed afresh: a run looks
 * facts up through its LogSourceTable instead.
 */
export function logSourceFacts(channel: string, eventId: number): RecordSourceFacts {
  const services = channelServices(channel);
  const schema = eventSchema(services, eventId);
  return {
    product: 'windows',
    services,
    categories: services.flatMap((service) => CATEGORIES_BY_SOURCE.get(`${service}:${eventId}`) ?? NONE),
    ecsCategories: schema?.schema.ecs?.category ?? NONE,
    channel,
    eventId,
    schema,
  };
}

/** The facts of one (channel, event id) pair, as a LogSourceTable hands them out. */
export interface PairFacts extends RecordSourceFacts {
  /**
   * One facts object for every pair with the same services, categories and ECS categories, which are
   * all that rule log sources look at: rule selection is cached on it (RuleSet keys on identity).
   */
  readonly selector: LogSourceFacts;
}

/**
 * Distinct (channel, event id) pairs a table interns: the 300 logs of the attack and crate sample
 * corpora name 349, a whole host's logs a few thousand. Beyond it, a log naming ever new channels or
 * event ids (a hostile one) gets its facts computed per record instead of growing the table.
 */
export const MAX_INTERNED_PAIRS = 16_384;

/**
 * The facts of the (channel, event id) pairs a run meets. Interned, up to `maxPairs` pairs: the same
 * object for the same pair, so the hot path allocates nothing. Selectors are interned without a bound:
 * they are derived from the fixed tables above, so there are at most a few hundred, whatever the log says.
 */
export class LogSourceTable {
  /** channel -> event id -> facts: looked up for every record, so no key string is built per lookup. */
  private readonly byChannel = new Map<string, Map<number, PairFacts>>();
  private readonly selectors = new Map<string, LogSourceFacts>();
  private pairs = 0;

  constructor(readonly maxPairs: number = MAX_INTERNED_PAIRS) {}

  facts(channel: string, eventId: number): PairFacts {
    let byEventId = this.byChannel.get(channel);
    const interned = byEventId?.get(eventId);
    if (interned !== undefined) return interned;
    const derived = logSourceFacts(channel, eventId);
    const facts: PairFacts = { ...derived, selector: this.selectorFor(derived) };
    if (this.pairs < this.maxPairs) {
      if (byEventId === undefined) this.byChannel.set(channel, (byEventId = new Map()));
      byEventId.set(eventId, facts);
      this.pairs++;
    }
    return facts;
  }

  private selectorFor(facts: RecordSourceFacts): LogSourceFacts {
    const key = `${facts.services.join(',')}|${facts.categories.join(',')}|${facts.ecsCategories.join(',')}`;
    let selector = this.selectors.get(key);
    if (selector === undefined) {
      const { schema: _, ...logsource } = facts;
      this.selectors.set(key, (selector = logsource));
    }
    return selector;
  }
}

/**
 * One facts object for every kind of record the tables above can tell apart: each (service, event
 * id) that feeds a Sigma category or has an event model schema (its ECS category), each service's
 * other events, and a channel no service reads. A rule
 * that none of these admits can never see an event.
 */
export function knownLogSources(): readonly LogSourceFacts[] {
  const unmappedEventId = -1;
  const known = [logSourceFacts('', unmappedEventId)];
  for (const channels of Object.values(CHANNELS_BY_SERVICE)) known.push(logSourceFacts(channels[0]!, unmappedEventId));
  for (const [, service, eventIds] of CATEGORY_SOURCES) {
    for (const eventId of eventIds) known.push(logSourceFacts(CHANNELS_BY_SERVICE[service]![0]!, eventId));
  }
  for (const { service, eventIds } of EVENT_SCHEMAS) {
    for (const eventId of eventIds) known.push(logSourceFacts(CHANNELS_BY_SERVICE[service]![0]!, eventId));
  }
  return known;
}

/** The (channel, event id) of each kind of process start the event model knows (Sysmon 1, Security 4688). */
export function processStartSources(): readonly (readonly [channel: string, eventId: number])[] {
  return PROCESS_SCHEMAS.flatMap((schema) =>
    schema.eventIds.map((eventId) => [CHANNELS_BY_SERVICE[schema.service]![0]!, eventId] as const),
  );
}
