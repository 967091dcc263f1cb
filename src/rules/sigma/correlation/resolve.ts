/**
 * Sigma correlations made runnable once every rule file is loaded: each reference (an `id` or a
 * `name`) is resolved to a loaded rule, and the correlation becomes a TemporalRule whose steps are
 * those rules, in the order the correlation lists them.
 *
 * A reference is looked up in the correlation's own file first (by id, then name), then among all
 * files by id, then by name; a name that several other files define is ambiguous. A correlation
 * with a reference that resolves to nothing, to a rule that did not load, or to another correlation
 * (chains are not run yet) is skipped with the reason.
 *
 * `generate: false` (the default): a rule that loaded correlations reference is not reported on its
 * own unless one of them says `generate: true`; such rules are in `referencedOnly`, and the loader
 * leaves them out of its rules (their filters live on in the correlations' steps).
 */
import type { DetectableEvent, FieldValue } from '../../../events/types.js';
import type { CompiledRule, LoadedRules, SkippedRule, TemporalRule, TemporalStep } from '../../types.js';
import type { CorrelationDocument } from '../model/correlation.js';
import { CorrelationMatcher, type WindowSpec } from './window.js';

/** A rule of a Sigma file with the `name` other documents may reference it by. */
export interface NamedRule {
  readonly rule: CompiledRule;
  readonly name: string | undefined;
}

/** What one Sigma file holds, before its correlations are resolved. */
export interface SigmaFileRules extends LoadedRules {
  readonly file: string;
  readonly named: readonly NamedRule[];
  readonly correlations: readonly CorrelationDocument[];
  /** Ids and names of the file's documents that did not load. */
  readonly unloaded: ReadonlySet<string>;
}

export interface ResolvedCorrelations {
  readonly temporal: TemporalRule[];
  readonly skipped: SkippedRule[];
  /** Rules referenced only by `generate: false` correlations: not to be reported on their own. */
  readonly referencedOnly: ReadonlySet<CompiledRule>;
}

export class SigmaCorrelation implements TemporalRule {
  readonly meta: CorrelationDocument['meta'];

  constructor(
    readonly document: CorrelationDocument,
    readonly steps: readonly TemporalStep[],
  ) {
    this.meta = document.meta;
  }

  newMatcher<E>(): CorrelationMatcher<E> {
    const { type, timespanMs, condition } = this.document;
    const spec: WindowSpec = { type, stepCount: this.steps.length, timespanMs, condition };
    return new CorrelationMatcher<E>(spec);
  }
}

type Target =
  { readonly kind: 'rule'; readonly named: NamedRule } | { readonly kind: 'correlation'; readonly document: CorrelationDocument };

/** Lookups by id and name, over one file or all of them. */
class TargetIndex {
  readonly byId = new Map<string, Target[]>();
  readonly byName = new Map<string, Target[]>();

  add(target: Target, id: string, name: string | undefined): void {
    push(this.byId, id, target);
    if (name !== undefined) push(this.byName, name, target);
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/** `isLoaded` says which rules survived the loader's duplicate-id check. */
export function resolveCorrelations(files: readonly SigmaFileRules[], isLoaded: (rule: CompiledRule) => boolean): ResolvedCorrelations {
  const all = new TargetIndex();
  const perFile = new Map<SigmaFileRules, TargetIndex>();
  for (const file of files) {
    const local = new TargetIndex();
    perFile.set(file, local);
    for (const named of file.named) {
      if (!isLoaded(named.rule)) continue;
      const target: Target = { kind: 'rule', named };
      local.add(target, named.rule.meta.id, named.name);
      all.add(target, named.rule.meta.id, named.name);
    }
    for (const document of file.correlations) {
      const target: Target = { kind: 'correlation', document };
      local.add(target, document.meta.id, document.name);
      all.add(target, document.meta.id, document.name);
    }
  }
  const temporal: TemporalRule[] = [];
  const skipped: SkippedRule[] = [];
  const generated = new Set<CompiledRule>();
  const referenced = new Set<CompiledRule>();
  for (const file of files) {
    for (const document of file.correlations) {
      const resolved = resolveReferences(document, perFile.get(file)!, all, file.unloaded);
      if (!Array.isArray(resolved)) {
        const { id, title } = document.meta;
        skipped.push({ file: file.file, id, title, ...resolved });
        continue;
      }
      temporal.push(
        new SigmaCorrelation(
          document,
          resolved.map((named, index) => stepOf(document, named, index)),
        ),
      );
      for (const { rule } of resolved) (document.generate ? generated : referenced).add(rule);
    }
  }
  const referencedOnly = new Set([...referenced].filter((rule) => !generated.has(rule)));
  return { temporal, skipped, referencedOnly };
}

/** Why a correlation cannot run: its rule set is incomplete (`invalid`) or it chains correlations. */
interface Unresolved {
  readonly kind: SkippedRule['kind'];
  readonly reason: string;
}

/** The referenced rules, or why the correlation cannot run. */
function resolveReferences(
  document: CorrelationDocument,
  local: TargetIndex,
  all: TargetIndex,
  unloaded: ReadonlySet<string>,
): NamedRule[] | Unresolved {
  const rules: NamedRule[] = [];
  for (const reference of document.references) {
    const candidates = local.byId.get(reference) ?? local.byName.get(reference) ?? all.byId.get(reference) ?? all.byName.get(reference);
    if (candidates === undefined) {
      const reason = unloaded.has(reference)
        ? `the referenced rule '${reference}' did not load`
        : `the referenced rule '${reference}' is not among the loaded rules`;
      return { kind: 'invalid', reason };
    }
    if (candidates.length > 1) {
      return { kind: 'invalid', reason: `the reference '${reference}' is ambiguous: ${candidates.length} rules have that id or name` };
    }
    const target = candidates[0]!;
    if (target.kind === 'correlation') {
      return {
        kind: 'unsupported',
        reason: `the referenced rule '${reference}' is a correlation: correlations of correlations are not supported`,
      };
    }
    rules.push(target.named);
  }
  return rules;
}

/** Step `index`: the referenced rule, keyed by its group-by fields (an alias names a field per rule). */
function stepOf(document: CorrelationDocument, named: NamedRule, index: number): TemporalStep {
  const reference = document.references[index]!;
  const fieldOf = (name: string): string => {
    const byRule = document.aliases.get(name);
    if (byRule === undefined) return name;
    return (
      byRule.get(reference) ?? (named.name === undefined ? undefined : byRule.get(named.name)) ?? byRule.get(named.rule.meta.id) ?? name
    );
  };
  const keyFields = document.groupBy.map(fieldOf);
  const valueFields = document.valueFields.map(fieldOf);
  return {
    filter: named.rule,
    key: (event) => fieldsText(event, keyFields),
    ...(valueFields.length === 0 ? {} : { value: (event: DetectableEvent) => fieldsText(event, valueFields) }),
  };
}

/** The fields' values as one string, or undefined when the event lacks one of them. */
function fieldsText(event: DetectableEvent, fields: readonly string[]): string | undefined {
  const values: string[] = [];
  for (const field of fields) {
    const value = event.sigma.get(field);
    if (value === undefined) return undefined;
    values.push(valueText(value));
  }
  return JSON.stringify(values);
}

function valueText(value: FieldValue): string {
  return typeof value === 'object' ? value.join('\n') : String(value);
}
