/**
 * Security log events (other than 4688, schemas/process.ts) as Elastic's System integration presents
 * them. The spec is its Security pipeline as the system package's security data stream links it
 * (elastic/integrations packages/windows/_dev/shared/ingest_pipeline/system_security_default.yml,
 * security_standard.yml, security_common.yml): first every EventData value that is '', '-', blank or
 * the null GUID is dropped; then scripts, each for a list of event ids, copy the subject or the
 * target account to user.*, the address to source.*, the process to process.*. A later script
 * overwrites what an earlier one set, so where two apply to an event the later one's value wins.
 *
 * The System log has no such pipeline (its data stream only sets ecs.version): 7045 and the other
 * System events get the fields every record has, and no schema here.
 */
import { constant, firstOf, integer, lookup, mapText, pipelineKept, type Derivation, type TextDerivation } from '../model/derive.js';
import type { RecordView } from '../model/recordView.js';
import type { EcsMapping, EventSchema } from '../model/schema.js';
import {
  ACCESS_MASK_FLAGS,
  AUDIT_SUBCATEGORIES,
  CATEGORIZATION,
  IANA_PROTOCOLS,
  KERBEROS_STATUS_CODES,
  LOGON_FAILURE_STATUS,
  LOGON_TYPES,
  MESSAGE_TABLE,
  SERVICE_TYPES,
  TICKET_ENCRYPTION_TYPES,
  TICKET_OPTION_FLAGS,
  TRUST_ATTRIBUTES,
  TRUST_DIRECTIONS,
  TRUST_TYPES,
  USER_ACCOUNT_CONTROL_FLAGS,
} from './securityTables.js';

type Fields = Record<string, Derivation>;

/** Event ids from single ids and inclusive [first, last] ranges, as the pipeline's lists spell them out. */
function eventIds(...items: readonly (number | readonly [number, number])[]): ReadonlySet<number> {
  const ids = new Set<number>();
  for (const item of items) {
    if (typeof item === 'number') ids.add(item);
    else for (let id = item[0]; id <= item[1]; id++) ids.add(id);
  }
  return ids;
}

// The event id lists of the pipeline's scripts, named after the scripts' tags.
const SESSION_EVENTS = eventIds(4778, 4779);
const COPY_TARGET_USER_EVENTS = eventIds(4624, 4625, 4634, 4647, 4648, [4768, 4771], 4776, 4964);
const MEMBER_TO_GROUP_EVENTS = eventIds([4727, 4735], 4737, [4744, 4764], 4799);
const COMPUTER_OBJECT_EVENTS = eventIds(4741, 4742, 4743);
const TARGET_LOGON_ID_EVENTS = eventIds(4634, 4647, 4964);
const COPY_SUBJECT_USER_EVENTS = eventIds(
  4648,
  4657,
  4662,
  4670,
  [4672, 4674],
  4688,
  4689,
  [4697, 4702],
  4706,
  4707,
  4713,
  [4716, 4720],
  [4722, 4735],
  [4737, 4764],
  4767,
  4781,
  [4797, 4799],
  4817,
  4904,
  4905,
  4907,
  4912,
  5136,
  5140,
  5145,
  [5379, 5382],
);
const TARGET_TO_TARGET_EVENTS = eventIds(4670, 4720, [4722, 4726], 4738, 4740, 4767, 4797, 4798, 4817, 4907);
const TARGET_TO_EFFECTIVE_EVENTS = eventIds(4648);
const USER_DATA_SUBJECT_EVENTS = eventIds(1102);
const COMMON_AUTH_EVENTS = eventIds(
  1100,
  1102,
  1104,
  1105,
  1108,
  4624,
  4625,
  4648,
  4670,
  4673,
  4674,
  4689,
  4697,
  4719,
  4720,
  [4722, 4735],
  4737,
  4738,
  [4740, 4764],
  [4767, 4771],
  4798,
  4799,
  4817,
  4904,
  4905,
  4907,
  4912,
  5140,
  5145,
);
const CONNECTION_EVENTS = eventIds(5152, 5156, 5157, 5158);
const SUBJECT_RELATED_USER_EVENTS = eventIds(4624, 4648, 4797, [5379, 5382]);
const TARGET_RELATED_USER_EVENTS = eventIds(4720, [4722, 4726], 4738, 4740, 4767, 4797, 4798);
const PRIVILEGE_LIST_EVENTS = eventIds([4672, 4674], [4741, 4743]);
const KERBEROS_STATUS_EVENTS = eventIds([4768, 4771]);
const LOGON_FAILURE_STATUS_EVENTS = eventIds(4625, 4776);
const SHARE_EVENTS = eventIds(5140, 5145);
const SCHEDULED_TASK_EVENTS = eventIds([4698, 4702]);
const OBJECT_ACCESS_EVENTS = eventIds(4656, 4658, 4660, 4661, 4662, 4663);

