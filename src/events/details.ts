import type { EventDataValue } from '../evtx/index.js';
import { channelServices } from './logsource.js';

/**
 * The evidence of a hit, whatever the event: per (Sigma service or channel, event id), the fields a
 * responder reads first, as labelled values in table order. Hayabusa's "Details" column is the model
 * (its config/default_details.txt); every (service, EventID) that SigmaHQ's Windows rules name has an
 * entry, and any other event shows its first non-empty EventData fields.
 */

type EventData = Readonly<Record<string, EventDataValue>>;

/** One labelled value of a hit's details. */
export type EventDetail = readonly [label: string, value: string];
export type EventDetails = readonly EventDetail[];

/** How a detail's value comes from EventData; undefined when the event has none. */
type Derivation = (data: EventData) => string | undefined;

/** A detail: an EventData name that is also its label, or a label with the name or derivation it shows. */
type DetailField = string | readonly [label: string, source: string | Derivation];

/** An entry for events whose EventData is best shown as logged: its first non-empty fields, as the fallback shows them. */
const AS_LOGGED = 'as logged';

interface DetailsEntry {
  /** A Sigma service (`security`, `sysmon`, ...), as src/events/logsource.ts maps channels to services. */
  readonly service?: string;
  /** A channel that no Sigma service reads (compared case-insensitively). */
  readonly channel?: string;
  readonly eventIds: readonly number[];
  readonly fields: readonly DetailField[] | typeof AS_LOGGED;
}

/** Characters a detail's value keeps; longer values end in an ellipsis. */
export const DETAIL_VALUE_MAX = 500;
/** Script blocks, XML task definitions, payloads and the like: whitespace folded, cut shorter. */
export const DETAIL_BRIEF_MAX = 300;
/** Labels of the fallback (EventData names from the log) are cut to this. */
const FALLBACK_LABEL_MAX = 64;
/** Events without an entry: at most this many of their first non-empty EventData fields ... */
export const FALLBACK_FIELDS = 6;
/** ... found among at most this many (a hostile record may hold thousands). */
const FALLBACK_SCAN = 64;
/** Items of a multi-valued field that a detail joins. */
const MULTI_VALUE_MAX = 16;
/** Characters of a text that a "key=value" line is looked for in. */
const PROPERTY_SCAN = 8192;

const ELLIPSIS = '…';

/** Cut to `max` characters, never between the halves of a surrogate pair. */
function bounded(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return text.slice(0, end) + ELLIPSIS;
}

/**
 * Values that say nothing: empty, Windows' `-`, `(NULL)`, and unresolved message references
 * (`%%1793`, "<value not set>"), which only the provider's message table could turn into words.
 */
function isPlaceholder(text: string): boolean {
  return text === '' || text === '-' || text === '(NULL)' || /^(?:\s*%%\d+)+\s*$/.test(text);
}

/** A value as one text: trimmed, placeholders absent, the items of a multi-valued field joined. */
function valueText(value: EventDataValue | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') {
    const text = value.trim();
    return isPlaceholder(text) ? undefined : text;
  }
  const items: string[] = [];
  for (const item of value.slice(0, MULTI_VALUE_MAX)) {
    const text = item.trim();
    if (!isPlaceholder(text)) items.push(bounded(text, DETAIL_VALUE_MAX));
  }
  return items.length === 0 ? undefined : items.join('; ');
}

const field =
  (name: string): Derivation =>
  (data) =>
    valueText(data[name]);

/** The first of `derivations` that has a value. */
const firstOf =
  (...derivations: readonly Derivation[]): Derivation =>
  (data) => {
    for (const derive of derivations) {
      const value = derive(data);
      if (value !== undefined) return value;
    }
    return undefined;
  };

/** DOMAIN\name, or the name alone where the domain is absent. */
const account =
  (domainName: string, userName: string): Derivation =>
  (data) => {
    const name = valueText(data[userName]);
    if (name === undefined) return undefined;
    const domain = valueText(data[domainName]);
    return domain === undefined ? name : `${domain}\\${name}`;
  };

/** A code with its meaning: `3 (Network)`; a code the table does not know, as it is. */
const named =
  (name: string, meanings: ReadonlyMap<string, string>): Derivation =>
  (data) => {
    const code = valueText(data[name]);
    if (code === undefined) return undefined;
    const meaning = meanings.get(code.toLowerCase());
    return meaning === undefined ? code : `${code} (${meaning})`;
  };

/** Only a code's meaning, for codes that are message references (`%%14674` -> `Value Added`). */
const meaningOf =
  (name: string, meanings: ReadonlyMap<string, string>): Derivation =>
  (data) => {
    const value = data[name];
    const code = typeof value === 'string' ? value.trim() : undefined;
    return code === undefined ? undefined : (meanings.get(code.toLowerCase()) ?? valueText(code));
  };

/** An address and port: `10.0.0.5:445`, `[fe80::1]:445`; the address alone without a port. */
const endpoint =
  (addressName: string, portName: string): Derivation =>
  (data) => {
    const address = valueText(data[addressName]);
    if (address === undefined) return undefined;
    const port = valueText(data[portName]);
    if (port === undefined || port === '0') return address;
    return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
  };

/** Long text made readable in a line: whitespace runs folded to one space, cut to DETAIL_BRIEF_MAX. */
const brief =
  (source: string | Derivation): Derivation =>
  (data) => {
    const text = (typeof source === 'string' ? field(source) : source)(data);
    return text === undefined ? undefined : bounded(text.slice(0, DETAIL_BRIEF_MAX * 4).replace(/\s+/g, ' '), DETAIL_BRIEF_MAX);
  };

