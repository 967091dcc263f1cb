/**
 * Sigma correlations made runnable once every rule file is loaded: each reference (an `id` or a
 * `name`) is resolved to a loaded rule, and the correlation becomes a TemporalRule whose steps are
 * those rules, in the order the correlation lists them.
 *
 * A reference is looked up in the correlation's own file first (by id, then name), then among all
 * files by id, then by name; a name that several other files define is ambiguous. A correlation
 * with a reference that resolves to nothing or to a rule that did not load is skipped with the reason.
 *
 * A correlation may reference correlations (a chain): the steps are then the rules of the whole
 * chain, and a referenced correlation's hits count as occurrences for the one referencing it. It
 * must group by the same fields (after aliases) as the correlations it references, since those
 * hits have only their own group; a value_count cannot count a field of another correlation's hits.
 *
 * `generate: false` (the default): a rule or correlation that loaded correlations reference is not
 * reported on its own unless one of them says `generate: true`. Such rules are in `referencedOnly`
 * (the loader leaves them out of its rules: their filters live on in the correlations' steps); such
 * correlations are not in `temporal` (they run inside the correlations that reference them).
 */
import type { DetectableEvent, FieldValue } from '../../../events/types.js';
import type { CompiledRule, LoadedRules, SkippedRule, TemporalRule, TemporalStep } from '../../types.js';
import type { CorrelationDocument } from '../model/correlation.js';
import { CorrelationMatcher, type CorrelationTree, type WindowSpec } from './window.js';

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
    readonly tree: CorrelationTree,
  ) {
    this.meta = document.meta;
  }

  newMatcher<E>(): CorrelationMatcher<E> {
    return new CorrelationMatcher<E>(this.tree);
  }
}

/** Correlations referencing correlations, at most this deep. */
export const MAX_CHAIN_DEPTH = 8;

type Target =
  | { readonly kind: 'rule'; readonly named: NamedRule }
  | { readonly kind: 'correlation'; readonly document: CorrelationDocument; readonly file: SigmaFileRules };

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

/** Why a correlation cannot run: its rule set is incomplete or inconsistent (`invalid`), or it is beyond what runs here. */
interface Unresolved {
  readonly kind: SkippedRule['kind'];
  readonly reason: string;
}

/** A correlation made runnable, with what it references directly. */
interface Built {
  readonly tree: CorrelationTree;
  readonly steps: TemporalStep[];
  readonly rules: CompiledRule[];
  readonly correlations: CorrelationDocument[];
}

/** What loaded correlations reference, and whether one of them generates it. */
class Referenced<T> {
  private readonly generated = new Set<T>();
  private readonly referenced = new Set<T>();

  add(target: T, generate: boolean): void {
    (generate ? this.generated : this.referenced).add(target);
  }

  hidden(target: T): boolean {
    return this.referenced.has(target) && !this.generated.has(target);
  }

  hiddenOnes(): T[] {
    return [...this.referenced].filter((target) => !this.generated.has(target));
  }
}

/** `isLoaded` says which rules survived the loader's duplicate-id check. */
export function resolveCorrelations(files: readonly SigmaFileRules[], isLoaded: (rule: CompiledRule) => boolean): ResolvedCorrelations {
  const resolver = new Resolver(files, isLoaded);
  const built: { document: CorrelationDocument; built: Built }[] = [];
  const skipped: SkippedRule[] = [];
  for (const file of files) {
    for (const document of file.correlations) {
      const result = resolver.build(document, file, document.groupBy, []);
      if ('reason' in result) {
        const { id, title } = document.meta;
        skipped.push({ file: file.file, id, title, kind: result.kind, reason: result.reason });
      } else {
        built.push({ document, built: result });
      }
    }
  }
  const rules = new Referenced<CompiledRule>();
  const correlations = new Referenced<CorrelationDocument>();
  for (const { document, built: each } of built) {
    for (const rule of each.rules) rules.add(rule, document.generate);
    for (const correlation of each.correlations) correlations.add(correlation, document.generate);
  }
  const temporal = built
    .filter(({ document }) => !correlations.hidden(document))
    .map(({ document, built: { steps, tree } }) => new SigmaCorrelation(document, steps, tree));
  const referencedOnly = new Set(rules.hiddenOnes());
  return { temporal, skipped, referencedOnly };
}

class Resolver {
  private readonly all = new TargetIndex();
  private readonly perFile = new Map<SigmaFileRules, TargetIndex>();

