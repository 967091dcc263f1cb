/**
 * Sysmon events, as Elastic's Windows integration
 * presents them: its sysmon_operational ingest pipeline sets event.category, event.type and
 * event.action per event id and derives process.*, user.*, file.*, dll.*, registry.*, network.*,
 * source.*, destination.* and dns.* from the EventData. Its quirks are kept, since Elastic's rules
 * are written against what it stores: registry.key ends with the value's name, a QWORD's two halves
 * combine as high << 8 + low, file.extension follows the path's last dot even inside a folder name,
 * deletions archived by Sysmon (23) keep their hashes under process.hash.
 */
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import {
  argsCount,
  commandLineArgs,
  constant,
  firstOf,
  mapText,
  pipelineKept,
  type Derivation,
  type TextDerivation,
} from '../model/derive.js';
import type { RecordView } from '../model/recordView.js';
import type { EcsMapping, EventSchema, FieldValue } from '../model/schema.js';

/** Fields derived together, from the EventData items that name one part of an event. */
type FieldGroup = Record<string, Derivation>;

/** An EventData item as the pipeline keeps it: its first step drops empty, `-` and all-zero GUID items. */
function kept(name: string): TextDerivation {
  return pipelineKept(name);
}

/** Several items renamed onto one field: a rename never overwrites, so the first present one stays. */
function firstKept(...names: readonly string[]): TextDerivation {
  return firstOf(...names.map(kept));
}

/** Java's String.split: the pieces between separators, trailing empty pieces dropped. */
function javaSplit(text: string, separator: string | RegExp): string[] {
  const pieces = text.split(separator);
  while (pieces.length > 0 && pieces[pieces.length - 1] === '') pieces.pop();
  return pieces;
}

/** Elasticsearch's convert to long (decimal, or 0x hex); a value it cannot convert is left out. */
function long(text: TextDerivation): Derivation {
  return mapText(text, (value) => {
    const hex = /^(-?)0x([0-9a-f]+)$/i.exec(value);
    const parsed = hex !== null ? (hex[1] === '-' ? -1 : 1) * parseInt(hex[2]!, 16) : /^[+-]?\d+$/.test(value) ? Number(value) : NaN;
    return Number.isSafeInteger(parsed) ? parsed : undefined;
  });
}

/** Elasticsearch's convert to boolean: `true` or `false` in any case, nothing else. */
function boolean(text: TextDerivation): Derivation {
  return mapText(text, (value) => {
    const lower = value.toLowerCase();
    return lower === 'true' ? true : lower === 'false' ? false : undefined;
  });
}

/** Elasticsearch's convert to ip: the text as written when it is an IPv4 or IPv6 address. */
function ipAddress(text: TextDerivation): TextDerivation {
  return mapText(text, (value) => (isIP(value) === 0 ? undefined : value));
}

/** What follows the last backslash, as the pipeline names a process; nothing without a backslash. */
function processName(executable: TextDerivation): TextDerivation {
  return mapText(executable, (path) => {
    const cut = path.lastIndexOf('\\');
    const name = path.length <= 1 || cut < 0 ? '' : path.slice(cut + 1);
    return name === '' ? undefined : name;
  });
}

/** `DOMAIN\name` split at the backslash: the pipeline sets user.domain and user.name only for exactly two parts. */
function userPart(part: 0 | 1): TextDerivation {
  return mapText(kept('User'), (user) => {
    const parts = javaSplit(user, '\\');
    return parts.length === 2 && parts[part] !== '' ? parts[part] : undefined;
  });
}

/** process.* of the process an event is about, from the EventData items that name it. */
function processFields(guid: string, pid: string, image: string, prefix = 'process'): Readonly<FieldGroup> {
  const executable = kept(image);
  return {
    [`${prefix}.entity_id`]: kept(guid),
    [`${prefix}.pid`]: long(kept(pid)),
    [`${prefix}.executable`]: executable,
    [`${prefix}.name`]: processName(executable),
  };
}

