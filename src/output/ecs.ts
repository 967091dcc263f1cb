/**
 * Elastic Common Schema documents: a hit as an alert (`event.kind: alert`, `rule.*`, `threat.*`), a
 * record as an event, both with the ECS fields hunt derives as Elastic's Windows integrations do
 * (src/events/ecsView.ts), so that Elastic's rules run on them in Elasticsearch or OpenSearch as they
 * run in hunt. What ECS has no field for is under `hunt.*`.
 */
import type { EvtxRecord } from '../evtx/index.js';
import { EcsFields } from '../events/ecsView.js';
import type { LogSourceTable } from '../events/logsource.js';
import type { EventData, RecordView } from '../events/model/recordView.js';
import { normalizeRecord, recordFacts } from '../events/normalize.js';
import type { FieldValue } from '../events/types.js';
import type { Hit } from '../hunt/hit.js';
import type { RuleLevel } from '../rules/types.js';
import { hitDetailsText, toHitEventRecord } from './hit.js';

/** The ECS version the documents follow: that of the field definitions the tests check them against (@elastic/ecs). */
export const ECS_VERSION = '9.4.0';

/** The bulk API's action line before each document: `create` works for an index and for a data stream alike. */
export const BULK_ACTION = '{"create":{}}\n';

/** A JSON value of a document; record ids beyond 2^53 are written as their exact digits in strings (`winlog.record_id` is a keyword). */
type DocumentValue = string | number | boolean | null | readonly DocumentValue[] | { [key: string]: DocumentValue };
export type EcsDocument = { [key: string]: DocumentValue };

/**
 * `event.severity` and the default `event.risk_score` of a level: Elastic's default risk scores for
 * its severities (low 21, medium 47, high 73, critical 99); informational has none in Elastic.
 */
const LEVEL_SCORE: Readonly<Record<RuleLevel, number>> = { informational: 1, low: 21, medium: 47, high: 73, critical: 99 };

/** MITRE ATT&CK's enterprise tactics by the name Sigma tags use (`attack.defense_evasion`). */
const ATTACK_TACTICS: ReadonlyMap<string, { id: string; name: string }> = new Map(
  (
    [
      ['reconnaissance', 'TA0043', 'Reconnaissance'],
      ['resource_development', 'TA0042', 'Resource Development'],
      ['initial_access', 'TA0001', 'Initial Access'],
      ['execution', 'TA0002', 'Execution'],
      ['persistence', 'TA0003', 'Persistence'],
      ['privilege_escalation', 'TA0004', 'Privilege Escalation'],
      ['defense_evasion', 'TA0005', 'Defense Evasion'],
      ['credential_access', 'TA0006', 'Credential Access'],
      ['discovery', 'TA0007', 'Discovery'],
      ['lateral_movement', 'TA0008', 'Lateral Movement'],
      ['collection', 'TA0009', 'Collection'],
      ['command_and_control', 'TA0011', 'Command and Control'],
      ['exfiltration', 'TA0010', 'Exfiltration'],
      ['impact', 'TA0040', 'Impact'],
    ] as const
  ).map(([tag, id, name]) => [tag, { id, name }]),
);

const ATTACK_SITE = 'https://attack.mitre.org';

/**
 * `threat.*` from a rule's `attack.*` tags (Elastic's rules' threat entries are tags of the same
 * form, src/rules/eql/ruleFile.ts): tactics with their ids, techniques and sub-techniques (a
 * sub-technique's technique too), groups and software. Undefined when no tag is ATT&CK's.
 */