  constructor(files: readonly SigmaFileRules[], isLoaded: (rule: CompiledRule) => boolean) {
    for (const file of files) {
      const local = new TargetIndex();
      this.perFile.set(file, local);
      for (const named of file.named) {
        if (!isLoaded(named.rule)) continue;
        const target: Target = { kind: 'rule', named };
        local.add(target, named.rule.meta.id, named.name);
        this.all.add(target, named.rule.meta.id, named.name);
      }
      for (const document of file.correlations) {
        const target: Target = { kind: 'correlation', document, file };
        local.add(target, document.meta.id, document.name);
        this.all.add(target, document.meta.id, document.name);
      }
    }
  }

  /**
   * The correlation's tree and steps. `groupBy` names its groups in the order of the outermost
   * correlation of the chain (so that every level keys an event alike); `chain` is the
   * correlations that reference this one, outermost first.
   */
  build(
    document: CorrelationDocument,
    file: SigmaFileRules,
    groupBy: readonly string[],
    chain: readonly CorrelationDocument[],
  ): Built | Unresolved {
    if (chain.includes(document)) {
      return {
        kind: 'invalid',
        reason: `the correlations reference each other: ${[...chain, document].map((each) => each.meta.title).join(' -> ')}`,
      };
    }
    if (chain.length >= MAX_CHAIN_DEPTH) return { kind: 'unsupported', reason: `correlations chained more than ${MAX_CHAIN_DEPTH} deep` };
    const { type, timespanMs, condition, references } = document;
    const window: WindowSpec = { type, stepCount: references.length, timespanMs, condition };
    const built: Built = { tree: { window, references: [] }, steps: [], rules: [], correlations: [] };
    const trees: (CorrelationTree | undefined)[] = [];
    for (const reference of references) {
      const target = this.lookUp(reference, file);
      if ('reason' in target) return target;
      if (target.kind === 'rule') {
        built.steps.push(ruleStep(document, target.named, reference, groupBy));
        built.rules.push(target.named.rule);
        trees.push(undefined);
        continue;
      }
      const inner = target.document;
      if (type === 'value_count') {
        return {
          kind: 'unsupported',
          reason: `a value_count correlation counts a field of events, not of the correlation '${reference}' it references`,
        };
      }
      const innerGroupBy = groupBy.map((name) => aliasedField(document, name, reference, inner.name, inner.meta.id) ?? name);
      if (!sameNames(innerGroupBy, inner.groupBy)) {
        return {
          kind: 'unsupported',
          reason: `it groups by (${innerGroupBy.join(', ')}) but the correlation '${reference}' it references groups by (${inner.groupBy.join(', ')})`,
        };
      }
      const innerBuilt = this.build(inner, target.file, innerGroupBy, [...chain, document]);
      if ('reason' in innerBuilt) return innerBuilt;
      built.steps.push(...innerBuilt.steps);
      built.correlations.push(inner);
      trees.push(innerBuilt.tree);
    }
    return { ...built, tree: { window, references: trees } };
  }

  private lookUp(reference: string, file: SigmaFileRules): Target | Unresolved {
    const local = this.perFile.get(file)!;
    const { all } = this;
    const candidates = local.byId.get(reference) ?? local.byName.get(reference) ?? all.byId.get(reference) ?? all.byName.get(reference);
    if (candidates === undefined) {
      const reason = file.unloaded.has(reference)
        ? `the referenced rule '${reference}' did not load`
        : `the referenced rule '${reference}' is not among the loaded rules`;
      return { kind: 'invalid', reason };
    }
    if (candidates.length > 1) {
      return { kind: 'invalid', reason: `the reference '${reference}' is ambiguous: ${candidates.length} rules have that id or name` };
    }
    return candidates[0]!;
  }
}

/** The field an alias names for the referenced rule (the spec keys aliases by rule name; its id or the reference also do). */
function aliasedField(
  document: CorrelationDocument,
  name: string,
  reference: string,
  ruleName: string | undefined,
  ruleId: string,
): string | undefined {
  const byRule = document.aliases.get(name);
  if (byRule === undefined) return undefined;
  return byRule.get(reference) ?? (ruleName === undefined ? undefined : byRule.get(ruleName)) ?? byRule.get(ruleId);
}

function sameNames(names: readonly string[], others: readonly string[]): boolean {
  const set = new Set(names);
  return set.size === names.length && names.length === others.length && others.every((name) => set.has(name));
}

/** A referenced rule as a step, keyed by its group-by fields (an alias names a field per rule). */
function ruleStep(document: CorrelationDocument, named: NamedRule, reference: string, groupBy: readonly string[]): TemporalStep {
  const fieldOf = (name: string): string => aliasedField(document, name, reference, named.name, named.rule.meta.id) ?? name;
  const keyFields = groupBy.map(fieldOf);
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