const SYSMON_PROCESS = processFields('ProcessGuid', 'ProcessId', 'Image');

const RULE_NAME: Readonly<FieldGroup> = { 'rule.name': kept('RuleName') };

const USER: Readonly<FieldGroup> = {
  // The pipeline's user.id is the record's Security UserID (Sysmon runs as SYSTEM), not the event's User.
  'user.id': (record) => record.userId,
  'user.domain': userPart(0),
  'user.name': userPart(1),
  'related.user': mapText(userPart(1), (name) => [name]),
};

interface FileParts {
  readonly name: string;
  readonly directory: string;
  readonly extension: string | undefined;
}

/** The pipeline's file script: name and directory around the last backslash, extension after the path's last dot. */
function fileParts(path: string): FileParts | undefined {
  const cut = path.lastIndexOf('\\');
  if (path.length <= 1 || cut < 0) return undefined;
  const dot = path.lastIndexOf('.');
  return { name: path.slice(cut + 1), directory: path.slice(0, cut), extension: dot < 0 ? undefined : path.slice(dot + 1) };
}

/** file.* of the file an event names: TargetFilename, Device (raw disk reads) or ImageLoaded, the first present. */
const FILE_PATH = firstKept('TargetFilename', 'Device', 'ImageLoaded');
const FILE_PARTS = (record: RecordView): FileParts | undefined => {
  const path = FILE_PATH(record);
  return path === undefined ? undefined : fileParts(path);
};

const FILE: Readonly<FieldGroup> = {
  'file.path': FILE_PATH,
  'file.name': (record) => FILE_PARTS(record)?.name,
  'file.directory': (record) => FILE_PARTS(record)?.directory,
  'file.extension': (record) => FILE_PARTS(record)?.extension,
};

/** Named pipes are file.name, as Sysmon writes them (`\PSHost...`): they have no path. */
const PIPE: Readonly<FieldGroup> = { 'file.name': kept('PipeName') };

/**
 * Sysmon's `SHA1=..,MD5=..` (Hashes, or Hash in 15) as the pipeline's kv step reads it: algorithm ->
 * digest, both lower-case, all-zero digests dropped. One item without `=` fails the step: no hashes.
 */
const HASHES = firstKept('Hashes', 'Hash');

function hashes(record: RecordView): ReadonlyMap<string, string> | undefined {
  const text = HASHES(record);
  if (text === undefined) return undefined;
  return record.memo('sysmon.hashes', () => {
    const digests = new Map<string, string>();
    for (const item of javaSplit(text, ',')) {
      const equals = item.indexOf('=');
      if (equals < 0) return undefined;
      const digest = item.slice(equals + 1).toLowerCase();
      if (!/^0*$/.test(digest)) digests.set(item.slice(0, equals).toLowerCase(), digest);
    }
    return digests;
  });
}

/** Where the hashes go: `<prefix>.hash.md5`, ..., and the imphash as `<prefix>.pe.imphash`. */
function hashFields(prefix: string): Readonly<FieldGroup> {
  const digest =
    (algorithm: string): Derivation =>
    (record) =>
      hashes(record)?.get(algorithm);
  return {
    [`${prefix}.hash.md5`]: digest('md5'),
    [`${prefix}.hash.sha1`]: digest('sha1'),
    [`${prefix}.hash.sha256`]: digest('sha256'),
    [`${prefix}.pe.imphash`]: digest('imphash'),
  };
}

/** related.hash has every digest, whichever field set the event files them under. */
const RELATED_HASH: Readonly<FieldGroup> = {
  'related.hash': (record) => {
    const digests = [...(hashes(record)?.values() ?? [])];
    return digests.length === 0 ? undefined : digests;
  },
};

/** Driver and image loads: Sysmon's signature check. `Signed` is text, which the pipeline's `== true` never equals. */
function signatureFields(prefix: string): Readonly<FieldGroup> {
  return {
    [`${prefix}.code_signature.subject_name`]: kept('Signature'),
    [`${prefix}.code_signature.status`]: kept('SignatureStatus'),
    [`${prefix}.code_signature.valid`]: mapText(kept('SignatureStatus'), (status) => (status === 'Valid' ? true : undefined)),
  };
}

