/**
 * Checks the prefilters (prefilter.ts) of a list of rules against one event at a time. Each rule
 * waits on one of its clauses, the trigger: the fields of the triggers are lower-cased and scanned
 * once by their needle index, and each needle found wakes the rules waiting for it, so the cost
 * follows the needles found rather than the number of rules. A woken rule is admitted when its
 * other clauses hold too (their fields scanned on demand, once per event). The scans are the ones
 * Sigma rules' own substring tests reuse afterwards.
 *
 * Which clause is a rule's trigger is chosen by rarity: at first by the needles' shape (longer is
 * rarer), then by how often the needles occurred in the events this gate saw (every event at
 * first, then one in SAMPLE_EVERY), re-chosen as those counts grow. A common needle
 * (`\windows\`, `microsoft corporation`) then wakes no rule that has a rarer clause. Any choice
 * admits every event the rule matches: it only changes how many others are admitted.
 */
import type { DetectableEvent } from '../../events/types.js';
import type { FieldView } from './matchContext.js';
import type { NeedleIndex } from './needleIndex.js';
import { shapeCost, type PrefilterClause, type RulePrefilter } from './prefilter.js';

/** Events sampled (their every clause field scanned and its needles counted) before sampling thins out. */
const SAMPLE_ALL_FIRST = 16;
/** Past those, one event in this many is sampled. */
const SAMPLE_EVERY = 1024;
/** Triggers are re-chosen at this many samples, then each time the samples have grown this many times. */
const FIRST_PLAN_AT = 4;
const PLAN_GROWTH = 4;
/**
 * A rule whose rarest clause held in more than this share of the samples (at least MIN_SAMPLES_TO_ADMIT
 * of them) is admitted without looking: scanning for it would spare little.
 */
const ADMIT_WITHOUT_LOOKING_SHARE = 0.5;
const MIN_SAMPLES_TO_ADMIT = 16;

/** Which needles of one index occur in a field's text (any element, any value) for the current event. */
interface FieldMarks {
  /** seen[id] === the scratch's epoch: needle `id` occurs. */
  seen: Uint32Array;
  /** The ids marked in `seen`: the first `seenCount`. */
  seenIds: Int32Array;
  seenCount: number;
  /** The epoch `seen` was filled for. */
  scanned: number;
}

/**
 * What the gates of one rule set share: one event is gated at a time, so one set of marks per
 * needle index (sized by the index) serves them all, told apart by an epoch counted across gates.
 */
export class GateScratch {
  epoch = 0;
  private readonly marks = new Map<NeedleIndex, FieldMarks>();

  marksFor(index: NeedleIndex): FieldMarks {
    let marks = this.marks.get(index);
    if (marks === undefined) {
      marks = { seen: new Uint32Array(index.size), seenIds: new Int32Array(index.size), seenCount: 0, scanned: 0 };
      this.marks.set(index, marks);
    } else if (marks.seen.length < index.size) {
      // Needles registered since: marks of the current event are dropped, no gate is in the middle of one.
      marks.seen = new Uint32Array(index.size);
      marks.seenIds = new Int32Array(index.size);
      marks.scanned = 0;
    }
    return marks;
  }
}

/** One field (or every value) as a gate reads it, shared by all the clauses naming it. */
interface GateField {
  readonly view: FieldView;
  /** Undefined: every value of the event (Sigma keywords). */
  readonly name: string | undefined;
  readonly lower: (raw: string) => string;
  readonly index: NeedleIndex;
  readonly marks: FieldMarks;
  /** How many sampled events each needle of a clause occurred in. */
  readonly counts: Map<number, number>;
  /** Needle id -> positions of the rules whose trigger it wakes (undefined for most). */
  triggers: readonly (Int32Array | undefined)[];
}

interface GateAtom {
  readonly field: GateField;
  readonly ids: Int32Array;
}

interface GatedRule {
  readonly position: number;
  readonly clauses: readonly (readonly GateAtom[])[];
  /** Shape cost of each clause, the tie-break while counts are equal. */
  readonly shapeCosts: readonly number[];
  trigger: number;
}