/** The text of the first `<element>` in an XML value (a scheduled task's `<Command>`), entities decoded. */
const xmlElement =
  (name: string, element: string): Derivation =>
  (data) => {
    const xml = valueText(data[name]);
    if (xml === undefined) return undefined;
    const open = xml.indexOf(`<${element}>`);
    if (open < 0) return undefined;
    const start = open + element.length + 2;
    const end = xml.indexOf(`</${element}>`, start);
    if (end < 0) return undefined;
    const text = xml
      .slice(start, end)
      .replace(/&(lt|gt|quot|apos|amp);/g, (_, entity: string) => XML_ENTITIES[entity]!)
      .trim();
    return isPlaceholder(text) ? undefined : text;
  };
const XML_ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' };

/**
 * The value of a `key=value` (or `key = value`) line inside a field, as PowerShell writes its
 * context: classic events' `HostApplication=...` in Data, 4103's `Host Application = ...` in ContextInfo.
 */
const property =
  (name: string, key: string): Derivation =>
  (data) => {
    const value = data[name];
    for (const item of typeof value === 'string' ? [value] : (value ?? []).slice(0, MULTI_VALUE_MAX)) {
      for (const line of item.slice(0, PROPERTY_SCAN).split(/\r?\n/)) {
        const text = line.trimStart();
        if (!text.startsWith(key)) continue;
        const rest = text.slice(key.length).trimStart();
        if (rest.startsWith('=')) return valueText(rest.slice(1));
      }
    }
    return undefined;
  };

/** One item of a multi-valued field (Application logs' unnamed `Data`), counted from 0. */
const item =
  (name: string, index: number): Derivation =>
  (data) => {
    const value = data[name];
    return Array.isArray(value) ? valueText(value[index]) : index === 0 ? valueText(value) : undefined;
  };

/** `2 of 5` for a script block logged in parts; nothing for one in one part. */
const partOf =
  (numberName: string, totalName: string): Derivation =>
  (data) => {
    const number = valueText(data[numberName]);
    const total = valueText(data[totalName]);
    return number === undefined || total === undefined || total === '1' ? undefined : `${number} of ${total}`;
  };

/** A change: `old -> new`, or the side that is there. */
const change =
  (oldName: string, newName: string): Derivation =>
  (data) => {
    const before = valueText(data[oldName]);
    const after = valueText(data[newName]);
    if (before === undefined) return after;
    return after === undefined ? before : `${before} -> ${after}`;
  };

const meanings = (entries: Readonly<Record<string, string>>): ReadonlyMap<string, string> =>
  new Map(Object.entries(entries).map(([code, meaning]) => [code.toLowerCase(), meaning]));

const LOGON_TYPES = meanings({
  '0': 'System',
  '2': 'Interactive',
  '3': 'Network',
  '4': 'Batch',
  '5': 'Service',
  '7': 'Unlock',
  '8': 'NetworkCleartext',
  '9': 'NewCredentials',
  '10': 'RemoteInteractive',
  '11': 'CachedInteractive',
  '12': 'CachedRemoteInteractive',
  '13': 'CachedUnlock',
});

/** NTSTATUS codes of failed logons (4625, 4776). */
const LOGON_STATUS = meanings({
  '0x0': 'success',
  '0xc000005e': 'no logon servers',
  '0xc0000064': 'no such user',
  '0xc000006a': 'wrong password',
  '0xc000006c': 'password policy',
  '0xc000006d': 'bad user name or password',
  '0xc000006e': 'account restriction',
  '0xc000006f': 'outside logon hours',
  '0xc0000070': 'workstation restriction',
  '0xc0000071': 'password expired',
  '0xc0000072': 'account disabled',
  '0xc000009a': 'insufficient resources',
  '0xc0000133': 'clock skew',
  '0xc000015b': 'logon type not granted',
  '0xc000018c': 'trust relationship failed',
  '0xc0000192': 'netlogon not started',
  '0xc0000193': 'account expired',
  '0xc0000224': 'password must change',
  '0xc0000225': 'Windows bug',
  '0xc0000234': 'account locked out',
  '0xc0000413': 'authentication firewall',
});

/** Kerberos result codes (4768, 4769, 4771). */
const KERBEROS_STATUS = meanings({
  '0x0': 'success',
  '0x6': 'unknown client',
  '0x7': 'unknown server',
  '0xc': 'policy restriction',
  '0xe': 'encryption type not supported',
  '0x12': 'account disabled, expired or locked out',
  '0x17': 'password expired',
  '0x18': 'pre-authentication failed',
  '0x1b': 'server requires user-to-user',
  '0x20': 'ticket expired',
  '0x25': 'clock skew',
});

const TICKET_ENCRYPTION = meanings({
  '0x1': 'DES-CBC-CRC',
  '0x3': 'DES-CBC-MD5',
  '0x11': 'AES128',
  '0x12': 'AES256',
  '0x17': 'RC4-HMAC',
  '0x18': 'RC4-HMAC-EXP',
  '0xffffffff': 'failure',
});

const SERVICE_START_TYPES = meanings({ '0': 'boot', '1': 'system', '2': 'auto', '3': 'demand', '4': 'disabled' });

/** Directory-service change operations (5136). */
const DS_OPERATIONS = meanings({ '%%14674': 'Value Added', '%%14675': 'Value Deleted' });

/** Windows Filtering Platform directions and protocols (5156, 5157, 5158). */
const WFP_DIRECTIONS = meanings({ '%%14592': 'Inbound', '%%14593': 'Outbound' });
const IP_PROTOCOLS = meanings({ '1': 'ICMP', '6': 'TCP', '17': 'UDP', '58': 'ICMPv6' });