/** The version resource of a loaded image (event 7; elsewhere these describe the process). */
function peFields(prefix: string): Readonly<FieldGroup> {
  return {
    [`${prefix}.pe.original_file_name`]: kept('OriginalFileName'),
    [`${prefix}.pe.company`]: kept('Company'),
    [`${prefix}.pe.description`]: kept('Description'),
    [`${prefix}.pe.file_version`]: kept('FileVersion'),
    [`${prefix}.pe.product`]: kept('Product'),
  };
}

/**
 * The loaded image again under ECS's dll.*, as the integration added it (elastic/integrations#16442)
 * beside the file.* fields it keeps for compatibility.
 */
const DLL: Readonly<FieldGroup> = {
  'dll.path': kept('ImageLoaded'),
  'dll.name': (record) => FILE_PARTS(record)?.name,
  ...hashFields('dll'),
  ...signatureFields('dll'),
  ...peFields('dll'),
};

const SOURCE_IP = ipAddress(kept('SourceIp'));
const DESTINATION_IP = ipAddress(kept('DestinationIp'));
const SOURCE_PORT = long(kept('SourcePort'));
const DESTINATION_PORT = long(kept('DestinationPort'));

/** The IANA numbers of the transports Sysmon logs (`tcp`, `udp`), as the community ID hashes them. */
const IANA_PROTOCOLS: ReadonlyMap<string, number> = new Map([
  ['tcp', 6],
  ['udp', 17],
]);

/** An address's bytes (4 for IPv4, 16 for IPv6); the caller has checked it is one. */
function addressBytes(ip: string): Buffer {
  if (isIP(ip) === 4) return Buffer.from(ip.split('.').map(Number));
  const [head = '', tail] = ip.replace(/%.*$/, '').split('::') as [string, string | undefined];
  const groups = (part: string): number[] => {
    if (part === '') return [];
    const words = part.split(':');
    const last = words[words.length - 1]!;
    if (!last.includes('.')) return words.map((word) => parseInt(word, 16));
    const [a, b, c, d] = last.split('.').map(Number) as [number, number, number, number];
    return [...words.slice(0, -1).map((word) => parseInt(word, 16)), (a << 8) | b, (c << 8) | d];
  };
  const front = groups(head);
  const back = tail === undefined ? [] : groups(tail);
  const words = [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back];
  const bytes = Buffer.alloc(16);
  words.forEach((word, index) => bytes.writeUInt16BE(word, index * 2));
  return bytes;
}

function isPort(value: FieldValue | undefined): value is number {
  return typeof value === 'number' && value >= 0 && value <= 0xffff;
}

/**
 * network.community_id (Community ID v1, seed 0), as the pipeline's community_id processor computes
 * it: SHA-1 over the flow's endpoints in a fixed order, so both directions of a flow share it.
 */
function communityId(record: RecordView): string | undefined {
  const sourceIp = SOURCE_IP(record);
  const destinationIp = DESTINATION_IP(record);
  const protocol = IANA_PROTOCOLS.get(kept('Protocol')(record)?.toLowerCase() ?? '');
  const sourcePort = SOURCE_PORT(record);
  const destinationPort = DESTINATION_PORT(record);
  if (sourceIp === undefined || destinationIp === undefined || isIP(sourceIp) !== isIP(destinationIp) || protocol === undefined)
    return undefined;
  if (!isPort(sourcePort) || !isPort(destinationPort)) return undefined;
  let source = { ip: addressBytes(sourceIp), port: sourcePort };
  let destination = { ip: addressBytes(destinationIp), port: destinationPort };
  const order = Buffer.compare(source.ip, destination.ip);
  if (order > 0 || (order === 0 && source.port > destination.port)) [source, destination] = [destination, source];
  const ports = Buffer.alloc(4);
  ports.writeUInt16BE(source.port, 0);
  ports.writeUInt16BE(destination.port, 2);
  const flow = Buffer.concat([Buffer.from([0, 0]), source.ip, destination.ip, Buffer.from([protocol, 0]), ports]);
  return `1:${createHash('sha1').update(flow).digest('base64')}`;
}

