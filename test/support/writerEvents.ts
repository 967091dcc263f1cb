/** A deterministic set of events of many shapes and every value type, shared by the writer tests. */
import { SECURITY_PROVIDER } from '../../dev/events/security.js';
import { SYSMON_PROVIDER } from '../../dev/events/sysmon.js';
import { LOCAL_SYSTEM_SID } from '../../dev/events/windows.js';
import type { EventSpec, WriterValue } from '../../dev/evtxWriter/index.js';
import { Prng } from '../../dev/prng.js';

export const BASE_TIME = Date.UTC(2024, 2, 10, 8, 0, 0);
export const TRICKY_TEXT = [
  '',
  'plain',
  'a & b <c> "d" \'e\'',
  'café naïve – 日本語 😀',
  ' leading and trailing spaces ',
  'C:\\Windows\\System32\\net.exe use \\\\10.0.0.5\\C$ /user:corp\\admin',
];

/** Every event shape the test writes: several providers, field lists and value types. */
export function generateEvents(count: number): EventSpec[] {
  const prng = new Prng(0x5eed);
  const events: EventSpec[] = [];
  let recordId = 100;
  for (let i = 0; i < count; i++) {
    recordId += prng.next() < 0.1 ? prng.int(2, 50) : 1;
    const shape = i % 4;
    const base = {
      timeCreated: new Date(BASE_TIME + i * 1537 + prng.int(0, 999)),
      recordId,
      computer: prng.pick(['WS01.corp.local', 'DC01.corp.local', 'laptop-7']),
      processId: prng.int(4, 9000),
      threadId: prng.int(4, 9000),
    };
    if (shape === 0) events.push({ ...base, ...sysmonLike(prng) });
    else if (shape === 1) events.push({ ...base, ...securityLike(prng) });
    else if (shape === 2) events.push({ ...base, ...everyType(prng) });
    else events.push({ ...base, ...longStrings(prng, i) });
  }
  return events;
}

function sysmonLike(prng: Prng): Omit<EventSpec, 'timeCreated' | 'computer'> {
  return {
    ...SYSMON_PROVIDER,
    // The hex-string form of Keywords, which the other shapes do not use.
    keywords: `0x${SYSMON_PROVIDER.keywords.toString(16)}`,
    eventId: 1,
    version: 5,
    level: 4,
    task: 1,
    userSid: LOCAL_SYSTEM_SID,
    data: [
      { name: 'RuleName', value: { type: 'string', value: prng.pick(['', '-', 'technique_id=T1021']) } },
      { name: 'UtcTime', value: { type: 'string', value: '2024-03-10 08:00:00.123' } },
      { name: 'ProcessGuid', value: { type: 'guid', value: randomGuid(prng) } },
      { name: 'ProcessId', value: { type: 'uint32', value: prng.int(0, 0xffffffff) } },
      { name: 'Image', value: { type: 'string', value: prng.pick(TRICKY_TEXT) } },
      { name: 'LogonId', value: { type: 'hexint64', value: BigInt(prng.int(0, 0xffffff)) * 0x10000n } },
      { name: 'TerminalSessionId', value: { type: 'uint32', value: prng.int(0, 5) } },
    ],
  };
}

function securityLike(prng: Prng): Omit<EventSpec, 'timeCreated' | 'computer'> {
  return {
    ...SECURITY_PROVIDER,
    eventId: prng.pick([4688, 4624]),
    version: 2,
    level: 0,
    task: 13312,
    data: [
      { name: 'SubjectUserSid', value: { type: 'sid', value: `S-1-5-21-${prng.int(1, 4e9)}-${prng.int(1, 4e9)}-500` } },
      { name: 'SubjectLogonId', value: { type: 'hexint64', value: 0x3e7n } },
      { name: 'NewProcessId', value: { type: 'hexint64', value: prng.int(0, 0xffff) } },
      { name: 'CommandLine', value: { type: 'string', value: prng.pick(TRICKY_TEXT) } },
      { name: 'MandatoryLabel', value: { type: 'sid', value: 'S-1-16-12288' } },
    ],
  };
}