/** Defender's Action ID (the CleaningActionID of MSFT_MpThreatDetection); its Action Name is a message reference. */
const DEFENDER_ACTIONS = meanings({
  '1': 'Clean',
  '2': 'Quarantine',
  '3': 'Remove',
  '6': 'Allow',
  '8': 'UserDefined',
  '9': 'NoAction',
  '10': 'Block',
});

const SUBJECT: readonly [string, Derivation] = ['User', account('SubjectDomainName', 'SubjectUserName')];
const TARGET_USER: readonly [string, Derivation] = ['TargetUser', account('TargetDomainName', 'TargetUserName')];
const TARGET_GROUP: readonly [string, Derivation] = ['Group', account('TargetDomainName', 'TargetUserName')];
const SUBJECT_LOGON_ID: readonly [string, string] = ['LogonId', 'SubjectLogonId'];

const SYSMON: readonly DetailsEntry[] = [
  {
    service: 'sysmon',
    eventIds: [1],
    fields: ['CommandLine', 'Image', 'User', 'ParentImage', ['ParentCommandLine', brief('ParentCommandLine')]],
  },
  { service: 'sysmon', eventIds: [2], fields: ['TargetFilename', 'Image', 'CreationUtcTime', 'PreviousCreationUtcTime', 'User'] },
  {
    service: 'sysmon',
    eventIds: [3],
    fields: [
      'Image',
      ['Destination', endpoint('DestinationIp', 'DestinationPort')],
      'DestinationHostname',
      ['Source', endpoint('SourceIp', 'SourcePort')],
      'Protocol',
      'Initiated',
      'User',
    ],
  },
  { service: 'sysmon', eventIds: [4], fields: ['State', 'Version', 'SchemaVersion'] },
  { service: 'sysmon', eventIds: [5], fields: ['Image', 'ProcessId', 'User'] },
  { service: 'sysmon', eventIds: [6], fields: ['ImageLoaded', 'Signature', 'SignatureStatus', 'Signed', 'Hashes'] },
  {
    service: 'sysmon',
    eventIds: [7],
    fields: ['ImageLoaded', 'Image', 'Signature', 'SignatureStatus', 'Signed', 'OriginalFileName', 'User'],
  },
  {
    service: 'sysmon',
    eventIds: [8],
    fields: ['SourceImage', 'TargetImage', 'StartAddress', 'StartModule', 'StartFunction', 'SourceUser', 'TargetUser'],
  },
  { service: 'sysmon', eventIds: [9], fields: ['Image', 'Device', 'User'] },
  {
    service: 'sysmon',
    eventIds: [10],
    fields: ['SourceImage', 'TargetImage', 'GrantedAccess', 'SourceUser', 'TargetUser', ['CallTrace', brief('CallTrace')]],
  },
  { service: 'sysmon', eventIds: [11], fields: ['TargetFilename', 'Image', 'User', 'CreationUtcTime'] },
  // Sysmon's TargetObject is the key, and for a value the key\value path.
  { service: 'sysmon', eventIds: [12], fields: ['EventType', ['Key', 'TargetObject'], 'Image', 'User'] },
  { service: 'sysmon', eventIds: [13], fields: ['EventType', ['Key', 'TargetObject'], ['Details', brief('Details')], 'Image', 'User'] },
  { service: 'sysmon', eventIds: [14], fields: ['EventType', ['Key', 'TargetObject'], 'NewName', 'Image', 'User'] },
  { service: 'sysmon', eventIds: [15], fields: ['TargetFilename', 'Image', ['Contents', brief('Contents')], 'Hash', 'User'] },
  { service: 'sysmon', eventIds: [16], fields: ['Configuration', 'ConfigurationFileHash'] },
  { service: 'sysmon', eventIds: [17, 18], fields: ['EventType', 'PipeName', 'Image', 'User'] },
  { service: 'sysmon', eventIds: [19], fields: ['Operation', 'EventNamespace', 'Name', ['Query', brief('Query')], 'User'] },
  { service: 'sysmon', eventIds: [20], fields: ['Operation', 'Name', 'Type', ['Destination', brief('Destination')], 'User'] },
  { service: 'sysmon', eventIds: [21], fields: ['Operation', 'Consumer', 'Filter', 'User'] },
  { service: 'sysmon', eventIds: [22], fields: ['QueryName', ['QueryResults', brief('QueryResults')], 'Image', 'User'] },
  { service: 'sysmon', eventIds: [23, 26], fields: ['TargetFilename', 'Image', 'User', 'IsExecutable', 'Hashes'] },
  { service: 'sysmon', eventIds: [24], fields: ['Image', 'User', 'ClientInfo'] },
  { service: 'sysmon', eventIds: [25], fields: ['Image', 'Type', 'User'] },
  { service: 'sysmon', eventIds: [27, 28, 29], fields: ['TargetFilename', 'Image', 'User', 'Hashes'] },
  { service: 'sysmon', eventIds: [255], fields: ['ID', 'Description'] },
];

const ACCOUNT_CHANGE: readonly DetailField[] = [
  TARGET_USER,
  ['TargetSid', 'TargetSid'],
  'SamAccountName',
  'DisplayName',
  'UserPrincipalName',
  ['UserAccountControl', change('OldUacValue', 'NewUacValue')],
  'AllowedToDelegateTo',
  ['ServicePrincipalNames', brief('ServicePrincipalNames')],
  'SidHistory',
  SUBJECT,
];