export class PrefilterGate {
  private readonly fields: readonly GateField[];
  private readonly rules: readonly GatedRule[];
  /** The fields some trigger is in: scanned for every event. */
  private triggerFields: readonly GateField[] = [];
  /** Bit per position: the rules without a prefilter clause, always admitted. */
  private readonly unfiltered: Uint32Array;
  /** `unfiltered` and the rules admitted without looking (see plan). */
  private readonly admittedAlways: Uint32Array;
  /** The admitted positions of the current event, as bits. */
  private readonly admittedBits: Uint32Array;
  /** woken[position] === epoch: the rule's trigger held for the current event. */
  private readonly woken: Uint32Array;
  private readonly wokenRules: GatedRule[] = [];
  private readonly ruleAt: readonly (GatedRule | undefined)[];
  /** The admitted positions for the current event, reused from event to event. */
  private readonly positions: number[] = [];
  private events = 0;
  private samples = 0;
  private nextPlan = FIRST_PLAN_AT;

  /**
   * `prefilters[i]`: the prefilter of the rule at position i, undefined if it has none. `scratch`:
   * shared with the other gates of a rule set.
   */
  constructor(
    prefilters: readonly (RulePrefilter | undefined)[],
    private readonly scratch: GateScratch = new GateScratch(),
  ) {
    const words = (prefilters.length + 31) >>> 5;
    this.unfiltered = new Uint32Array(words);
    this.admittedAlways = new Uint32Array(words);
    this.admittedBits = new Uint32Array(words);
    this.woken = new Uint32Array(prefilters.length);
    // Fields are told apart by their index: rules of one load share it, others bring their own.
    const byIndex = new Map<NeedleIndex, GateField>();
    const fieldOf = ({ view, field, lower, index }: PrefilterClause[number]): GateField => {
      let gated = byIndex.get(index);
      if (gated === undefined) {
        gated = { view, name: field, lower, index, marks: scratch.marksFor(index), counts: new Map(), triggers: [] };
        byIndex.set(index, gated);
      }
      return gated;
    };
    const rules: GatedRule[] = [];
    const ruleAt: (GatedRule | undefined)[] = new Array<GatedRule | undefined>(prefilters.length).fill(undefined);
    prefilters.forEach((prefilter, position) => {
      const clauses = prefilter?.clauses ?? [];
      if (clauses.length === 0) {
        this.unfiltered[position >>> 5]! |= 1 << (position & 31);
        return;
      }
      const rule: GatedRule = {
        position,
        clauses: clauses.map((clause) => clause.map((needles) => ({ field: fieldOf(needles), ids: needles.ids }))),
        shapeCosts: clauses.map(shapeCost),
        trigger: 0,
      };
      rules.push(rule);
      ruleAt[position] = rule;
    });
    this.fields = [...byIndex.values()];
    this.rules = rules;
    this.ruleAt = ruleAt;
    this.plan();
  }

  /**
   * The positions, ascending, of the rules that may match the event: those whose prefilter it
   * meets and those without one. The array is reused: read it before the next call.
   */
  admittedPositions(event: DetectableEvent): readonly number[] {
    const epoch = ++this.scratch.epoch;
    const events = ++this.events;
    const { admittedBits, woken, wokenRules } = this;
    admittedBits.set(this.admittedAlways);
    const sampled = this.fields.length > 0 && (events <= SAMPLE_ALL_FIRST || events % SAMPLE_EVERY === 0);
    if (sampled) this.sample(event, epoch);
    let woke = 0;
    for (const field of this.triggerFields) {
      this.scan(field, event, epoch);
      const { seenIds, seenCount } = field.marks;
      const { triggers } = field;
      for (let i = 0; i < seenCount; i++) {
        const positions = triggers[seenIds[i]!];
        if (positions === undefined) continue;
        for (let k = 0; k < positions.length; k++) {
          const position = positions[k]!;
          if (woken[position] !== epoch) {
            woken[position] = epoch;
            wokenRules[woke++] = this.ruleAt[position]!;
          }
        }
      }
    }
    for (let i = 0; i < woke; i++) {
      const rule = wokenRules[i]!;
      if (this.othersHold(rule, event, epoch)) admittedBits[rule.position >>> 5]! |= 1 << (rule.position & 31);
    }
    if (sampled && ++this.samples >= this.nextPlan) {
      this.nextPlan *= PLAN_GROWTH;
      this.plan();
    }
    return this.collect();
  }

  /** Whether every clause of the rule but its trigger holds. */
  private othersHold(rule: GatedRule, event: DetectableEvent, epoch: number): boolean {
    const { clauses, trigger } = rule;
    for (let c = 0; c < clauses.length; c++) {
      if (c !== trigger && !this.holds(clauses[c]!, event, epoch)) return false;
    }
    return true;
  }