/**
 * Security events the categorization does not name but whose EventData the pipeline's generic
 * scripts still map (winlog.logon.*, registry.path, AccessMaskDescription), with event.action as
 * Winlogbeat sets it for them: the event's task name, where the event id fixes it.
 */
const UNCATEGORIZED_EVENTS: ReadonlyMap<number, string | undefined> = new Map([
  [4627, 'Group Membership'],
  [4656, undefined],
  [4658, undefined],
  [4660, undefined],
  [4661, undefined],
  [4663, undefined],
  [4703, 'Token Right Adjusted Events'],
]);

/**
 * event.outcome, which Winlogbeat takes from the Audit Success / Audit Failure keyword: fixed for
 * events Windows logs with one keyword only, from the result code for Kerberos and NTLM validation.
 */
const FAILURE_ONLY_EVENTS = eventIds(4625, 4771, 5152, 5157);
const RESULT_CODE_EVENTS = eventIds(4768, 4769, 4770, 4776);
const SUCCESS_OR_FAILURE_EVENTS = eventIds(1100, 1104, 1105, 1108, 4656, 4661, 4662, 4663, 4673, 4674, 5140, 5145);

/** An EventData value as the security data stream keeps it: '', '-', blank values and the null GUID are dropped first. */
function kept(name: string): TextDerivation {
  return pipelineKept(name, true);
}

/** A field the pipeline removes from winlog.event_data once it has moved it (IpAddress -> source.ip). */
const MOVED: Derivation = () => undefined;

/** The last of `derivations` that gives a value: later pipeline scripts overwrite what earlier ones set. */
function lastOf<T>(derivations: readonly ((record: RecordView) => T | undefined)[]): (record: RecordView) => T | undefined {
  return (record) => {
    for (let index = derivations.length - 1; index >= 0; index--) {
      const value = derivations[index]!(record);
      if (value !== undefined) return value;
    }
    return undefined;
  };
}

/** process.name from process.executable, as the pipeline cuts it: after the last backslash. */
function executableName(executable: TextDerivation): TextDerivation {
  return mapText(executable, (path) => path.split('\\').pop() || undefined);
}

/** An account name without its `@realm` (Kerberos writes user@REALM), as splitOnToken("@")[0] cuts it. */
function withoutRealm(name: TextDerivation): TextDerivation {
  return mapText(name, (value) => value.split('@')[0] || undefined);
}

/** An integer as Java's Long.decode reads it (0x hex or decimal); nothing when it is not one. */
function decodedLong(text: string): bigint | undefined {
  const trimmed = text.trim();
  if (!/^(0[xX][0-9a-fA-F]+|[0-9]+)$/.test(trimmed)) return undefined;
  return BigInt(trimmed);
}

/** The names of the flags set in a bit mask, in the table's order; nothing when none is set. */
function flagNames(text: TextDerivation, flags: readonly (readonly [number, string])[]): Derivation {
  return mapText(text, (value): readonly string[] | undefined => {
    const mask = decodedLong(value);
    if (mask === undefined) return undefined;
    const names = flags.filter(([flag]) => (mask & BigInt(flag)) === BigInt(flag)).map(([, name]) => name);
    return names.length === 0 ? undefined : names;
  });
}