const NETWORK: Readonly<FieldGroup> = {
  'network.transport': kept('Protocol'),
  'network.protocol': firstKept('DestinationPortName', 'SourcePortName'),
  'network.direction': mapText(kept('Initiated'), (initiated) =>
    initiated === 'true' ? 'egress' : initiated === 'false' ? 'ingress' : undefined,
  ),
  'network.type': mapText(kept('SourceIsIpv6'), (ipv6) => (ipv6 === 'true' ? 'ipv6' : ipv6 === 'false' ? 'ipv4' : undefined)),
  'source.ip': SOURCE_IP,
  'source.domain': kept('SourceHostname'),
  'source.port': SOURCE_PORT,
  'destination.ip': DESTINATION_IP,
  'destination.domain': kept('DestinationHostname'),
  'destination.port': DESTINATION_PORT,
  'network.community_id': communityId,
  'related.ip': (record) => {
    const addresses = [SOURCE_IP(record), DESTINATION_IP(record)].filter((ip): ip is string => ip !== undefined);
    return addresses.length === 0 ? undefined : [...new Set(addresses)];
  },
};

/** DNS record type numbers as Windows' DNS API writes them in QueryResults (`type:  5 host`). */
const DNS_RECORD_TYPES: ReadonlyMap<string, string> = new Map([
  ['1', 'A'],
  ['2', 'NS'],
  ['5', 'CNAME'],
  ['6', 'SOA'],
  ['12', 'PTR'],
  ['13', 'HINFO'],
  ['15', 'MX'],
  ['16', 'TXT'],
  ['17', 'RP'],
  ['18', 'AFSDB'],
  ['24', 'SIG'],
  ['25', 'KEY'],
  ['28', 'AAAA'],
  ['29', 'LOC'],
  ['33', 'SRV'],
  ['35', 'NAPTR'],
  ['36', 'KX'],
  ['37', 'CERT'],
  ['39', 'DNAME'],
  ['41', 'OPT'],
  ['43', 'DS'],
  ['46', 'RRSIG'],
  ['47', 'NSEC'],
  ['48', 'DNSKEY'],
  ['49', 'DHCID'],
  ['250', 'TSIG'],
  ['251', 'IXFR'],
  ['252', 'AXFR'],
  ['255', 'ANY'],
]);

/** QueryStatus, a Windows error code, by name: the codes a DNS query ends with most. */
const DNS_QUERY_STATUS: ReadonlyMap<string, string> = new Map([
  ['0', 'SUCCESS'],
  ['5', 'ERROR_ACCESS_DENIED'],
  ['123', 'ERROR_INVALID_NAME'],
  ['1214', 'ERROR_INVALID_NETNAME'],
  ['1223', 'ERROR_CANCELLED'],
  ['1460', 'ERROR_TIMEOUT'],
  ['9001', 'DNS_ERROR_RCODE_FORMAT_ERROR'],
  ['9002', 'DNS_ERROR_RCODE_SERVER_FAILURE'],
  ['9003', 'DNS_ERROR_RCODE_NAME_ERROR'],
  ['9004', 'DNS_ERROR_RCODE_NOT_IMPLEMENTED'],
  ['9005', 'DNS_ERROR_RCODE_REFUSED'],
  ['9501', 'DNS_INFO_NO_RECORDS'],
  ['9502', 'DNS_ERROR_BAD_PACKET'],
  ['9503', 'DNS_ERROR_NO_PACKET'],
  ['9504', 'DNS_ERROR_RCODE'],
  ['9505', 'DNS_ERROR_UNSECURE_PACKET'],
  ['9560', 'DNS_ERROR_INVALID_NAME_CHAR'],
  ['9561', 'DNS_ERROR_NUMERIC_NAME'],
  ['9701', 'DNS_ERROR_RECORD_DOES_NOT_EXIST'],
  ['9851', 'DNS_ERROR_NO_TCPIP'],
  ['9852', 'DNS_ERROR_NO_DNS_SERVERS'],
  ['10054', 'WSAECONNRESET'],
  ['10055', 'WSAENOBUFS'],
  ['10060', 'WSAETIMEDOUT'],
]);