  private holds(clause: readonly GateAtom[], event: DetectableEvent, epoch: number): boolean {
    for (const { field, ids } of clause) {
      this.scan(field, event, epoch);
      const { seen } = field.marks;
      for (let i = 0; i < ids.length; i++) if (seen[ids[i]!] === epoch) return true;
    }
    return false;
  }

  /** Fills the field's marks for the current event, once. */
  private scan(field: GateField, event: DetectableEvent, epoch: number): void {
    const { marks } = field;
    if (marks.scanned === epoch) return;
    marks.scanned = epoch;
    marks.seenCount = 0;
    if (field.name === undefined) {
      for (const value of event[field.view].values()) this.mark(field, value, epoch);
      return;
    }
    const value = event[field.view].get(field.name);
    if (value === undefined) return;
    // Rules test a multi-valued field element by element and other values as their text.
    if (typeof value === 'object') for (const element of value) this.mark(field, element, epoch);
    else this.mark(field, typeof value === 'string' ? value : String(value), epoch);
  }

  /** Marks the needles in the text's lower case; an ASCII text is read as it is, sparing the lower-casing. */
  private mark(field: GateField, raw: string, epoch: number): void {
    const { index, marks } = field;
    const folded = index.occurringFolded(raw);
    const count = folded >= 0 ? folded : index.occurring(field.lower(raw));
    const found = index.occurringIds;
    const { seen, seenIds } = marks;
    for (let i = 0; i < count; i++) {
      const id = found[i]!;
      // Needles registered after the marks were sized are no clause's.
      if (id < seen.length && seen[id] !== epoch) {
        seen[id] = epoch;
        seenIds[marks.seenCount++] = id;
      }
    }
  }

  /** Counts the needles of every field in the event. */
  private sample(event: DetectableEvent, epoch: number): void {
    for (const field of this.fields) {
      this.scan(field, event, epoch);
      const { seenIds, seenCount } = field.marks;
      const { counts } = field;
      for (let i = 0; i < seenCount; i++) {
        const id = seenIds[i]!;
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
    }
  }

  /**
   * Re-chooses each rule's trigger: the clause whose needles occurred least often, then the best
   * shaped; a rule whose every clause is common is admitted without looking.
   */
  private plan(): void {
    const triggersByField = new Map<GateField, Map<number, number[]>>();
    const { admittedAlways, samples } = this;
    admittedAlways.set(this.unfiltered);
    for (const rule of this.rules) {
      let best = 0;
      let bestCount = Infinity;
      rule.clauses.forEach((clause, c) => {
        const count = occurrences(clause);
        if (count < bestCount || (count === bestCount && rule.shapeCosts[c]! < rule.shapeCosts[best]!)) {
          best = c;
          bestCount = count;
        }
      });
      rule.trigger = best;
      if (samples >= MIN_SAMPLES_TO_ADMIT && bestCount > samples * ADMIT_WITHOUT_LOOKING_SHARE) {
        admittedAlways[rule.position >>> 5]! |= 1 << (rule.position & 31);
        continue;
      }
      for (const { field, ids } of rule.clauses[best]!) {
        let byId = triggersByField.get(field);
        if (byId === undefined) triggersByField.set(field, (byId = new Map()));
        for (const id of ids) {
          const positions = byId.get(id);
          if (positions === undefined) byId.set(id, [rule.position]);
          else if (positions[positions.length - 1] !== rule.position) positions.push(rule.position);
        }
      }
    }
    for (const field of this.fields) {
      const byId = triggersByField.get(field);
      let size = 0;
      for (const id of byId?.keys() ?? []) size = Math.max(size, id + 1);
      const triggers = new Array<Int32Array | undefined>(size).fill(undefined);
      for (const [id, positions] of byId ?? []) triggers[id] = Int32Array.from(positions);
      field.triggers = triggers;
    }
    this.triggerFields = this.fields.filter((field) => triggersByField.has(field));
  }

  private collect(): readonly number[] {
    const { admittedBits, positions } = this;
    positions.length = 0;
    for (let word = 0; word < admittedBits.length; word++) {
      let bits = admittedBits[word]!;
      while (bits !== 0) {
        const low = bits & -bits;
        positions.push((word << 5) + 31 - Math.clz32(low));
        bits ^= low;
      }
    }
    return positions;
  }
}

/** How many sampled events a clause's needles occurred in, summed. */
function occurrences(clause: readonly GateAtom[]): number {
  let count = 0;
  for (const { field, ids } of clause) for (const id of ids) count += field.counts.get(id) ?? 0;
  return count;
}