/** `%%2313` -> its message-table text, or the bare code when the table lacks it. */
function messageText(code: string): string {
  const number = code.replace(/%%/g, '').trim();
  return MESSAGE_TABLE.get(number) ?? number;
}

/** Values the pipeline splits on whitespace (AccessList, PrivilegeList), without the empty strings its last step drops. */
function words(value: string): string[] {
  return value.split(/\s+/).filter((word) => word !== '');
}

/** "::ffff:10.0.0.5" (an IPv4-mapped address, bracketed or with a port) -> "10.0.0.5", as security_common's gsub rewrites source.ip. */
function unmappedIp(text: TextDerivation): TextDerivation {
  return mapText(text, (value) => /^\[?::ffff:([0-9]+\.[0-9]+\.[0-9]+\.[0-9]+)(?:\](?::[0-9]+)?)?$/.exec(value)?.[1] ?? value);
}

/** The values of `derivations`, in order, each once: related.user and related.ip as the pipeline appends them. */
function uniqueValues(derivations: readonly TextDerivation[]): Derivation | undefined {
  if (derivations.length === 0) return undefined;
  return (record) => {
    const values = new Set<string>();
    for (const derive of derivations) {
      const value = derive(record);
      if (value !== undefined) values.add(value);
    }
    return values.size === 0 ? undefined : [...values];
  };
}

/** ClientAddress as the pipeline reads it: '-' and 'Unknown' are no address, 'LOCAL' is the loopback. */
const CLIENT_ADDRESS: TextDerivation = mapText(kept('ClientAddress'), (value) =>
  value === 'Unknown' ? undefined : value === 'LOCAL' ? '127.0.0.1' : value,
);

/** MemberName (a distinguished name) split at its unescaped commas. */
const MEMBER_DN: TextDerivation = kept('MemberName');

function memberNameParts(record: RecordView): readonly string[] | undefined {
  const memberName = MEMBER_DN(record);
  return memberName === undefined ? undefined : memberName.split(/(?<!\\),/);
}

const MEMBER_NAME: TextDerivation = (record) => memberNameParts(record)?.[0]?.replace(/CN=/g, '').replace(/cn=/g, '') || undefined;
const MEMBER_DOMAIN: TextDerivation = (record) => memberNameParts(record)?.[3]?.replace(/DC=/g, '').replace(/dc=/g, '') || undefined;
const GROUP_ID: TextDerivation = firstOf(kept('TargetSid'), kept('TargetUserSid'));
const GROUP_DOMAIN: TextDerivation = mapText(
  kept('TargetDomainName'),
  (value) => value.replace(/DC=/g, '').replace(/dc=/g, '') || undefined,
);

/** The CN of 5136's ObjectDN, unescaped (\, and \2C both give a comma), when ObjectClass names `kind`. */
const OBJECT_DN: TextDerivation = kept('ObjectDN');
const OBJECT_CLASS: TextDerivation = kept('ObjectClass');

function directoryObjectName(kind: string): TextDerivation {
  return (record) => {
    const objectDn = OBJECT_DN(record);
    const objectClass = OBJECT_CLASS(record)?.toLowerCase() ?? '';
    if (objectDn === undefined || !objectClass.includes(kind)) return undefined;
    if (kind === 'group' && objectClass.includes('user')) return undefined;
    const start = objectDn.toLowerCase().indexOf('cn=');
    if (start < 0) return undefined;
    let name = '';
    for (let index = start + 3; index < objectDn.length; index++) {
      const char = objectDn[index]!;
      if (char === '\\' && index + 1 < objectDn.length) {
        const next = objectDn[++index]!;
        const hex = objectDn.slice(index, index + 2);
        if (/^[0-9a-fA-F]{2}$/.test(hex)) {
          name += String.fromCharCode(parseInt(hex, 16));
          index++;
        } else {
          name += next;
        }
        continue;
      }
      if (char === ',') break;
      name += char;
    }
    return name.trim() || undefined;
  };
}

