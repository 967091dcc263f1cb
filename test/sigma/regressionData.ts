/**
 * SigmaHQ regression data (../shared/corpus/sigma/regression_data) as fake events: each case's
 * JSON holds the evtx records as concatenated JSON objects; EventData and System fields become
 * Sigma fields, and the Sysmon event id gives the logsource category (a test-only mapping).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import type { DetectableEvent, FieldValue } from '../../src/events/types.js';
import { logSourceFacts } from '../../src/events/logsource.js';
import { fakeEvent } from './helpers.js';

export interface RegressionCase {
  readonly ruleId: string;
  readonly ruleFile: string;
  readonly matchCount: number;
  readonly events: readonly DetectableEvent[];
}

interface RegressionInfo {
  rule_metadata: { id: string }[];
  regression_tests_info: { match_count?: number; path: string }[];
}

export function regressionCases(sigmaDir: string): RegressionCase[] {
  const ruleFiles = ruleFilesById(sigmaDir);
  const infoFiles = readdirSync(join(sigmaDir, 'regression_data'), { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('info.yml'))
    .sort();
  return infoFiles.flatMap((infoPath) => {
    const info = load(readFileSync(join(sigmaDir, 'regression_data', infoPath), 'utf8')) as RegressionInfo;
    const ruleId = info.rule_metadata[0].id;
    const ruleFile = ruleFiles.get(ruleId);
    if (ruleFile === undefined) throw new Error(`no rule with id ${ruleId} for ${infoPath}`);
    return info.regression_tests_info.map((testInfo) => ({
      ruleId,
      ruleFile,
      matchCount: testInfo.match_count ?? 1,
      events: parseRecords(readFileSync(join(sigmaDir, testInfo.path.replace(/\.evtx$/, '.json')), 'utf8')).map(toEvent),
    }));
  });
}

function ruleFilesById(sigmaDir: string): Map<string, string> {
  const byId = new Map<string, string>();
  for (const folder of readdirSync(sigmaDir).filter((name) => name.startsWith('rules'))) {
    for (const path of readdirSync(join(sigmaDir, folder), { recursive: true, encoding: 'utf8' })) {
      if (!path.endsWith('.yml')) continue;
      const file = join(sigmaDir, folder, path);
      const id = /^id:\s*(\S+)/m.exec(readFileSync(file, 'utf8'))?.[1];
      if (id !== undefined) byId.set(id, file);
    }
  }
  return byId;
}

/** Splits concatenated JSON objects (`{...}\n{...}`) and parses each. */
function parseRecords(text: string): Record<string, unknown>[] {
  const records: Record<string, unknown>[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
    } else if (c === '{') {
      if (depth++ === 0) start = i;
    } else if (c === '}' && --depth === 0) {
      records.push(JSON.parse(text.slice(start, i + 1)) as Record<string, unknown>);
    }
  }
  return records;
}

interface EvtxJsonRecord {
  Event: {
    System: Record<string, unknown> & { EventID: number; Provider: { '#attributes': { Name: string } } };
    EventData?: Record<string, unknown> | null;
  };
}

function toEvent(record: Record<string, unknown>): DetectableEvent {
  const { System: system, EventData: eventData } = (record as unknown as EvtxJsonRecord).Event;
  const fields: Record<string, FieldValue> = {};
  const addScalars = (source: Record<string, unknown>): void => {
    for (const [name, value] of Object.entries(source)) {
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') fields[name] = value;
    }
  };
  addScalars(system);
  addScalars(eventData ?? {});
  fields.Provider_Name = system.Provider['#attributes'].Name;
  const eventId = Number(system.EventID);
  const channel = String(system.Channel);
  return fakeEvent(fields, logSourceFacts(channel, eventId));
}