interface DnsAnswer {
  readonly type: string | undefined;
  readonly data: string | undefined;
}

interface DnsResults {
  readonly answers: readonly DnsAnswer[];
  readonly resolvedIps: readonly string[];
  /** Hosts named by the answers (CNAME targets), for related.hosts. */
  readonly hosts: readonly string[];
}

/** An IPv4 address Windows writes IPv4-mapped (`::ffff:1.2.3.4`, possibly bracketed with a port). */
const V4_MAPPED = /^\[?::ffff:([0-9]+\.[0-9]+\.[0-9]+\.[0-9]+)(?:\](?::[0-9]+)?)?$/;

/**
 * QueryResults (`type:  5 host;::ffff:1.2.3.4;`) as the pipeline splits it: `type:` entries are
 * answers, the rest resolved addresses, unmapped from IPv4-mapped form; an address that is none is
 * dropped, and each address also becomes an A or AAAA answer. (Its loop skips the entry after a
 * dropped one when synthesizing answers: kept.)
 */
function parseQueryResults(text: string): DnsResults {
  const answers: DnsAnswer[] = [];
  const addresses: (string | undefined)[] = [];
  const hosts: string[] = [];
  for (const entry of javaSplit(text, ';')) {
    if (entry === '') continue;
    if (!entry.startsWith('type:')) {
      addresses.push(entry);
      continue;
    }
    const parts = javaSplit(entry, /\s+/);
    const type = DNS_RECORD_TYPES.get(parts[1] ?? '');
    if (parts.length === 3) {
      answers.push({ type, data: parts[2] });
      hosts.push(parts[2]!);
    } else if (parts.length >= 2) {
      answers.push({ type, data: undefined });
    }
  }
  const unmapped = addresses.map((address) => {
    const ip = address!.replace(V4_MAPPED, '$1');
    return isIP(ip) === 0 ? undefined : ip;
  });
  for (let index = 0; index < unmapped.length; index++) {
    const ip = unmapped[index];
    if (ip === undefined) {
      unmapped.splice(index, 1);
      continue;
    }
    answers.push({ type: ip.includes(':') ? 'AAAA' : 'A', data: ip });
  }
  return { answers, resolvedIps: unmapped.filter((ip): ip is string => ip !== undefined), hosts };
}

function dnsResults(record: RecordView): DnsResults | undefined {
  const text = kept('QueryResults')(record);
  return text === undefined ? undefined : record.memo('sysmon.dns', () => parseQueryResults(text));
}

/** A list field from the parsed results; an empty list is no field. */
function dnsList(select: (results: DnsResults) => readonly (string | undefined)[]): Derivation {
  return (record) => {
    const results = dnsResults(record);
    const values = results === undefined ? [] : select(results).filter((value): value is string => value !== undefined);
    return values.length === 0 ? undefined : values;
  };
}

const QUERY_NAME = kept('QueryName');