/** AccessMask's bits (a hex mask, or a list of them) named as the pipeline's AccessMaskDescriptions name them. */
const ACCESS_MASK_DESCRIPTION: Derivation = mapText(kept('AccessMask'), (value): readonly string[] | undefined => {
  let mask = 0n;
  for (const word of words(value)) mask |= decodedLong(word.replace('%%', '')) ?? 0n;
  const names = [...ACCESS_MASK_FLAGS].filter(([flag]) => (mask & BigInt(flag)) === BigInt(flag)).map(([, name]) => name);
  return names.length === 0 ? undefined : names;
});

const NEW_UAC_LIST: Derivation = flagNames(kept('NewUacValue'), USER_ACCOUNT_CONTROL_FLAGS);
const USER_ACCOUNT_CONTROL: TextDerivation = kept('UserAccountControl');

/**
 * The fields every Security event gets from the pipeline's scripts that run on whatever EventData is
 * there. AccessList and AccessMask stay as logged, where the pipeline rewrites them to lists of bare
 * codes: Elastic's GPO rules match `AccessList: "*%%4417*"`, which only the logged form can satisfy.
 */
const GENERIC_FIELDS: Readonly<Fields> = {
  'winlog.logon.type': lookup(kept('LogonType'), LOGON_TYPES, false),
  'winlog.logon.failure.reason': mapText(kept('FailureReason'), messageText),
  'winlog.event_data.NewUACList': NEW_UAC_LIST,
  'winlog.event_data.UserAccountControl': (record) => {
    const value = USER_ACCOUNT_CONTROL(record);
    if (value === undefined || NEW_UAC_LIST(record) === undefined) return value;
    return value
      .split('\n')
      .map((line) => line.replace(/%%/g, '').trim())
      .filter((code) => code !== '');
  },
  'winlog.event_data.TicketOptionsDescription': flagNames(kept('TicketOptions'), TICKET_OPTION_FLAGS),
  'winlog.event_data.TicketEncryptionTypeDescription': mapText(kept('TicketEncryptionType'), (value) =>
    TICKET_ENCRYPTION_TYPES.get(value.toLowerCase()),
  ),
  'service.name': kept('ServiceName'),
  'service.type': lookup(kept('ServiceType'), SERVICE_TYPES, false),
  'winlog.event_data.Category': mapText(kept('SubcategoryGuid'), (guid) => AUDIT_SUBCATEGORIES.get(subcategoryKey(guid))?.[1]),
  'winlog.event_data.SubCategory': mapText(kept('SubcategoryGuid'), (guid) => AUDIT_SUBCATEGORIES.get(subcategoryKey(guid))?.[0]),
  'winlog.event_data.AuditPolicyChangesDescription': mapText(kept('AuditPolicyChanges'), (value) => value.split(',').map(messageText)),
  'winlog.event_data.AccessListDescription': mapText(kept('AccessList'), (value) => words(value).map(messageText)),
  'winlog.event_data.LayerNameDescription': mapText(kept('LayerName'), (value) => MESSAGE_TABLE.get(value.replace('%%', '').trim())),
  'network.direction': mapText(kept('Direction'), (value) => MESSAGE_TABLE.get(value.replace('%%', '').trim())?.toLowerCase()),
  'winlog.event_data.AccessMaskDescription': ACCESS_MASK_DESCRIPTION,
  'winlog.trustType': lookup(kept('TdoType'), TRUST_TYPES, false),
  'winlog.trustDirection': lookup(kept('TdoDirection'), TRUST_DIRECTIONS, false),
  'winlog.trustAttribute': lookup(kept('TdoAttributes'), TRUST_ATTRIBUTES, false),
  'user.changes.name': kept('NewTargetUserName'),
};

function subcategoryKey(guid: string): string {
  return guid.replace('{', '').replace('}', '').toUpperCase();
}

