/**
 * Rule prefilters, whatever engine derived them: conditions every event the rule matches meets.
 * A prefilter is a set of clauses, all of them met (each "one of these needles occurs in the
 * lower-cased text of one of these fields", or "in one of the event's values" for Sigma keywords),
 * and for Sigma rules the EventIDs the rule can match. The needles live in the fields' needle
 * indexes of the rules' MatchContext, so a rule set checks the prefilters of all its rules from
 * one scan per field (prefilterGate.ts) and runs a rule's detection only on the events that pass;
 * a rule set also hands a rule only to the EventIDs it can match (ruleSet.ts).
 *
 * Engines derive them conservatively as a Requirement over their syntax trees, combined with
 * `either` and `all` below. Which clause admits a rule is the gate's choice, by how rarely its
 * needles occur in the events it sees.
 */
import type { FieldView, MatchContext } from './matchContext.js';
import type { NeedleIndex } from './needleIndex.js';

/** Needles of one field (or of every value, for keywords), lower-cased, as its needle index knows them. */
export interface FieldNeedles {
  /** Which of the event's field views the field is read from. */
  readonly view: FieldView;
  /** The field, or undefined for every value of the event (Sigma keywords). */
  readonly field: string | undefined;
  readonly needles: readonly string[];
  readonly index: NeedleIndex;
  readonly ids: Int32Array;
  /** The lower-casing the index's texts go through. */
  readonly lower: (raw: string) => string;
}

/** Met when any needle of any of its (distinct) fields occurs in that field's lower-cased text. */
export type PrefilterClause = readonly FieldNeedles[];

export interface RulePrefilter {
  /** Every one is met by every event the rule matches. */
  readonly clauses: readonly PrefilterClause[];
  /** The Sigma EventIDs of every event the rule matches; undefined when not known. */
  readonly eventIds: ReadonlySet<number> | undefined;
}

/** The field name keyword needles are kept under while a requirement is derived. */
export const EVERY_VALUE = '\u0000every value';

/** A clause while it is derived: field (or EVERY_VALUE) -> lower-cased needles. */
export type Clause = ReadonlyMap<string, ReadonlySet<string>>;

/** A prefilter while it is derived. */
export interface Requirement {
  readonly clauses: readonly Clause[];
  readonly eventIds: ReadonlySet<number> | undefined;
}

/** Nothing known: every event may match. */
export const UNKNOWN: Readonly<Requirement> = { clauses: [], eventIds: undefined };

/** Clauses kept per requirement: the ones with the rarest needles by their shape. */
const MAX_CLAUSES = 6;

/** One needle (or any of several) in one field. */
export function needlesIn(field: string, needles: Iterable<string>): Requirement {
  return { clauses: [new Map([[field, new Set(needles)]])], eventIds: undefined };
}

/** An event whose EventID is one of these. */
export function eventIdIn(eventIds: Iterable<number>): Requirement {
  return { clauses: [], eventIds: new Set(eventIds) };
}

/** The prefilter of a derived requirement, its needles registered in the context's indexes; undefined when it says nothing. */
export function prefilterOf(requirement: Requirement, view: FieldView, context: MatchContext): RulePrefilter | undefined {
  if (requirement.clauses.length === 0 && requirement.eventIds === undefined) return undefined;
  const clauses = requirement.clauses.map((clause) =>
    [...clause].map(([field, needleSet]): FieldNeedles => {
      const keywords = field === EVERY_VALUE;
      const index = keywords ? context.keywordIndex() : context.needleIndex(view, field);
      const needles = [...needleSet];
      const ids = Int32Array.from(needles, (needle) => index.register(needle));
      const lower = keywords ? lowerCase : context.lowerCase(view, field);
      return { view, field: keywords ? undefined : field, needles, index, ids, lower };
    }),
  );
  return { clauses, eventIds: requirement.eventIds };
}

function lowerCase(raw: string): string {
  return raw.toLowerCase();
}

/** Necessary for any of the alternatives: a clause of each, united; EventIDs united. */
export function either(requirements: readonly Requirement[]): Requirement {
  if (requirements.length === 0) return UNKNOWN;
  let eventIds: Set<number> | undefined = new Set();
  for (const requirement of requirements) {
    if (requirement.eventIds === undefined) {
      eventIds = undefined;
      break;
    }
    for (const id of requirement.eventIds) eventIds.add(id);
  }
  // United clauses, built in place while each alternative has one clause.
  let clauses: Map<string, Set<string>>[] = requirements[0]!.clauses.map((clause) => unite([clause]));
  for (const requirement of requirements.slice(1)) {
    if (clauses.length === 0) break;
    const [only, ...more] = requirement.clauses;
    if (only === undefined) clauses = [];
    else if (more.length === 0) for (const clause of clauses) addTo(clause, only);
    else clauses = rarest(clauses.flatMap((a) => requirement.clauses.map((b) => unite([a, b]))));
  }
  return { clauses, eventIds };
}

/** Necessary for all of the operands: every clause of each; EventIDs in common. */
export function all(requirements: readonly Requirement[]): Requirement {
  const clauses: Clause[] = [];
  let eventIds: ReadonlySet<number> | undefined;
  for (const requirement of requirements) {
    clauses.push(...requirement.clauses);
    if (requirement.eventIds !== undefined) {
      eventIds = eventIds === undefined ? requirement.eventIds : new Set([...eventIds].filter((id) => requirement.eventIds!.has(id)));
    }
  }
  return { clauses: rarest(clauses), eventIds };
}

function unite(clauses: readonly Clause[]): Map<string, Set<string>> {
  const united = new Map<string, Set<string>>();
  for (const clause of clauses) addTo(united, clause);
  return united;
}

function addTo(united: Map<string, Set<string>>, clause: Clause): void {
  for (const [field, needles] of clause) {
    const merged = united.get(field);
    if (merged === undefined) united.set(field, new Set(needles));
    else for (const needle of needles) merged.add(needle);
  }
}

/** The clauses likely to fail most often, by their needles' shape: the gate measures the real rarity. */
function rarest<C extends Clause>(clauses: readonly C[]): C[] {
  if (clauses.length <= MAX_CLAUSES) return [...clauses];
  return [...clauses].sort((a, b) => shapeCost(a) - shapeCost(b)).slice(0, MAX_CLAUSES);
}

/**
 * How often a clause's needles may occur, judged by their shape alone: each needle about half as
 * often per character it is longer.
 */
export function shapeCost(clause: Clause | PrefilterClause): number {
  let cost = 0;
  const add = (needles: Iterable<string>): void => {
    for (const needle of needles) cost += 2 ** -Math.min(needle.length, 30);
  };
  if (clause instanceof Map) for (const needles of clause.values()) add(needles);
  else for (const { needles } of clause as PrefilterClause) add(needles);
  return cost;
}