const DNS: Readonly<FieldGroup> = {
  'network.protocol': constant('dns'),
  'dns.question.name': QUERY_NAME,
  // dns.answers is a list of objects; as Elasticsearch indexes it, each key is one multi-valued field.
  'dns.answers.type': dnsList((results) => results.answers.map((answer) => answer.type)),
  'dns.answers.data': dnsList((results) => results.answers.map((answer) => answer.data)),
  'dns.resolved_ip': dnsList((results) => results.resolvedIps),
  'related.ip': (record) => {
    const ips = [...new Set(dnsResults(record)?.resolvedIps ?? [])];
    return ips.length === 0 ? undefined : ips;
  },
  'related.hosts': (record) => {
    const name = QUERY_NAME(record);
    const hosts = [...(dnsResults(record)?.hosts ?? [])];
    if (name !== undefined && !hosts.includes(name)) hosts.push(name);
    return hosts.length === 0 ? undefined : hosts;
  },
  'sysmon.dns.status': mapText(kept('QueryStatus'), (status) => DNS_QUERY_STATUS.get(status) ?? status),
};

/** Hive names and their abbreviations, as the first component of TargetObject: registry.hive. */
const REGISTRY_HIVES: ReadonlyMap<string, string> = new Map([
  ['HKEY_CLASSES_ROOT', 'HKCR'],
  ['HKCR', 'HKCR'],
  ['HKEY_CURRENT_CONFIG', 'HKCC'],
  ['HKCC', 'HKCC'],
  ['HKEY_CURRENT_USER', 'HKCU'],
  ['HKCU', 'HKCU'],
  ['HKEY_DYN_DATA', 'HKDD'],
  ['HKDD', 'HKDD'],
  ['HKEY_LOCAL_MACHINE', 'HKLM'],
  ['HKLM', 'HKLM'],
  ['HKEY_PERFORMANCE_DATA', 'HKPD'],
  ['HKPD', 'HKPD'],
  ['HKEY_USERS', 'HKU'],
  ['HKU', 'HKU'],
]);

interface RegistryFields {
  readonly hive: string | undefined;
  readonly key: string | undefined;
  readonly value: string | undefined;
  readonly strings: readonly string[] | undefined;
  readonly type: string | undefined;
}

const QWORD = /^QWORD \(((0x[0-9A-F]{8})-(0x[0-9A-F]{8}))\)$/i;
const DWORD = /^DWORD \((0x[0-9A-F]{8})\)$/i;

/** Details as registry.data: DWORD and QWORD as decimal text (SZ_DWORD, SZ_QWORD), `Binary Data` as REG_BINARY, the rest REG_SZ. */
function registryData(details: string): { readonly strings: readonly string[]; readonly type: string } {
  const qword = QWORD.exec(details);
  // The pipeline combines the halves as high << 8 + low (not << 32); its stored values are these.
  if (qword !== null) return { strings: [String(parseInt(qword[2]!, 16) * 256 + parseInt(qword[3]!, 16))], type: 'SZ_QWORD' };
  const dword = DWORD.exec(details);
  if (dword !== null) return { strings: [String(parseInt(dword[1]!, 16))], type: 'SZ_DWORD' };
  return { strings: [details], type: details === 'Binary Data' ? 'REG_BINARY' : 'REG_SZ' };
}

/**
 * TargetObject split at its backslashes: a known first component is the hive and the rest the key
 * (the value's name included, as the pipeline joins it); the last component is registry.value.
 */
function registryFields(path: string, details: string | undefined): RegistryFields {
  const tokens = javaSplit(path, '\\');
  const hive = tokens.length === 0 ? undefined : REGISTRY_HIVES.get(tokens[0]!);
  const data = details === undefined ? undefined : registryData(details);
  return {
    hive,
    key: hive !== undefined && tokens.length > 1 ? tokens.slice(1).join('\\') : undefined,
    value: tokens[tokens.length - 1],
    strings: data?.strings,
    type: data?.type,
  };
}

const TARGET_OBJECT = kept('TargetObject');
const DETAILS = kept('Details');

function registry(record: RecordView): RegistryFields | undefined {
  const path = TARGET_OBJECT(record);
  return path === undefined ? undefined : record.memo('sysmon.registry', () => registryFields(path, DETAILS(record)));
}

const REGISTRY: Readonly<FieldGroup> = {
  'registry.path': TARGET_OBJECT,
  'registry.hive': (record) => registry(record)?.hive,
  'registry.key': (record) => registry(record)?.key,
  'registry.value': (record) => registry(record)?.value,
  'registry.data.strings': (record) => registry(record)?.strings,
  'registry.data.type': (record) => registry(record)?.type,
};

