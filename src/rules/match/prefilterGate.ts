/**
 * Checks the prefilters (prefilter.ts) of a list of rules against one event at a time. Each
 * field any prefilter names is lower-cased and scanned once by its needle index, and each needle
 * found admits the rules waiting for it, so the cost follows the needles found rather than the
 * number of rules. The scans are the ones Sigma rules' own substring tests reuse afterwards.
 */
import type { DetectableEvent } from '../../events/types.js';
import type { FieldView } from './matchContext.js';
import type { NeedleIndex } from './needleIndex.js';
import type { FieldNeedles, RulePrefilter } from './prefilter.js';

interface GatedField {
  readonly view: FieldView;
  readonly name: string;
  readonly lower: (raw: string) => string;
  readonly index: NeedleIndex;
  /** Needle id -> positions of the rules that needle admits (undefined for most). */
  readonly rulesByNeedle: readonly (Int32Array | undefined)[];
}

export class PrefilterGate {
  private readonly fields: readonly GatedField[];
  /** Positions of the rules without a prefilter: always admitted. */
  private readonly unfiltered: readonly number[];
  /** admitted[position] === epoch: the rule is in `positions` for the current event. */
  private readonly admitted: Uint32Array;
  private epoch = 0;
  /** The admitted positions for the current event, reused from event to event. */
  private readonly positions: number[] = [];

  /** `prefilters[i]`: the prefilter of the rule at position i, undefined if it has none. */
  constructor(prefilters: readonly (RulePrefilter | undefined)[]) {
    this.unfiltered = prefilters.flatMap((prefilter, position) => (prefilter === undefined ? [position] : []));
    this.admitted = new Uint32Array(prefilters.length);
    // Fields are told apart by their index: rules of one load share it, others bring their own.
    const byIndex = new Map<NeedleIndex, { readonly needles: FieldNeedles; readonly positionsById: Map<number, number[]> }>();
    prefilters.forEach((prefilter, position) => {
      for (const needles of prefilter ?? []) {
        let entry = byIndex.get(needles.index);
        if (entry === undefined) {
          entry = { needles, positionsById: new Map() };
          byIndex.set(needles.index, entry);
        }
        for (const id of needles.ids) {
          const positions = entry.positionsById.get(id);
          if (positions === undefined) entry.positionsById.set(id, [position]);
          else positions.push(position);
        }
      }
    });
    this.fields = [...byIndex.values()].map(({ needles: { view, field, lower, index }, positionsById }) => {
      let size = 0;
      for (const id of positionsById.keys()) size = Math.max(size, id + 1);
      const rulesByNeedle = new Array<Int32Array | undefined>(size).fill(undefined);
      for (const [id, positions] of positionsById) rulesByNeedle[id] = Int32Array.from(positions);
      return { view, name: field, lower, index, rulesByNeedle };
    });
  }

  /**
   * The positions, ascending, of the rules that may match the event: those whose prefilter it
   * meets and those without one. The array is reused: read it before the next call.
   */
  admittedPositions(event: DetectableEvent): readonly number[] {
    const epoch = ++this.epoch;
    const { positions } = this;
    positions.length = 0;
    for (const position of this.unfiltered) positions.push(position);
    for (const field of this.fields) {
      const value = event[field.view].get(field.name);
      if (value === undefined) continue;
      // Rules test a multi-valued field element by element and other values as their text.
      if (typeof value === 'object') for (const element of value) this.admitFound(field, element, epoch);
      else this.admitFound(field, typeof value === 'string' ? value : String(value), epoch);
    }
    // Few rules pass, so sorting them beats walking every position.
    return positions.sort(ascending);
  }

  private admitFound(field: GatedField, raw: string, epoch: number): void {
    const { admitted, positions } = this;
    const found = field.index.occurring(field.lower(raw));
    for (let i = 0; i < found.length; i++) {
      const rules = field.rulesByNeedle[found[i]];
      if (rules === undefined) continue;
      for (let k = 0; k < rules.length; k++) {
        const position = rules[k];
        if (admitted[position] !== epoch) {
          admitted[position] = epoch;
          positions.push(position);
        }
      }
    }
  }
}

function ascending(a: number, b: number): number {
  return a - b;
}
