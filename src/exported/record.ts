import type { EventDataValue, EvtxInteger, EvtxRecord, EvtxSystem } from '../evtx/index.js';

/** What an exported event gives: its System fields and its payload, as the EVTX reader renders them. */
export interface ExportedEvent {
  readonly system: EvtxSystem;
  readonly eventData: Record<string, EventDataValue>;
}

/** EventID and Channel read ahead of the whole event, so that one no rule wants is never parsed. */
export interface EventKey {
  readonly eventId: EvtxInteger | undefined;
  readonly channel: string | undefined;
}

/** An event read whole, or parsed on first use. */
export type EventSource = ExportedEvent | { readonly key: EventKey | undefined; readonly parse: () => ExportedEvent };

const UNREADABLE: Readonly<ExportedEvent> = { system: {}, eventData: Object.freeze(Object.create(null) as Record<string, EventDataValue>) };

const EVENT_NAMESPACE = 'http://schemas.microsoft.com/win/2004/08/events/event';

/** Characters XML 1.0 cannot hold even as references, shown as the terminal sanitizer shows them. */
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]/gu;
const SPECIAL = /[&<>"\t\n\r\u007f-\u009f]/g;
const REFERENCES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** Text for an element or a double-quoted attribute: well-formed whatever the export held. */
function escapeXml(text: string): string {
  return text
    .replace(NOT_XML, (char) => `\\u{${char.charCodeAt(0).toString(16)}}`)
    .replace(SPECIAL, (char) => REFERENCES[char] ?? `&#x${char.charCodeAt(0).toString(16).toUpperCase()};`);
}

function systemXml(system: EvtxSystem): string {
  const element = (name: string, value: string | EvtxInteger | undefined): string =>
    value === undefined ? '' : `<${name}>${escapeXml(String(value))}</${name}>`;
  const attributes = (name: string, values: readonly [string, string | EvtxInteger | undefined][]): string => {
    const present = values.filter(([, value]) => value !== undefined);
    return present.length === 0 ? '' : `<${name}${present.map(([key, value]) => ` ${key}="${escapeXml(String(value))}"`).join('')}/>`;
  };
  return (
    '<System>' +
    attributes('Provider', [
      ['Name', system.provider],
      ['Guid', system.providerGuid],
    ]) +
    element('EventID', system.eventId) +
    element('Version', system.version) +
    element('Level', system.level) +
    element('Task', system.task) +
    element('Opcode', system.opcode) +
    element('Keywords', system.keywords) +
    attributes('TimeCreated', [['SystemTime', system.timeCreated]]) +
    element('EventRecordID', system.eventRecordId) +
    attributes('Correlation', [['ActivityID', system.activityId]]) +
    attributes('Execution', [
      ['ProcessID', system.processId],
      ['ThreadID', system.threadId],
    ]) +
    element('Channel', system.channel) +
    element('Computer', system.computer) +
    attributes('Security', [['UserID', system.userId]]) +
    '</System>'
  );
}

function eventDataXml(data: Readonly<Record<string, EventDataValue>>): string {
  let xml = '';
  for (const [name, value] of Object.entries(data)) {
    for (const item of typeof value === 'string' ? [value] : value) {
      xml += name === 'Data' ? `<Data>${escapeXml(item)}</Data>` : `<Data Name="${escapeXml(name)}">${escapeXml(item)}</Data>`;
    }
  }
  return xml === '' ? '' : `<EventData>${xml}</EventData>`;
}

/**
 * An event read from an XML or JSON export, as the EVTX reader's records present theirs, so that
 * normalization and the rules take it as they take an EVTX record. `offset` is where the event
 * starts in the export; it was never in a chunk, nor carved.
 */
export class ExportedRecord implements EvtxRecord {
  readonly chunkIndex = 0;
  readonly recovered = false;
  private parsed: ExportedEvent | undefined;

  /**
   * `onError`: an event parsed on first use that cannot be read after all (the scanner checked its
   * tags; fast-xml-parser rarely refuses more): reported, and the record is then an empty one.
   */
  constructor(
    readonly file: string,
    readonly offset: number,
    private readonly source: EventSource,
    private readonly onError: (error: unknown) => void = (error) => {
      throw error;
    },
  ) {}

  private get event(): ExportedEvent {
    if (this.parsed !== undefined) return this.parsed;
    if (!('parse' in this.source)) return (this.parsed = this.source);
    try {
      this.parsed = this.source.parse();
    } catch (error) {
      this.parsed = UNREADABLE;
      this.onError(error);
    }
    return this.parsed;
  }

  private get key(): EventKey {
    const key = 'key' in this.source ? this.source.key : undefined;
    if (key !== undefined) return key;
    const { eventId, channel } = this.event.system;
    return { eventId, channel };
  }

  get recordId(): EvtxInteger {
    return this.event.system.eventRecordId ?? 0;
  }

  get written(): string {
    return this.event.system.timeCreated ?? '';
  }

  eventId(): number | undefined {
    const id = this.key.eventId;
    return typeof id === 'bigint' ? Number(id) : id;
  }

  eventRecordId(): EvtxInteger | undefined {
    return this.event.system.eventRecordId;
  }

  channel(): string | undefined {
    return this.key.channel;
  }

  provider(): string | undefined {
    return this.event.system.provider;
  }

  computer(): string | undefined {
    return this.event.system.computer;
  }

  timeCreated(): string | undefined {
    return this.event.system.timeCreated;
  }

  userId(): string | undefined {
    return this.event.system.userId;
  }

  system(): EvtxSystem {
    return { ...this.event.system };
  }

  eventData(): Record<string, EventDataValue> {
    return this.event.eventData;
  }

  /** The event's System fields and payload as Windows' XML view shows them (UserData as EventData), on one line. */
  toXml(): string {
    return `<Event xmlns="${EVENT_NAMESPACE}">${systemXml(this.event.system)}${eventDataXml(this.event.eventData)}</Event>`;
  }
}
