/**
 * The ECS fields every record has, whatever its event id, as Elastic's Windows integrations set them
 * from the record's System part and its EventData (`winlog.event_data.*`, looked up by name).
 */
import { constant, type Derivation } from '../model/derive.js';

/** event.module and event.dataset (= data_stream.dataset) of the integration reading a service's channel. */
interface IntegrationDataset {
  readonly module: string;
  readonly dataset: string;
}

const DATASET_BY_SERVICE: ReadonlyMap<string, IntegrationDataset> = new Map([
  ['sysmon', { module: 'sysmon', dataset: 'windows.sysmon_operational' }],
  ['security', { module: 'system', dataset: 'system.security' }],
  ['system', { module: 'system', dataset: 'system.system' }],
  ['application', { module: 'system', dataset: 'system.application' }],
  ['powershell', { module: 'powershell', dataset: 'windows.powershell_operational' }],
  ['powershell-classic', { module: 'powershell', dataset: 'windows.powershell' }],
]);

/** The integration dataset of the first of a channel's services that has one. */
export function integrationDataset(services: readonly string[]): IntegrationDataset | undefined {
  for (const service of services) {
    const dataset = DATASET_BY_SERVICE.get(service);
    if (dataset !== undefined) return dataset;
  }
  return undefined;
}

/** Names under which ECS carries a record's EventData, by the EventData item's own name. */
export const EVENT_DATA_PREFIX = 'winlog.event_data.';

export const COMMON_ECS_FIELDS: Readonly<Record<string, Derivation>> = {
  '@timestamp': (record) => record.time,
  'event.code': (record) => String(record.eventId),
  'event.kind': constant('event'),
  'event.provider': (record) => record.provider,
  'host.name': (record) => record.computer,
  'host.os.type': constant('windows'),
  'host.os.family': constant('windows'),
  'winlog.channel': (record) => record.channel,
  'winlog.event_id': (record) => String(record.eventId),
  'winlog.provider_name': (record) => record.provider,
  'winlog.computer_name': (record) => record.computer,
  'winlog.record_id': (record) => String(record.recordId),
  'winlog.user.identifier': (record) => record.userId,
};
