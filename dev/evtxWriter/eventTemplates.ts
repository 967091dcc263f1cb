import { VT_BINXML } from '../../src/evtx/values/valueTypes.js';
import {
  defineTemplate,
  element,
  normalSubstitution,
  optionalSubstitution,
  text,
  type TemplateDefinition,
  type TemplateNode,
} from './templateTree.js';
import { VALUE_TYPE_CODE } from './values.js';

/** Substitution indexes of the System template, in Windows' order. */
export const SYSTEM_SUBSTITUTION = {
  level: 0,
  opcode: 1,
  task: 2,
  eventId: 3,
  qualifiers: 4,
  keywords: 5,
  timeCreated: 6,
  activityId: 7,
  processId: 8,
  threadId: 9,
  eventRecordId: 10,
  version: 11,
  userId: 12,
  relatedActivityId: 13,
  providerName: 14,
  providerGuid: 15,
  channel: 16,
  eventData: 17,
} as const;

/** The same namespace src/evtx/record.ts renders. */
const EVENT_NAMESPACE = 'http://schemas.microsoft.com/win/2004/08/events/event';

/** `repeat`: how many times the Data element holds its substitution (default once; crafted files only). */
export type EventDataShape = ReadonlyArray<{ readonly name: string; readonly typeCode: number; readonly repeat?: number }>;

export function systemTemplateKey(computer: string): string {
  return `System\0${computer}`;
}

export function eventDataTemplateKey(fields: EventDataShape): string {
  return `EventData\0${fields.map((field) => `${field.name}\0${field.typeCode}${field.repeat === undefined ? '' : `*${field.repeat}`}`).join('\0')}`;
}

/**
 * The outer template Windows shares between all events of a log: System values are
 * substitutions, the computer name is literal text, EventData is a nested BinXML value.
 * Element order, dependency ids and substitution kinds copy a real Security.evtx.
 */
export function systemTemplate(computer: string): TemplateDefinition {
  const S = SYSTEM_SUBSTITUTION;
  const T = VALUE_TYPE_CODE;
  const valueElement = (name: string, index: number, type: number) => element(name, [], [optionalSubstitution(index, type)], index);
  const system = element(
    'System',
    [],
    [
      element(
        'Provider',
        [
          { name: 'Name', value: optionalSubstitution(S.providerName, T.string) },
          { name: 'Guid', value: optionalSubstitution(S.providerGuid, T.guid) },
        ],
        [],
      ),
      element(
        'EventID',
        [{ name: 'Qualifiers', value: optionalSubstitution(S.qualifiers, T.uint16) }],
        [optionalSubstitution(S.eventId, T.uint16)],
        S.eventId,
      ),
      valueElement('Version', S.version, T.uint8),
      valueElement('Level', S.level, T.uint8),
      valueElement('Task', S.task, T.uint16),
      valueElement('Opcode', S.opcode, T.uint8),
      valueElement('Keywords', S.keywords, T.hexint64),
      element('TimeCreated', [{ name: 'SystemTime', value: optionalSubstitution(S.timeCreated, T.filetime) }], []),
      valueElement('EventRecordID', S.eventRecordId, T.uint64),
      element(
        'Correlation',
        [
          { name: 'ActivityID', value: optionalSubstitution(S.activityId, T.guid) },
          { name: 'RelatedActivityID', value: optionalSubstitution(S.relatedActivityId, T.guid) },
        ],
        [],
      ),
      element(
        'Execution',
        [
          { name: 'ProcessID', value: optionalSubstitution(S.processId, T.uint32) },
          { name: 'ThreadID', value: optionalSubstitution(S.threadId, T.uint32) },
        ],
        [],
      ),
      valueElement('Channel', S.channel, T.string),
      element('Computer', [], [text(computer)]),
      element('Security', [{ name: 'UserID', value: optionalSubstitution(S.userId, T.sid) }], []),
    ],
  );
  const event = element(
    'Event',
    [{ name: 'xmlns', value: text(EVENT_NAMESPACE) }],
    [system, optionalSubstitution(S.eventData, VT_BINXML)],
    S.eventData,
  );
  return defineTemplate(systemTemplateKey(computer), event);
}

/**
 * `<EventData>` with one `<Data Name=..>` per field, each a normal substitution in field order (a
 * field with `repeat` holds the same substitution that many times, as a hostile template may).
 */
export function eventDataTemplate(fields: EventDataShape): TemplateDefinition {
  const data = fields.map((field, index) =>
    element(
      'Data',
      [{ name: 'Name', value: text(field.name) }],
      new Array<TemplateNode>(field.repeat ?? 1).fill(normalSubstitution(index, field.typeCode)),
    ),
  );
  return defineTemplate(eventDataTemplateKey(fields), element('EventData', [], data));
}