/** Pipeline-ordered writers of one field; the schema takes the last that gives a value. */
class Writers {
  private readonly byField = new Map<string, Derivation[]>();

  add(field: string, derivation: Derivation): void {
    const writers = this.byField.get(field) ?? [];
    writers.push(derivation);
    this.byField.set(field, writers);
  }

  fields(): Fields {
    const fields: Fields = {};
    for (const [field, writers] of this.byField) fields[field] = writers.length === 1 ? writers[0]! : lastOf(writers);
    return fields;
  }
}

/** One Security event id's ECS fields: the pipeline's scripts that list it, in the pipeline's order. */
function securityFields(eventId: number): Fields {
  const writers = new Writers();
  const relatedUsers: TextDerivation[] = [];
  const relatedIps: TextDerivation[] = [];
  const sourceIps: TextDerivation[] = [];
  const has = (events: ReadonlySet<number>): boolean => events.has(eventId);

  if (has(SESSION_EVENTS)) {
    writers.add('user.name', kept('AccountName'));
    writers.add('user.domain', kept('AccountDomain'));
    sourceIps.push(CLIENT_ADDRESS);
    writers.add('source.domain', kept('ClientName'));
    writers.add('winlog.logon.id', kept('LogonID'));
    relatedUsers.push(kept('AccountName'));
    relatedIps.push(CLIENT_ADDRESS);
  }
  if (has(COPY_TARGET_USER_EVENTS)) {
    writers.add('user.id', firstOf(kept('TargetUserSid'), kept('TargetSid')));
    writers.add('user.name', withoutRealm(kept('TargetUserName')));
    writers.add('user.domain', kept('TargetDomainName'));
    relatedUsers.push(withoutRealm(kept('TargetUserName')));
  }
  if (has(MEMBER_TO_GROUP_EVENTS)) {
    const memberTarget =
      (derive: TextDerivation): TextDerivation =>
      (record) =>
        MEMBER_NAME(record) === undefined ? undefined : derive(record);
    writers.add('user.target.name', MEMBER_NAME);
    writers.add('user.target.domain', MEMBER_DOMAIN);
    writers.add('group.id', GROUP_ID);
    writers.add('group.name', kept('TargetUserName'));
    writers.add('group.domain', GROUP_DOMAIN);
    writers.add('user.target.group.id', memberTarget(GROUP_ID));
    writers.add('user.target.group.name', memberTarget(kept('TargetUserName')));
    writers.add('user.target.group.domain', memberTarget(GROUP_DOMAIN));
    relatedUsers.push(MEMBER_NAME);
  }
  if (has(COMPUTER_OBJECT_EVENTS)) {
    writers.add('winlog.computerObject.id', kept('TargetSid'));
    writers.add('winlog.computerObject.name', kept('TargetUserName'));
    writers.add('winlog.computerObject.domain', kept('TargetDomainName'));
  }
  if (has(TARGET_LOGON_ID_EVENTS)) writers.add('winlog.logon.id', kept('TargetLogonId'));
  if (has(COPY_SUBJECT_USER_EVENTS)) {
    writers.add('user.id', kept('SubjectUserSid'));
    writers.add('user.name', kept('SubjectUserName'));
    writers.add('user.domain', kept('SubjectDomainName'));
    relatedUsers.push(kept('SubjectUserName'));
  }
  if (has(TARGET_TO_TARGET_EVENTS)) {
    writers.add('user.target.id', kept('TargetSid'));
    writers.add('user.target.name', withoutRealm(kept('TargetUserName')));
    writers.add('user.target.domain', kept('TargetDomainName'));
    relatedUsers.push(withoutRealm(kept('TargetUserName')));
  }
  if (has(TARGET_TO_EFFECTIVE_EVENTS)) {
    writers.add('user.effective.id', kept('TargetUserSid'));
    writers.add('user.effective.name', withoutRealm(kept('TargetUserName')));
    writers.add('user.effective.domain', kept('TargetDomainName'));
    relatedUsers.push(withoutRealm(kept('TargetUserName')));
  }
  if (has(USER_DATA_SUBJECT_EVENTS)) {
    // 1102 logs its subject as UserData, which the pipeline reads from winlog.user_data (no '-' dropped there).
    for (const [field, name] of [
      ['user.id', 'SubjectUserSid'],
      ['user.name', 'SubjectUserName'],
      ['user.domain', 'SubjectDomainName'],
      ['winlog.logon.id', 'SubjectLogonId'],
    ] as const) {
      writers.add(`winlog.user_data.${name}`, userData(name));
      writers.add(`winlog.event_data.${name}`, MOVED);
      writers.add(field, userData(name));
    }
    writers.add('winlog.user_data.xml_name', constant('LogFileCleared'));
    relatedUsers.push(userData('SubjectUserName'));
  } else {
    writers.add('winlog.logon.id', kept('SubjectLogonId'));
  }
  if (has(COMMON_AUTH_EVENTS)) {
    const executable = kept('ProcessName');
    writers.add('process.pid', integer(kept('ProcessId')));
    writers.add('process.executable', executable);
    writers.add('process.name', executableName(executable));
    sourceIps.push(kept('IpAddress'));
    writers.add('source.port', integer(kept('IpPort')));
    writers.add('source.domain', kept('WorkstationName'));
    for (const name of ['ProcessId', 'ProcessName', 'IpAddress', 'IpPort', 'WorkstationName', 'ClientAddress']) {
      writers.add(`winlog.event_data.${name}`, MOVED);
    }
    relatedIps.push(CLIENT_ADDRESS);
  }
  if (has(CONNECTION_EVENTS)) {
    const executable = kept('Application');
    writers.add('destination.ip', kept('DestAddress'));
    sourceIps.push(kept('SourceAddress'));
    writers.add('destination.port', integer(kept('DestPort')));
    writers.add('source.port', integer(kept('SourcePort')));
    writers.add('network.iana_number', kept('Protocol'));
    writers.add('network.transport', lookup(kept('Protocol'), IANA_PROTOCOLS, false));
    writers.add('process.executable', executable);
    writers.add('process.name', executableName(executable));
    for (const name of ['DestAddress', 'SourceAddress', 'DestPort', 'SourcePort', 'Application'])
      writers.add(`winlog.event_data.${name}`, MOVED);
    relatedIps.push(kept('DestAddress'), kept('SourceAddress'));
  }
  if (has(SUBJECT_RELATED_USER_EVENTS)) relatedUsers.push(kept('SubjectUserName'));
  if (has(TARGET_RELATED_USER_EVENTS)) relatedUsers.push(kept('TargetUserName'));
  if (has(PRIVILEGE_LIST_EVENTS)) writers.add('winlog.event_data.PrivilegeList', mapText(kept('PrivilegeList'), words));
  if (has(KERBEROS_STATUS_EVENTS)) writers.add('winlog.event_data.StatusDescription', lookup(kept('Status'), KERBEROS_STATUS_CODES, false));
  if (has(LOGON_FAILURE_STATUS_EVENTS)) {
    writers.add('winlog.logon.failure.status', lookup(kept('Status'), LOGON_FAILURE_STATUS, false));
    writers.add('winlog.logon.failure.sub_status', lookup(kept('SubStatus'), LOGON_FAILURE_STATUS, false));
  }
  writers.add('user.target.name', kept('OldTargetUserName'));
  relatedUsers.push(kept('NewTargetUserName'), kept('OldTargetUserName'));
  if (eventId === 5136) {
    writers.add('event.reason', kept('OperationType'));
    writers.add('user.target.name', directoryObjectName('user'));
    writers.add('group.name', directoryObjectName('group'));
    relatedUsers.push(directoryObjectName('user'), directoryObjectName('group'));
  }
  if (eventId === 4657) writers.add('registry.path', kept('ObjectName'));
  if (has(OBJECT_ACCESS_EVENTS)) writers.add('registry.path', registryObjectName);
  if (has(SHARE_EVENTS)) addShareFileFields(writers);
  if (has(SCHEDULED_TASK_EVENTS)) writers.add('winlog.scheduled_task.name', kept('TaskName'));
  const outcome = eventOutcome(eventId);
  if (outcome !== undefined) writers.add('event.outcome', outcome);

  const fields = { ...GENERIC_FIELDS, ...writers.fields() };
  if (sourceIps.length > 0) {
    const sourceIp = unmappedIp(lastOf(sourceIps));
    fields['source.ip'] = sourceIp;
    relatedIps.push(sourceIp);
  }
  const relatedUser = uniqueValues(relatedUsers);
  if (relatedUser !== undefined) fields['related.user'] = relatedUser;
  const relatedIp = uniqueValues(relatedIps);
  if (relatedIp !== undefined) fields['related.ip'] = relatedIp;
  return fields;
}