const SECURITY: readonly DetailsEntry[] = [
  { service: 'security', eventIds: [1102], fields: [SUBJECT, SUBJECT_LOGON_ID] },
  { service: 'security', eventIds: [4611], fields: ['LogonProcessName', SUBJECT] },
  { service: 'security', eventIds: [4616], fields: ['PreviousTime', 'NewTime', SUBJECT, ['Process', 'ProcessName']] },
  {
    service: 'security',
    eventIds: [4624],
    fields: [
      TARGET_USER,
      ['LogonType', named('LogonType', LOGON_TYPES)],
      ['SourceIp', endpoint('IpAddress', 'IpPort')],
      ['Workstation', 'WorkstationName'],
      ['Process', 'ProcessName'],
      ['AuthPackage', 'AuthenticationPackageName'],
      ['LogonId', 'TargetLogonId'],
    ],
  },
  {
    service: 'security',
    eventIds: [4625],
    fields: [
      TARGET_USER,
      ['LogonType', named('LogonType', LOGON_TYPES)],
      ['SourceIp', endpoint('IpAddress', 'IpPort')],
      ['Workstation', 'WorkstationName'],
      ['Status', named('Status', LOGON_STATUS)],
      ['SubStatus', named('SubStatus', LOGON_STATUS)],
      ['Process', 'ProcessName'],
      ['AuthPackage', 'AuthenticationPackageName'],
    ],
  },
  {
    service: 'security',
    eventIds: [4634, 4647],
    fields: [TARGET_USER, ['LogonType', named('LogonType', LOGON_TYPES)], ['LogonId', 'TargetLogonId']],
  },
  {
    service: 'security',
    eventIds: [4648],
    fields: [
      TARGET_USER,
      ['TargetServer', 'TargetServerName'],
      'TargetInfo',
      SUBJECT,
      ['SourceIp', endpoint('IpAddress', 'IpPort')],
      ['Process', 'ProcessName'],
    ],
  },
  { service: 'security', eventIds: [4649], fields: ['WorkstationName', 'LogonProcessName', 'AuthenticationPackage', 'RequestType'] },
  {
    service: 'security',
    eventIds: [4656, 4658, 4663],
    fields: [SUBJECT, ['Object', 'ObjectName'], 'ObjectType', 'AccessMask', ['Process', 'ProcessName']],
  },
  {
    service: 'security',
    eventIds: [4657],
    fields: [
      ['Key', 'ObjectName'],
      ['Value', 'ObjectValueName'],
      ['NewValue', brief('NewValue')],
      ['OldValue', brief('OldValue')],
      SUBJECT,
      ['Process', 'ProcessName'],
    ],
  },
  {
    service: 'security',
    eventIds: [4661],
    fields: [SUBJECT, 'ObjectType', ['Object', 'ObjectName'], 'AccessMask', ['Process', 'ProcessName']],
  },
  {
    service: 'security',
    eventIds: [4662],
    fields: [SUBJECT, 'ObjectType', ['Object', 'ObjectName'], 'OperationType', 'AccessMask', ['Properties', brief('Properties')]],
  },
  { service: 'security', eventIds: [4672], fields: [SUBJECT, ['Privileges', brief('PrivilegeList')], SUBJECT_LOGON_ID] },
  {
    service: 'security',
    eventIds: [4673],
    fields: [SUBJECT, 'Service', ['Privileges', brief('PrivilegeList')], ['Process', 'ProcessName']],
  },
  {
    service: 'security',
    eventIds: [4674],
    fields: [SUBJECT, ['Object', 'ObjectName'], 'ObjectType', ['Privileges', brief('PrivilegeList')], ['Process', 'ProcessName']],
  },
  {
    service: 'security',
    eventIds: [4688],
    fields: ['CommandLine', ['Image', 'NewProcessName'], SUBJECT, ['ParentImage', 'ParentProcessName'], TARGET_USER],
  },
  { service: 'security', eventIds: [4692], fields: [SUBJECT, 'MasterKeyId', 'RecoveryServer', 'FailureReason'] },
  {
    service: 'security',
    eventIds: [4697],
    fields: [
      ['Service', 'ServiceName'],
      ['ImagePath', 'ServiceFileName'],
      ['Account', 'ServiceAccount'],
      ['StartType', named('ServiceStartType', SERVICE_START_TYPES)],
      'ServiceType',
      SUBJECT,
    ],
  },
  {
    service: 'security',
    eventIds: [4698, 4699, 4700, 4701, 4702],
    fields: [
      ['Task', 'TaskName'],
      ['Command', firstOf(xmlElement('TaskContent', 'Command'), xmlElement('TaskContentNew', 'Command'))],
      ['Arguments', brief(firstOf(xmlElement('TaskContent', 'Arguments'), xmlElement('TaskContentNew', 'Arguments')))],
      SUBJECT,
    ],
  },
  { service: 'security', eventIds: [4704, 4705], fields: [['Target', 'TargetSid'], ['Privileges', brief('PrivilegeList')], SUBJECT] },
  { service: 'security', eventIds: [4706, 4707], fields: ['DomainName', 'DomainSid', 'TdoType', 'TdoDirection', SUBJECT] },
  {
    service: 'security',
    eventIds: [4719],
    fields: [SUBJECT, 'CategoryId', 'SubcategoryId', 'SubcategoryGuid', ['Changes', brief('AuditPolicyChanges')]],
  },
  { service: 'security', eventIds: [4720, 4722, 4723, 4724, 4725, 4726, 4738, 4740, 4741, 4742, 4743], fields: ACCOUNT_CHANGE },
  {
    service: 'security',
    eventIds: [4727, 4730, 4731, 4734, 4735, 4737, 4744, 4745, 4748, 4749, 4750, 4753, 4754, 4755, 4758, 4759, 4760, 4763],
    fields: [TARGET_GROUP, ['GroupSid', 'TargetSid'], SUBJECT],
  },
  {
    service: 'security',
    eventIds: [4728, 4729, 4732, 4733, 4746, 4747, 4751, 4752, 4756, 4757, 4761, 4762],
    fields: [['Member', firstOf(field('MemberName'), field('MemberSid'))], TARGET_GROUP, SUBJECT],
  },
  {
    service: 'security',
    eventIds: [4765, 4766],
    fields: [
      TARGET_USER,
      ['SourceUser', account('SourceDomainName', 'SourceUserName')],
      'SourceSid',
      ['SidHistory', brief('SidList')],
      SUBJECT,
    ],
  },
  {
    service: 'security',
    eventIds: [4768],
    fields: [
      TARGET_USER,
      ['Service', 'ServiceName'],
      ['SourceIp', endpoint('IpAddress', 'IpPort')],
      ['Status', named('Status', KERBEROS_STATUS)],
      ['TicketEncryption', named('TicketEncryptionType', TICKET_ENCRYPTION)],
      'PreAuthType',
      'CertThumbprint',
    ],
  },
  {
    service: 'security',
    eventIds: [4769, 4770],
    fields: [
      TARGET_USER,
      ['Service', 'ServiceName'],
      ['SourceIp', endpoint('IpAddress', 'IpPort')],
      ['Status', named('Status', KERBEROS_STATUS)],
      ['TicketEncryption', named('TicketEncryptionType', TICKET_ENCRYPTION)],
      'TicketOptions',
    ],
  },
  {
    service: 'security',
    eventIds: [4771, 4772, 4773],
    fields: [
      TARGET_USER,
      ['Service', 'ServiceName'],
      ['SourceIp', endpoint('IpAddress', 'IpPort')],
      ['Status', named('Status', KERBEROS_STATUS)],
      'PreAuthType',
    ],
  },
  {
    service: 'security',
    eventIds: [4776, 4777],
    fields: [TARGET_USER, 'Workstation', ['Status', named('Status', LOGON_STATUS)], ['AuthPackage', 'PackageName']],
  },
  {
    service: 'security',
    eventIds: [4778, 4779],
    fields: [
      ['User', account('AccountDomain', 'AccountName')],
      ['SourceIp', 'ClientAddress'],
      ['Workstation', 'ClientName'],
      ['Session', 'SessionName'],
    ],
  },
  {
    service: 'security',
    eventIds: [4781],
    fields: [['TargetUser', change('OldTargetUserName', 'NewTargetUserName')], 'TargetDomainName', 'TargetSid', SUBJECT],
  },
  { service: 'security', eventIds: [4794], fields: [SUBJECT, 'Workstation', 'Status'] },
  {
    service: 'security',
    eventIds: [4798, 4799],
    fields: [['Target', account('TargetDomainName', 'TargetUserName')], ['Process', 'CallerProcessName'], SUBJECT],
  },
  { service: 'security', eventIds: [4800, 4801, 4802, 4803], fields: [TARGET_USER, 'SessionId'] },
  {
    service: 'security',
    eventIds: [4825],
    fields: [
      ['User', account('AccountDomain', 'AccountName')],
      ['SourceIp', 'ClientAddress'],
    ],
  },
  {
    service: 'security',
    eventIds: [4898, 4899],
    fields: [
      ['Template', 'TemplateInternalName'],
      'TemplateDSObjectFQDN',
      ['Content', brief(firstOf(field('NewTemplateContent'), field('TemplateContent')))],
    ],
  },
  { service: 'security', eventIds: [4904, 4905], fields: ['AuditSourceName', ['Process', 'ProcessName'], SUBJECT] },
  { service: 'security', eventIds: [5038, 6281], fields: [['File', 'param1']] },
  {
    service: 'security',
    eventIds: [5136],
    fields: [
      SUBJECT,
      'ObjectDN',
      'ObjectClass',
      ['Attribute', 'AttributeLDAPDisplayName'],
      ['Value', brief('AttributeValue')],
      ['Operation', meaningOf('OperationType', DS_OPERATIONS)],
    ],
  },
  { service: 'security', eventIds: [5137, 5138, 5139, 5141], fields: ['ObjectDN', 'ObjectClass', SUBJECT] },
  {
    service: 'security',
    eventIds: [5140],
    fields: [SUBJECT, ['Share', 'ShareName'], ['SharePath', 'ShareLocalPath'], ['SourceIp', endpoint('IpAddress', 'IpPort')], 'AccessMask'],
  },
  { service: 'security', eventIds: [5142, 5143, 5144], fields: [['Share', 'ShareName'], ['SharePath', 'ShareLocalPath'], SUBJECT] },
  {
    service: 'security',
    eventIds: [5145],
    fields: [
      SUBJECT,
      ['Share', 'ShareName'],
      ['Target', 'RelativeTargetName'],
      ['SourceIp', endpoint('IpAddress', 'IpPort')],
      'AccessMask',
    ],
  },
  {
    service: 'security',
    eventIds: [5152, 5154, 5155, 5156, 5157, 5158, 5159],
    fields: [
      ['Process', 'Application'],
      ['Direction', meaningOf('Direction', WFP_DIRECTIONS)],
      ['Source', endpoint('SourceAddress', 'SourcePort')],
      ['Destination', endpoint('DestAddress', 'DestPort')],
      ['Protocol', named('Protocol', IP_PROTOCOLS)],
    ],
  },
  { service: 'security', eventIds: [5379], fields: [SUBJECT, 'TargetName', 'Type', 'CountOfCredentialsReturned', 'ClientProcessId'] },
  { service: 'security', eventIds: [5441, 5447, 5449], fields: ['FilterName', 'ProviderContextName', 'LayerName', 'ChangeType'] },
  {
    service: 'security',
    eventIds: [6416, 6419, 6420, 6421, 6422, 6423, 6424],
    fields: ['DeviceDescription', 'DeviceId', 'ClassName', SUBJECT],
  },
];

