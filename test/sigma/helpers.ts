/** Test doubles and paths shared by the Sigma tests. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DetectableEvent, FieldSource, FieldValue, LogSourceFacts } from '../../src/events/types.js';
import { compileSigma, parseRuleDocuments, type SigmaOptions, type SigmaRule } from '../../src/rules/sigma/index.js';

/** The repo root, from dist/test/sigma/. */
const REPO_ROOT = new URL('../../../', import.meta.url);

export const FIXTURES = fileURLToPath(new URL('test/sigma/fixtures/', REPO_ROOT));

/** /work/shared (reference data), or undefined when it is absent. */
export function sharedDir(): string | undefined {
  const path = fileURLToPath(new URL('../shared/', REPO_ROOT));
  return existsSync(path) ? path : undefined;
}

export class FakeFields implements FieldSource {
  constructor(private readonly fields: Readonly<Record<string, FieldValue>>) {}

  get(name: string): FieldValue | undefined {
    return Object.hasOwn(this.fields, name) ? this.fields[name] : undefined;
  }

  *values(): Iterable<string> {
    for (const value of Object.values(this.fields)) {
      if (typeof value === 'object') yield* value;
      else yield String(value);
    }
  }
}

export function fakeEvent(fields: Readonly<Record<string, FieldValue>>, logsource: Partial<LogSourceFacts> = {}): DetectableEvent {
  return {
    logsource: {
      product: 'windows',
      services: ['sysmon'],
      categories: ['process_creation'],
      ecsCategories: ['process'],
      channel: 'Microsoft-Windows-Sysmon/Operational',
      eventId: 1,
      ...logsource,
    },
    sigma: new FakeFields(fields),
    ecs: new FakeFields({}),
  };
}

/** Compiles one rule from YAML text. */
export function ruleFromYaml(yaml: string, options?: SigmaOptions): SigmaRule {
  const [document] = parseRuleDocuments(yaml, 'inline.yml');
  return compileSigma(document, 'inline.yml', options);
}

/**
 * A process_creation rule around a `detection` block written as YAML (indented by 4 spaces,
 * without the `detection:` line).
 */
export function ruleWithDetection(detection: string, options?: SigmaOptions): SigmaRule {
  const yaml = [
    'title: Test rule',
    'id: 00000000-0000-0000-0000-000000000000',
    'level: medium',
    'logsource:',
    '    product: windows',
    '    category: process_creation',
    'detection:',
    detection.replace(/^\n/, ''),
  ].join('\n');
  return ruleFromYaml(yaml, options);
}

/** Whether the rule's detection matches an event with these fields. */
export function matchesFields(rule: SigmaRule, fields: Readonly<Record<string, FieldValue>>): boolean {
  return rule.matches(fakeEvent(fields));
}

/** A rule with one selection `field|modifiers: value(s)` and `condition: selection`. */
export function selectionRule(key: string, valuesYaml: string, options?: SigmaOptions): SigmaRule {
  return ruleWithDetection(`    selection:\n        ${key}: ${valuesYaml}\n    condition: selection`, options);
}