/** 1102's UserData items as winlog.user_data carries them: only blank values are dropped, by the pipeline's last step. */
function userData(name: string): TextDerivation {
  return (record) => {
    const value = record.data[name];
    const text = Array.isArray(value) ? value.join(' ') : value;
    return text === undefined || text.trim() === '' ? undefined : text;
  };
}

/** ObjectName as registry.path for object-access events on registry keys (ObjectType Key, or a \REGISTRY\ name). */
const OBJECT_NAME: TextDerivation = kept('ObjectName');
const OBJECT_TYPE: TextDerivation = kept('ObjectType');

const registryObjectName: TextDerivation = (record) => {
  const objectName = OBJECT_NAME(record);
  if (objectName === undefined) return undefined;
  return OBJECT_TYPE(record) === 'Key' || objectName.toUpperCase().startsWith('\\REGISTRY\\') ? objectName : undefined;
};

/** 5140 and 5145: the shared file as file.*, its share path as file.target_path. */
function addShareFileFields(writers: Writers): void {
  const name = kept('RelativeTargetName');
  const directory = kept('ShareLocalPath');
  const share = kept('ShareName');
  writers.add('file.name', name);
  writers.add('file.directory', directory);
  writers.add('file.path', (record) => {
    const [dir, file] = [directory(record), name(record)];
    return dir === undefined || file === undefined ? undefined : `${dir}\\${file}`;
  });
  writers.add('file.target_path', (record) => {
    const [shareName, file] = [share(record), name(record)];
    return shareName === undefined || file === undefined ? undefined : `${shareName}\\${file}`;
  });
  writers.add(
    'file.extension',
    mapText(name, (file) => {
      const dot = file.lastIndexOf('.');
      return dot < 0 ? undefined : file.slice(dot + 1) || undefined;
    }),
  );
}

function eventOutcome(eventId: number): Derivation | undefined {
  if (FAILURE_ONLY_EVENTS.has(eventId)) return constant('failure');
  if (RESULT_CODE_EVENTS.has(eventId)) return mapText(kept('Status'), (status) => (/^0x0+$/i.test(status) ? 'success' : 'failure'));
  if (SUCCESS_OR_FAILURE_EVENTS.has(eventId)) return undefined;
  return constant('success');
}

function securitySchema(eventId: number, mapping: Omit<EcsMapping, 'fields'>): EventSchema {
  return { service: 'security', eventIds: [eventId], ecs: { ...mapping, fields: securityFields(eventId) } };
}

const NO_CATEGORY: readonly string[] = [];

/** Security events (Security-Auditing and Eventlog providers) other than 4688, as Elastic's Security pipeline presents them. */
export const WINDOWS_SCHEMAS: readonly EventSchema[] = [
  ...[...CATEGORIZATION].map(([eventId, { category, type, action }]) => securitySchema(eventId, { category, type, action })),
  ...[...UNCATEGORIZED_EVENTS].map(([eventId, action]) =>
    securitySchema(eventId, { category: NO_CATEGORY, type: NO_CATEGORY, ...(action !== undefined && { action }) }),
  ),
];
