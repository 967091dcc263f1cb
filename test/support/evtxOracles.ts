/**
 * Runs the independent EVTX readers (libevtx's evtxexport, python-evtx's evtx_dump.py)
 * and parses their XML into plain records, so tests can compare them with what was written.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { XMLParser } from 'fast-xml-parser';

export interface OracleRecord {
  readonly eventRecordId: string;
  readonly eventId: string;
  readonly provider: string;
  readonly providerGuid: string | undefined;
  readonly version: string;
  readonly level: string;
  readonly task: string;
  readonly opcode: string;
  readonly keywords: string;
  readonly timeCreated: string;
  readonly processId: string | undefined;
  readonly threadId: string | undefined;
  readonly channel: string;
  readonly computer: string;
  readonly userId: string | undefined;
  readonly data: ReadonlyArray<{ readonly name: string; readonly text: string }>;
}

export interface Oracle {
  readonly name: 'libevtx' | 'python-evtx';
  /** Why it cannot run here, or undefined when it can. */
  readonly unavailable: string | undefined;
  readonly read: (path: string) => OracleRecord[];
}

const PYTHON = '/usr/bin/python3';
const EVTX_DUMP = '/usr/bin/evtx_dump.py';
const MAX_OUTPUT = 512 * 1024 * 1024;

export const LIBEVTX: Oracle = {
  name: 'libevtx',
  unavailable: commandMissing('evtxexport', ['-V']),
  read: (path) => parseEvents(execFileSync('evtxexport', ['-f', 'xml', path], { maxBuffer: MAX_OUTPUT }).toString('utf8')),
};

export const PYTHON_EVTX: Oracle = {
  name: 'python-evtx',
  unavailable: commandMissing(PYTHON, [EVTX_DUMP, '-h']),
  read: (path) => parseEvents(execFileSync(PYTHON, [EVTX_DUMP, path], { maxBuffer: MAX_OUTPUT }).toString('utf8')),
};

function commandMissing(command: string, args: string[]): string | undefined {
  const result = spawnSync(command, args, { stdio: 'ignore' });
  return result.error === undefined ? undefined : `${command} not runnable: ${result.error.message}`;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  textNodeName: '#text',
  alwaysCreateTextNode: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  // python-evtx writes every non-ASCII character as a numeric character reference.
  htmlEntities: true,
  isArray: (name) => name === 'Event' || name === 'Data',
});

interface XmlNode {
  readonly [key: string]: XmlNode | XmlNode[] | string | undefined;
}

/** Both tools print one `<Event>` per record, with different wrappers around them. */
function parseEvents(xml: string): OracleRecord[] {
  const start = xml.indexOf('<Event ');
  const end = xml.lastIndexOf('</Event>');
  if (start < 0 || end < 0) return [];
  const document = parser.parse(`<Events>${xml.slice(start, end + '</Event>'.length)}</Events>`) as XmlNode;
  const events = (document['Events'] as XmlNode)['Event'] as XmlNode[];
  return events.map(toRecord);
}

function toRecord(event: XmlNode): OracleRecord {
  const system = child(event, 'System');
  const dataNodes = (child(event, 'EventData')['Data'] as XmlNode[] | undefined) ?? [];
  const execution = child(system, 'Execution');
  return {
    eventRecordId: textOf(child(system, 'EventRecordID')),
    eventId: textOf(child(system, 'EventID')),
    provider: attribute(child(system, 'Provider'), 'Name') ?? '',
    providerGuid: attribute(child(system, 'Provider'), 'Guid'),
    version: textOf(child(system, 'Version')),
    level: textOf(child(system, 'Level')),
    task: textOf(child(system, 'Task')),
    opcode: textOf(child(system, 'Opcode')),
    keywords: textOf(child(system, 'Keywords')),
    timeCreated: attribute(child(system, 'TimeCreated'), 'SystemTime') ?? '',
    processId: attribute(execution, 'ProcessID'),
    threadId: attribute(execution, 'ThreadID'),
    channel: textOf(child(system, 'Channel')),
    computer: textOf(child(system, 'Computer')),
    userId: attribute(child(system, 'Security'), 'UserID'),
    data: dataNodes.map((node) => ({ name: attribute(node, 'Name') ?? '', text: textOf(node) })),
  };
}

function child(node: XmlNode, name: string): XmlNode {
  const value = node[name];
  return typeof value === 'object' && !Array.isArray(value) ? value : {};
}

function textOf(node: XmlNode): string {
  const text = node['#text'];
  return typeof text === 'string' ? text : '';
}

/** python-evtx prints absent optional attributes as `Name=""`; both read as undefined here. */
function attribute(node: XmlNode, name: string): string | undefined {
  const value = node[`@${name}`];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