const SYSTEM: readonly DetailsEntry[] = [
  { service: 'system', eventIds: [104], fields: [SUBJECT, 'Channel', 'BackupPath'] },
  {
    service: 'system',
    eventIds: [7045],
    fields: [['Service', 'ServiceName'], 'ImagePath', ['Account', 'AccountName'], 'StartType', 'ServiceType'],
  },
  {
    service: 'system',
    eventIds: [7036],
    fields: [
      ['Service', 'param1'],
      ['State', 'param2'],
    ],
  },
  {
    service: 'system',
    eventIds: [7023, 7024, 7031, 7034],
    fields: [
      ['Service', 'param1'],
      ['Error', 'param2'],
    ],
  },
  {
    service: 'system',
    eventIds: [7040],
    fields: [
      ['Service', 'param1'],
      ['StartType', change('param2', 'param3')],
    ],
  },
  // Kernel-General (a hive's name), WindowsUpdateClient (an update), Kerberos-KDC: whichever the provider wrote.
  {
    service: 'system',
    eventIds: [16, 20, 24, 213, 217],
    fields: [
      ['Hive', 'HiveName'],
      ['Update', 'updateTitle'],
      ['Error', 'errorCode'],
    ],
  },
  { service: 'system', eventIds: [26], fields: ['Caption', ['Message', brief('Message')]] },
  {
    service: 'system',
    eventIds: [98],
    fields: [
      ['Drive', 'DriveName'],
      ['Device', 'DeviceName'],
    ],
  },
  { service: 'system', eventIds: [4100], fields: ['IsatapRouter'] },
  { service: 'system', eventIds: [55], fields: ['DriveName', 'DeviceName', 'Origin', 'Description'] },
  { service: 'system', eventIds: [10001, 10016], fields: ['param1', 'param2', 'param3', 'param4'] },
  // Netlogon's secure-channel events (5827-5831), the Zerologon trail.
  {
    service: 'system',
    eventIds: [5827, 5828, 5829, 5830, 5831],
    fields: [['Account', 'AccountName'], 'AccountType', ['OsVersion', 'MachineOsVersion'], ['Build', 'MachineOsBuildVersion']],
  },
  // Unnamed or provider-specific parameters (NETLOGON's Data, Kerberos-KDC, DHCP server, the CA, WER, LsaSrv).
  { service: 'system', eventIds: [27, 39, 41, 53, 1001, 1031, 1032, 1033, 1034, 5723, 5805, 6038, 6039], fields: AS_LOGGED },
];