/** Sysmon's deletion results: whether it archived the file, whether the file was an executable. */
const ARCHIVED: Readonly<FieldGroup> = { 'sysmon.file.archived': boolean(kept('Archived')) };
const IS_EXECUTABLE: Readonly<FieldGroup> = { 'sysmon.file.is_executable': boolean(kept('IsExecutable')) };

const FAILURE: Readonly<FieldGroup> = { 'event.outcome': constant('failure') };

/** One Sysmon event id as the pipeline categorizes it, with the field groups its EventData feeds. */
function sysmonEvent(
  eventId: number,
  category: readonly string[],
  type: readonly string[],
  action: string,
  ...groups: Readonly<FieldGroup>[]
): EventSchema {
  const ecs: EcsMapping = { category, type, action, fields: Object.assign({}, ...groups) as Readonly<FieldGroup> };
  return { service: 'sysmon', eventIds: [eventId], ecs };
}

const PROCESS_EVENT = [RULE_NAME, SYSMON_PROCESS, USER] as const;

/** A process's command line and its arguments, as the pipeline splits them (CommandLineToArgvW). */
function commandLineFields(prefix: string, name: string): Readonly<FieldGroup> {
  const commandLine = kept(name);
  return {
    [`${prefix}.command_line`]: commandLine,
    [`${prefix}.args`]: commandLineArgs(commandLine),
    [`${prefix}.args_count`]: argsCount(commandLine),
  };
}

/** Sysmon 1; schemas/process.ts lists it with the other process starts. */
export const SYSMON_PROCESS_CREATE: Readonly<EcsMapping> = {
  category: ['process'],
  type: ['start'],
  action: 'Process creation',
  fields: Object.assign(
    {},
    ...PROCESS_EVENT,
    commandLineFields('process', 'CommandLine'),
    { 'process.working_directory': kept('CurrentDirectory') },
    peFields('process'),
    hashFields('process'),
    RELATED_HASH,
    processFields('ParentProcessGuid', 'ParentProcessId', 'ParentImage', 'process.parent'),
    commandLineFields('process.parent', 'ParentCommandLine'),
  ) as Readonly<FieldGroup>,
};
const FILE_EVENT = [...PROCESS_EVENT, FILE] as const;
const REGISTRY_CATEGORY: readonly string[] = ['configuration', 'registry'];