export function threatOf(tags: readonly string[]): EcsDocument | undefined {
  const tactics: { id: string; name: string }[] = [];
  const techniques = new Set<string>();
  const subtechniques = new Set<string>();
  const groups = new Set<string>();
  const software = new Set<string>();
  for (const tag of tags) {
    const name = tag.toLowerCase();
    if (!name.startsWith('attack.')) continue;
    const value = name.slice('attack.'.length);
    const tactic = ATTACK_TACTICS.get(value.replace(/-/g, '_'));
    if (tactic !== undefined) {
      if (!tactics.includes(tactic)) tactics.push(tactic);
    } else if (/^t\d{4}\.\d{3}$/.test(value)) {
      subtechniques.add(value.toUpperCase());
      techniques.add(value.slice(0, 5).toUpperCase());
    } else if (/^t\d{4}$/.test(value)) techniques.add(value.toUpperCase());
    else if (/^g\d{4}$/.test(value)) groups.add(value.toUpperCase());
    else if (/^s\d{4}$/.test(value)) software.add(value.toUpperCase());
  }
  if (tactics.length + techniques.size + groups.size + software.size === 0) return undefined;
  const threat: EcsDocument = { framework: 'MITRE ATT&CK' };
  if (tactics.length > 0) {
    threat['tactic'] = {
      id: tactics.map((t) => t.id),
      name: tactics.map((t) => t.name),
      reference: tactics.map((t) => `${ATTACK_SITE}/tactics/${t.id}/`),
    };
  }
  if (techniques.size > 0) {
    const technique: EcsDocument = {
      id: [...techniques],
      reference: [...techniques].map((id) => `${ATTACK_SITE}/techniques/${id}/`),
    };
    if (subtechniques.size > 0) {
      technique['subtechnique'] = {
        id: [...subtechniques],
        reference: [...subtechniques].map((id) => `${ATTACK_SITE}/techniques/${id.replace('.', '/')}/`),
      };
    }
    threat['technique'] = technique;
  }
  if (groups.size > 0) threat['group'] = { id: [...groups], reference: [...groups].map((id) => `${ATTACK_SITE}/groups/${id}/`) };
  if (software.size > 0) threat['software'] = { id: [...software], reference: [...software].map((id) => `${ATTACK_SITE}/software/${id}/`) };
  return threat;
}

/**
 * Sets the dotted `name` in `document` as nested objects (`process.parent.name`). A name whose path
 * runs through a value already set (a field and a field below it, which no ECS name does) keeps the
 * first value.
 */
function setField(document: EcsDocument, name: string, value: DocumentValue): void {
  const path = name.split('.');
  let node = document;
  for (const key of path.slice(0, -1)) {
    const child = Object.hasOwn(node, key) ? node[key] : undefined;
    if (child === undefined) {
      const created: EcsDocument = {};
      node[key] = created;
      node = created;
    } else if (typeof child === 'object' && child !== null && !Array.isArray(child)) {
      node = child as EcsDocument;
    } else {
      return;
    }
  }
  const last = path[path.length - 1]!;
  if (!Object.hasOwn(node, last)) node[last] = value;
}

function documentValue(value: FieldValue): DocumentValue {
  return Array.isArray(value) ? [...(value as readonly string[])] : (value as string | number | boolean);
}

/**
 * Fields the integrations' data streams hold as constant keywords of the stream they are indexed
 * into: left out, so that a document can go into any index or data stream.
 */
const LEFT_OUT: ReadonlySet<string> = new Set(['data_stream.dataset']);

/** The ECS view's fields, then the EventData as logged (`winlog.event_data`), into `document`. */
function addEventFields(document: EcsDocument, ecs: EcsFields, eventData: EventData): void {
  for (const [name, value] of ecs.entries()) if (!LEFT_OUT.has(name)) setField(document, name, documentValue(value));
  if (Object.keys(eventData).length > 0) {
    // Names as logged, one key each (a name with a dot is not split), as Winlogbeat stores them.
    const data: EcsDocument = {};
    for (const [name, value] of Object.entries(eventData)) data[name] = documentValue(value);
    setField(document, 'winlog.event_data', data);
  }
}