/** Application logs write unnamed Data items: MSSQL's failed logon is user, reason, client. */
const APPLICATION: readonly DetailsEntry[] = [
  {
    service: 'application',
    eventIds: [18456],
    fields: [
      ['User', item('Data', 0)],
      ['Reason', item('Data', 1)],
      ['Client', item('Data', 2)],
    ],
  },
  { service: 'application', eventIds: [1000], fields: [['Application', 'AppName'], ['Module', 'ModuleName'], 'ExceptionCode'] },
  {
    service: 'application',
    eventIds: [1, 1001, 1033, 1034, 1040, 1042, 11724, 15457, 200, 201, 216, 325, 326, 327, 33205, 524, 865, 866, 867, 868, 882],
    fields: [['Data', brief('Data')]],
  },
];

const POWERSHELL: readonly DetailsEntry[] = [
  {
    service: 'powershell',
    eventIds: [4103],
    fields: [
      ['Command', property('ContextInfo', 'Command Name')],
      ['HostApplication', property('ContextInfo', 'Host Application')],
      ['User', property('ContextInfo', 'User')],
      ['Payload', brief('Payload')],
    ],
  },
  {
    service: 'powershell',
    eventIds: [4104],
    fields: [['ScriptBlock', brief('ScriptBlockText')], 'Path', ['Part', partOf('MessageNumber', 'MessageTotal')]],
  },
  {
    service: 'powershell-classic',
    eventIds: [400, 403, 600],
    fields: [
      ['HostApplication', brief(property('Data', 'HostApplication'))],
      ['Provider', property('Data', 'ProviderName')],
      ['State', property('Data', 'NewEngineState')],
    ],
  },
  {
    service: 'powershell-classic',
    eventIds: [800],
    // Data: the pipeline's script, its context (key=value lines), then what it ran (CommandInvocation ...).
    fields: [
      ['Pipeline', brief(item('Data', 2))],
      ['CommandLine', brief(property('Data', 'CommandLine'))],
      ['User', property('Data', 'UserId')],
      ['HostApplication', brief(property('Data', 'HostApplication'))],
    ],
  },
];

/** Defender's EventData names have spaces (`Threat Name`); detections, actions, and the protection it turns off. */
const DEFENDER: readonly DetailsEntry[] = [
  {
    service: 'windefend',
    eventIds: [1006, 1007, 1008, 1009, 1010, 1011, 1012, 1015, 1116, 1117, 1118, 1119],
    fields: [
      ['Threat', 'Threat Name'],
      ['Severity', 'Severity Name'],
      ['Category', 'Category Name'],
      'Path',
      ['Process', 'Process Name'],
      ['User', 'Detection User'],
      ['Action', named('Action ID', DEFENDER_ACTIONS)],
      ['Result', 'Error Description'],
    ],
  },
  { service: 'windefend', eventIds: [1013], fields: ['Timestamp', 'User'] },
  {
    service: 'windefend',
    eventIds: [1121, 1122, 1125, 1126],
    fields: [['Rule', 'ID'], 'Path', ['Process', 'Process Name'], ['CommandLine', 'Target Commandline'], 'User'],
  },
  { service: 'windefend', eventIds: [3002, 3007], fields: [['Feature', 'Feature Name'], 'Reason'] },
  {
    service: 'windefend',
    eventIds: [5001, 5010, 5012, 5101],
    fields: [
      ['Product', 'Product Name'],
      ['Version', 'Product Version'],
    ],
  },
  { service: 'windefend', eventIds: [5007], fields: [['Setting', change('Old Value', 'New Value')]] },
  { service: 'windefend', eventIds: [5013], fields: ['Value'] },
];