function everyType(prng: Prng): Omit<EventSpec, 'timeCreated' | 'computer'> {
  const moment = new Date(BASE_TIME - prng.int(0, 1e9));
  const values: Array<[string, WriterValue]> = [
    ['Text', { type: 'string', value: prng.pick(TRICKY_TEXT) }],
    ['Ansi', { type: 'ansistring', value: 'ASCII only, python-evtx decodes ANSI as ASCII' }],
    ['Int8', { type: 'int8', value: prng.int(-128, 127) }],
    ['UInt8', { type: 'uint8', value: prng.int(0, 255) }],
    ['Int16', { type: 'int16', value: prng.int(-32768, 32767) }],
    ['UInt16', { type: 'uint16', value: prng.int(0, 65535) }],
    ['Int32', { type: 'int32', value: prng.int(-(2 ** 31), 2 ** 31 - 1) }],
    ['UInt32', { type: 'uint32', value: prng.int(0, 2 ** 32 - 1) }],
    ['Int64', { type: 'int64', value: -(BigInt(prng.int(0, 2 ** 31)) << 20n) }],
    ['UInt64', { type: 'uint64', value: 0xffffffffffffffffn - BigInt(prng.int(0, 1000)) }],
    ['Float', { type: 'float', value: prng.int(-1000, 1000) / 8 }],
    ['Double', { type: 'double', value: prng.int(-1e6, 1e6) / 1024 }],
    ['Bool', { type: 'bool', value: prng.next() < 0.5 }],
    ['Binary', { type: 'binary', value: Buffer.from(Array.from({ length: prng.int(0, 40) }, () => prng.int(0, 255))) }],
    ['Guid', { type: 'guid', value: randomGuid(prng) }],
    ['SizeT', { type: 'sizet', value: prng.int(0, 2 ** 40) }],
    ['FileTime', { type: 'filetime', value: moment }],
    ['SystemTime', { type: 'systemtime', value: moment }],
    ['Sid', { type: 'sid', value: prng.pick(['S-1-5-18', 'S-1-0-0', 'S-1-5-21-3623811015-3361044348-30300820-1013']) }],
    ['HexInt32', { type: 'hexint32', value: prng.int(0, 2 ** 32 - 1) }],
    ['HexInt64', { type: 'hexint64', value: BigInt(prng.int(0, 2 ** 32)) << 16n }],
    ['Strings', { type: 'stringArray', value: ['first', 'second item', 'x'].slice(0, prng.int(1, 3)) }],
  ];
  // Dropping a random field varies the template shape within one provider and event id.
  const skipped = prng.int(0, values.length);
  return {
    provider: 'Hunt-Writer-Test',
    eventId: 7000 + prng.int(0, 3),
    qualifiers: prng.next() < 0.5 ? 16384 : undefined,
    version: prng.int(0, 3),
    level: prng.int(0, 5),
    task: prng.int(0, 100),
    opcode: prng.int(0, 20),
    keywords: BigInt(prng.int(0, 2 ** 31)) << 32n,
    channel: 'Application',
    activityId: prng.next() < 0.3 ? randomGuid(prng) : undefined,
    userSid: prng.next() < 0.5 ? 'S-1-5-19' : undefined,
    data: values.filter((_, i) => i !== skipped).map(([name, value]) => ({ name, value })),
  };
}

function longStrings(prng: Prng, index: number): Omit<EventSpec, 'timeCreated' | 'computer'> {
  const fieldCount = prng.int(0, 4);
  return {
    provider: 'PowerShell',
    eventId: 4104,
    channel: 'Microsoft-Windows-PowerShell/Operational',
    data: Array.from({ length: fieldCount }, (_, i) => ({
      name: `Field${i}`,
      value: { type: 'string', value: `${index}:${i}:` + 'Get-ChildItem -Recurse | '.repeat(prng.int(0, 300)) },
    })),
  };
}

function randomGuid(prng: Prng): string {
  const hex = (digits: number) => Array.from({ length: digits }, () => prng.int(0, 15).toString(16).toUpperCase()).join('');
  return `{${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}}`;
}

/** What a value means, independent of how a tool prints it. */
export function canonical(value: WriterValue): string {
  switch (value.type) {
    case 'string':
    case 'ansistring':
    case 'sid':
      return value.value;
    case 'float':
      return String(Math.fround(value.value));
    case 'double':
      return String(value.value);
    case 'bool':
      return String(value.value);
    case 'binary':
      return value.value.toString('hex').toUpperCase();
    case 'guid':
      return value.value.replace(/[{}]/g, '').toUpperCase();
    case 'filetime':
    case 'systemtime':
      return value.value.toISOString();
    case 'stringArray':
      return JSON.stringify(value.value);
    default:
      return BigInt(value.value).toString();
  }
}

/**
 * A float or double printed by a reader, as the canonical text of the written value when it is equal
 * to 7 significant digits (libevtx prints `%e`), else as printed.
 */
export function canonicalFloat(value: Extract<WriterValue, { type: 'float' | 'double' }>, text: string): string {
  const expected = value.type === 'float' ? Math.fround(value.value) : value.value;
  return Math.abs(Number(text) - expected) <= 1e-6 * Math.max(1, Math.abs(expected)) ? canonical(value) : text;
}
