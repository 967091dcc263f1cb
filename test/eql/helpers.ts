import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DetectableEvent, FieldSource, FieldValue } from '../../src/events/types.js';
import { compileEql } from '../../src/rules/eql/index.js';
import type { CompiledRule, RuleMeta } from '../../src/rules/types.js';

/** The repository root, from dist/test/eql/. */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** /work/shared (the reference corpus), or undefined when it is absent. */
export function sharedDirectory(): string | undefined {
  const path = fileURLToPath(new URL('../../../../shared/', import.meta.url));
  return existsSync(path) ? path : undefined;
}

export function fieldSource(fields: Readonly<Record<string, FieldValue>>): FieldSource {
  return {
    get: (name) => (Object.hasOwn(fields, name) ? fields[name] : undefined),
    *values() {
      for (const value of Object.values(fields)) {
        if (Array.isArray(value)) yield* value;
        else yield String(value);
      }
    },
  };
}

export function ecsEvent(fields: Readonly<Record<string, FieldValue>>, ecsCategories: readonly string[] = ['process']): DetectableEvent {
  const source = fieldSource(fields);
  return {
    logsource: {
      product: 'windows',
      services: ['sysmon'],
      categories: ['process_creation'],
      ecsCategories,
      channel: 'Microsoft-Windows-Sysmon/Operational',
      eventId: 1,
    },
    sigma: source,
    ecs: source,
  };
}

const TEST_META: RuleMeta = {
  id: 'test',
  title: 'test',
  level: 'medium',
  source: 'eql',
  file: '<test>',
  tags: [],
  references: [],
  falsepositives: [],
};

export function compileQuery(query: string): CompiledRule {
  return compileEql(query, TEST_META);
}

/** Whether `any where <condition>` matches an event with these fields. */
export function holds(condition: string, fields: Readonly<Record<string, FieldValue>>): boolean {
  return compileQuery(`any where ${condition}`).matches(ecsEvent(fields));
}