/** Scheduled tasks, WMI, RDP, BITS, NTLM and the other services SigmaHQ's rules read. */
const OTHER_SERVICES: readonly DetailsEntry[] = [
  {
    service: 'taskscheduler',
    eventIds: [106, 129, 140, 141, 142, 200, 201],
    fields: [['Task', 'TaskName'], ['Action', 'ActionName'], 'Path', ['User', firstOf(field('UserName'), field('UserContext'))]],
  },
  {
    service: 'wmi',
    eventIds: [5857, 5858, 5859, 5860, 5861],
    fields: [
      ['Namespace', firstOf(field('NamespaceName'), field('Namespace'))],
      'Operation',
      ['Query', brief('Query')],
      ['Consumer', brief('CONSUMER')],
      ['Filter', brief('ESS')],
      ['Provider', firstOf(field('ProviderName'), field('Provider'))],
      'User',
      ['Process', 'HostProcess'],
      ['ProcessId', 'ClientProcessId'],
      ['Cause', brief('PossibleCause')],
    ],
  },
  {
    service: 'bits-client',
    eventIds: [3, 4, 5, 59, 60, 61, 16403],
    fields: [
      ['Job', firstOf(field('jobTitle'), field('name'))],
      ['Url', firstOf(field('url'), field('RemoteName'))],
      ['File', 'LocalName'],
      ['Owner', 'jobOwner'],
      ['Process', 'processPath'],
      'User',
    ],
  },
  {
    service: 'terminalservices-localsessionmanager',
    eventIds: [21, 22, 23, 24, 25, 39, 40],
    fields: ['User', ['Session', 'SessionID'], ['SourceIp', 'Address']],
  },
  {
    service: 'ntlm',
    eventIds: [8001, 8002, 8003, 8004],
    fields: [
      ['Target', 'TargetName'],
      ['User', firstOf(account('DomainName', 'UserName'), account('ClientDomainName', 'ClientUserName'))],
      ['Workstation', 'WorkstationName'],
      ['Server', 'SChannelName'],
      ['Process', 'ProcessName'],
    ],
  },
  {
    service: 'openssh',
    eventIds: [4],
    fields: [
      ['Process', 'process'],
      ['Payload', brief('payload')],
    ],
  },
  { service: 'dns-client', eventIds: [3006, 3008, 3020], fields: ['QueryName', 'QueryType', ['QueryResults', brief('QueryResults')]] },
  {
    service: 'dns-server',
    eventIds: [150, 770, 771, 6004],
    fields: [
      ['Dll', 'param1'],
      ['Computer', 'param2'],
    ],
  },
  {
    service: 'security-mitigations',
    eventIds: [1, 2, 3, 9, 10, 11, 12],
    fields: [
      ['Process', 'ProcessPath'],
      ['Image', 'ImageName'],
    ],
  },
  {
    service: 'codeintegrity-operational',
    eventIds: [3001, 3002, 3003, 3004, 3021, 3022, 3023, 3032, 3033, 3034, 3035, 3036, 3037, 3077, 3082, 3083, 3089, 3104],
    fields: [
      ['File', 'FileNameBuffer'],
      ['Process', 'ProcessNameBuffer'],
      ['Policy', firstOf(field('PolicyName'), field('RequestedPolicy'))],
    ],
  },
  {
    service: 'appxdeployment-server',
    eventIds: [400, 401, 412, 441, 442, 453, 454, 603, 854],
    fields: [['Package', 'PackageFullName'], ['Source', 'PackageSourceUri'], ['Process', 'CallingProcess'], 'Path', 'ErrorCode', 'Flags'],
  },
  { service: 'appxpackaging-om', eventIds: [157], fields: [['Subject', 'subjectName']] },
  { service: 'appmodel-runtime', eventIds: [201], fields: [['Image', 'ImageName'], 'PackageFullName'] },
  {
    service: 'applocker',
    eventIds: [8002, 8003, 8004, 8005, 8006, 8007, 8020, 8021, 8022, 8023, 8024, 8025],
    fields: [['File', firstOf(field('FullFilePath'), field('FilePath'))], ['User', 'TargetUser'], 'RuleName', 'PolicyName'],
  },
  { service: 'diagnosis-scripted', eventIds: [101], fields: [['Package', 'PackagePath']] },
  {
    service: 'driver-framework',
    eventIds: [2003, 2004, 2100, 2102],
    fields: [['Device', firstOf(field('InstanceId'), field('DeviceInstanceId'))], 'FriendlyName'],
  },
  {
    service: 'firewall-as',
    eventIds: [2002, 2003, 2004, 2005, 2006, 2008, 2009, 2032, 2033, 2052, 2059, 2060, 2071, 2082, 2083, 2097],
    fields: [
      ['Rule', 'RuleName'],
      ['Application', 'ApplicationPath'],
      'Action',
      'Direction',
      'LocalPorts',
      'RemoteAddresses',
      ['Setting', 'SettingType'],
      ['Value', 'SettingValueString'],
      ['ModifiedBy', 'ModifyingApplication'],
      ['User', 'ModifyingUser'],
    ],
  },
  {
    service: 'iis-configuration',
    eventIds: [29],
    fields: [
      ['Configuration', brief('Configuration')],
      ['OldValue', brief('OldValue')],
      ['NewValue', brief('NewValue')],
    ],
  },
  {
    service: 'ldap',
    eventIds: [30],
    fields: [['Filter', brief('SearchFilter')], ['Base', 'DistinguishedName'], 'ScopeOfSearch', 'ProcessId'],
  },
  {
    service: 'lsa-server',
    eventIds: [300],
    fields: [
      ['TargetSid', 'TargetUserSid'],
      ['Sids', brief('SidList')],
    ],
  },
  { service: 'msexchange-management', eventIds: [1, 6], fields: [['Cmdlet', brief('Data')]] },
  {
    service: 'shell-core',
    eventIds: [28115],
    fields: [
      ['App', 'Name'],
      ['AppId', 'AppID'],
    ],
  },
  {
    service: 'smbclient-security',
    eventIds: [31017],
    fields: [
      ['User', 'UserName'],
      ['Server', 'ServerName'],
      ['Share', 'ShareName'],
    ],
  },
  { service: 'capi2', eventIds: [70], fields: AS_LOGGED },
  { service: 'certificateservicesclient-lifecycle-system', eventIds: [1006, 1007], fields: AS_LOGGED },
  { service: 'servicebus-client', eventIds: [40300, 40301, 40302], fields: AS_LOGGED },
  {
    service: 'smbserver-connectivity',
    eventIds: [4000],
    fields: [['Share', 'ShareName'], ['Client', 'ClientAddress'], 'SigningUsed', 'EncyptionUsed'],
  },
];