/** A hit's event as field derivations read it (the hit keeps neither the provider nor the System UserID). */
class HitRecordView implements RecordView {
  private readonly memos = new Map<string, unknown>();
  readonly eventId: number;
  readonly channel: string;
  readonly provider = undefined;
  readonly computer: string | undefined;
  readonly time: string;
  readonly recordId: RecordView['recordId'];
  readonly userId = undefined;
  readonly data: EventData;

  constructor(hit: Hit) {
    this.eventId = hit.eventId;
    this.channel = hit.channel;
    this.computer = hit.computer;
    this.time = hit.timestamp;
    this.recordId = hit.recordId;
    this.data = hit.eventData;
  }

  memo<T>(key: string, compute: () => T): T {
    if (this.memos.has(key)) return this.memos.get(key) as T;
    const value = compute();
    this.memos.set(key, value);
    return value;
  }
}

/** Builds ECS documents; owns the log-source table it looks events' schemas up in. */
export class EcsDocuments {
  constructor(private readonly logSources: LogSourceTable) {}

  /** A hit as an ECS alert: its rule, ATT&CK tags as `threat.*`, its event's ECS fields, and `hunt.*`. */
  hit(hit: Hit): EcsDocument {
    const { rule } = hit;
    const score = LEVEL_SCORE[rule.level];
    const document: EcsDocument = {
      '@timestamp': hit.timestamp,
      message: hit.details.length > 0 ? `${rule.title}: ${hitDetailsText(hit)}` : rule.title,
      ecs: { version: ECS_VERSION },
      event: { kind: 'alert', severity: score, risk_score: rule.riskScore ?? score },
      rule: {
        id: rule.id,
        name: rule.title,
        ruleset: rule.source === 'eql' ? 'elastic' : 'sigma',
        ...(rule.description === undefined ? {} : { description: rule.description }),
        ...(rule.author === undefined ? {} : { author: [rule.author] }),
        ...(rule.references[0] === undefined ? {} : { reference: rule.references[0] }),
      },
      log: { file: { path: hit.file } },
    };
    if (rule.tags.length > 0) document['tags'] = [...rule.tags];
    const threat = threatOf(rule.tags);
    if (threat !== undefined) document['threat'] = threat;
    const facts = this.logSources.facts(hit.channel, hit.eventId);
    addEventFields(document, new EcsFields(new HitRecordView(hit), facts.schema, facts.services), hit.eventData);
    const huntFields: EcsDocument = {
      rule: {
        level: rule.level,
        source: rule.source,
        file: rule.file,
        ...(rule.status === undefined ? {} : { status: rule.status }),
        references: [...rule.references],
        falsepositives: [...rule.falsepositives],
      },
      recovered: hit.recovered,
      details: Object.fromEntries(hit.details),
      also_in: [...(hit.alsoIn ?? [])],
    };
    if (hit.events !== undefined) {
      huntFields['events'] = hit.events.map((event) => {
        const { record_id, ...rest } = toHitEventRecord(event);
        return { ...rest, record_id: String(record_id) };
      });
    }
    document['hunt'] = huntFields;
    return document;
  }

  /** A record as an ECS event, as `hunt dump -f ecs` writes every record of a log. */
  record(record: EvtxRecord, file: string): EcsDocument {
    const document: EcsDocument = {
      '@timestamp': record.timeCreated() ?? record.written,
      ecs: { version: ECS_VERSION },
      log: { file: { path: file } },
    };
    const facts = recordFacts(record, this.logSources);
    if (facts === undefined) {
      setField(document, 'event.kind', 'event');
      setField(document, 'winlog.record_id', String(record.eventRecordId() ?? record.recordId));
      const computer = record.computer();
      if (computer !== undefined) setField(document, 'host.name', computer);
    } else {
      const event = normalizeRecord(record, facts);
      addEventFields(document, event.ecs, event.eventData);
    }
    document['hunt'] = { recovered: record.recovered };
    return document;
  }
}