export const SYSMON_SCHEMAS: readonly EventSchema[] = [
  sysmonEvent(2, ['file'], ['change'], 'A process changed a file creation time', ...FILE_EVENT),
  sysmonEvent(3, ['network'], ['start', 'connection', 'protocol'], 'Network connection', ...PROCESS_EVENT, NETWORK),
  sysmonEvent(4, ['process'], ['change'], 'Sysmon service state changed'),
  sysmonEvent(5, ['process'], ['end'], 'Process terminated', ...PROCESS_EVENT),
  sysmonEvent(6, ['driver'], ['start'], 'Driver loaded', RULE_NAME, FILE, hashFields('file'), RELATED_HASH, signatureFields('file')),
  sysmonEvent(
    7,
    ['process'],
    ['change'],
    'Image loaded',
    ...FILE_EVENT,
    hashFields('file'),
    RELATED_HASH,
    signatureFields('file'),
    peFields('file'),
    DLL,
  ),
  sysmonEvent(
    8,
    ['process'],
    ['change'],
    'CreateRemoteThread',
    RULE_NAME,
    processFields('SourceProcessGuid', 'SourceProcessId', 'SourceImage'),
    {
      // The pipeline's one conformity rename: 10 writes GUID, 8 writes Guid.
      'winlog.event_data.TargetProcessGUID': firstKept('TargetProcessGUID', 'TargetProcessGuid'),
    },
  ),
  sysmonEvent(9, ['process'], ['access'], 'RawAccessRead', ...FILE_EVENT),
  sysmonEvent(
    10,
    ['process'],
    ['access'],
    'ProcessAccess',
    RULE_NAME,
    processFields('SourceProcessGUID', 'SourceProcessId', 'SourceImage'),
    {
      'process.thread.id': long(kept('SourceThreadId')),
    },
  ),
  sysmonEvent(11, ['file'], ['creation'], 'FileCreate', ...FILE_EVENT),
  sysmonEvent(12, REGISTRY_CATEGORY, ['change'], 'RegistryEvent (Object create and delete)', ...PROCESS_EVENT, REGISTRY),
  sysmonEvent(13, REGISTRY_CATEGORY, ['change'], 'RegistryEvent (Value Set)', ...PROCESS_EVENT, REGISTRY),
  sysmonEvent(14, REGISTRY_CATEGORY, ['change'], 'RegistryEvent (Key and Value Rename)', ...PROCESS_EVENT, REGISTRY),
  sysmonEvent(15, ['file'], ['access'], 'FileCreateStreamHash', ...FILE_EVENT, hashFields('file'), RELATED_HASH),
  sysmonEvent(16, ['configuration'], ['change'], 'ServiceConfigurationChange'),
  sysmonEvent(17, ['file'], ['creation'], 'PipeEvent (Pipe Created)', ...PROCESS_EVENT, PIPE),
  sysmonEvent(18, ['file'], ['access'], 'PipeEvent (Pipe Connected)', ...PROCESS_EVENT, PIPE),
  sysmonEvent(19, ['process'], ['info'], 'WmiEvent (WmiEventFilter activity detected)', RULE_NAME, USER),
  // A consumer's Destination (the command it runs) is renamed to process.executable, so it names a process too.
  sysmonEvent(20, ['process'], ['change'], 'WmiEvent (WmiEventConsumer activity detected)', RULE_NAME, USER, {
    'process.executable': kept('Destination'),
    'process.name': processName(kept('Destination')),
  }),
  sysmonEvent(21, ['process'], ['access'], 'WmiEvent (WmiEventConsumerToFilter activity detected)', RULE_NAME, USER),
  sysmonEvent(22, ['network'], ['connection', 'protocol', 'info'], 'DNSEvent (DNS query)', ...PROCESS_EVENT, DNS),
  sysmonEvent(
    23,
    ['file'],
    ['deletion'],
    'FileDelete (File Delete archived)',
    ...FILE_EVENT,
    hashFields('process'),
    RELATED_HASH,
    ARCHIVED,
    IS_EXECUTABLE,
  ),
  // The pipeline gives clipboard changes no category.
  sysmonEvent(
    24,
    [],
    ['change'],
    'ClipboardChange (New content in the clipboard)',
    ...PROCESS_EVENT,
    hashFields('process'),
    RELATED_HASH,
    ARCHIVED,
  ),
  sysmonEvent(
    25,
    ['process'],
    ['change'],
    'ProcessTampering (Process image change)',
    ...PROCESS_EVENT,
    hashFields('process'),
    RELATED_HASH,
  ),
  sysmonEvent(
    26,
    ['file'],
    ['deletion'],
    'FileDeleteDetected (File Delete logged)',
    ...FILE_EVENT,
    hashFields('file'),
    RELATED_HASH,
    IS_EXECUTABLE,
  ),
  sysmonEvent(27, ['file'], ['creation'], 'FileBlockExecutable', ...FILE_EVENT, RELATED_HASH, FAILURE),
  sysmonEvent(28, ['file'], ['deletion'], 'FileBlockShredding', ...FILE_EVENT, RELATED_HASH, IS_EXECUTABLE),
  sysmonEvent(29, ['file'], ['creation'], 'FileExecutableDetected', ...FILE_EVENT, hashFields('file'), RELATED_HASH),
  sysmonEvent(255, ['process'], [], 'Error', FAILURE, { 'error.code': kept('ID') }),
];