/** Channels no Sigma service reads, where a remote session or logon leaves its trace. */
const OTHER_CHANNELS: readonly DetailsEntry[] = [
  {
    channel: 'Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational',
    eventIds: [1149],
    fields: [
      ['User', account('Param2', 'Param1')],
      ['SourceIp', 'Param3'],
    ],
  },
  {
    channel: 'Microsoft-Windows-RemoteDesktopServices-RdpCoreTS/Operational',
    eventIds: [131],
    fields: [['SourceIp', 'ClientIP'], 'ConnType'],
  },
  {
    channel: 'Microsoft-Windows-WinRM/Operational',
    eventIds: [169],
    fields: [
      ['User', 'username'],
      ['Auth', 'authenticationMechanism'],
    ],
  },
];

/** The whole table, in the order above. */
const DETAILS_TABLE: readonly DetailsEntry[] = [
  ...SYSMON,
  ...SECURITY,
  ...SYSTEM,
  ...APPLICATION,
  ...POWERSHELL,
  ...DEFENDER,
  ...OTHER_SERVICES,
  ...OTHER_CHANNELS,
];

interface CompiledEntry {
  readonly fields: readonly (readonly [label: string, derive: Derivation])[];
}

const serviceKey = (service: string, eventId: number): string => `service:${service}:${eventId}`;
const channelKey = (channel: string, eventId: number): string => `channel:${channel.toLowerCase()}:${eventId}`;

/** (service or channel, event id) -> entry; a pair named twice is a mistake in the table, caught at load. */
const ENTRIES: ReadonlyMap<string, CompiledEntry> = (() => {
  const map = new Map<string, CompiledEntry>();
  for (const entry of DETAILS_TABLE) {
    const compiled: CompiledEntry = {
      fields: (entry.fields === AS_LOGGED ? [] : entry.fields).map((spec) => {
        const [label, source] = typeof spec === 'string' ? [spec, spec] : spec;
        return [label, typeof source === 'string' ? field(source) : source] as const;
      }),
    };
    for (const eventId of entry.eventIds) {
      const key =
        entry.service !== undefined
          ? serviceKey(entry.service, eventId)
          : entry.channel !== undefined
            ? channelKey(entry.channel, eventId)
            : '';
      if (key === '' || map.has(key))
        throw new Error(`details table: ${key || 'an entry without service or channel'} named twice or not at all`);
      map.set(key, compiled);
    }
  }
  return map;
})();

function entryFor(channel: string, eventId: number): CompiledEntry | undefined {
  for (const service of channelServices(channel)) {
    const entry = ENTRIES.get(serviceKey(service, eventId));
    if (entry !== undefined) return entry;
  }
  return ENTRIES.get(channelKey(channel, eventId));
}

/** Whether the table has an entry for the pair (else details fall back to the first EventData fields). */
export function hasDetailsEntry(channel: string, eventId: number): boolean {
  return entryFor(channel, eventId) !== undefined;
}

/** The first non-empty EventData fields, as they are named, bounded whatever the record holds. */
function fallbackDetails(data: EventData): EventDetail[] {
  const details: EventDetail[] = [];
  let scanned = 0;
  for (const name in data) {
    if (++scanned > FALLBACK_SCAN || details.length >= FALLBACK_FIELDS) break;
    const value = valueText(data[name]);
    if (value !== undefined) details.push([bounded(name, FALLBACK_LABEL_MAX), bounded(value.replace(/\s+/g, ' '), DETAIL_BRIEF_MAX)]);
  }
  return details;
}

/**
 * What a hit's event says, as labelled values in the table's order: the entry of the event's
 * (service or channel, event id), its absent and placeholder values left out; when the event has no
 * entry, or none of its values, the first non-empty EventData fields. Every value is bounded.
 */
export function eventDetails(channel: string, eventId: number, data: EventData): EventDetails {
  const entry = entryFor(channel, eventId);
  if (entry !== undefined) {
    const details: EventDetail[] = [];
    for (const [label, derive] of entry.fields) {
      const value = derive(data);
      if (value !== undefined) details.push([label, bounded(value, DETAIL_VALUE_MAX)]);
    }
    if (details.length > 0) return details;
  }
  return fallbackDetails(data);
}
