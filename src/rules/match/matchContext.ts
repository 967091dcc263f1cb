/**
 * What the rules of one load share while they match: per field, a needle index (so one scan of
 * the field's text answers every rule's substring and suffix needles) and a lower-case memo (so
 * the text is lower-cased once per event), and one index for keywords, which search every value.
 * A rule set's rules and its prefilter gate use the same context; nothing is shared between loads.
 */
import { LowerCaseMemo } from './caseFold.js';
import { NeedleIndex } from './needleIndex.js';

/** The field views an event offers: Sigma's field names or ECS's. */
export type FieldView = 'sigma' | 'ecs';

/** How many fields of a view share their index and memo; more fields get private ones (still correct, not shared). */
const MAX_SHARED_FIELDS = 4096;

interface SharedField {
  readonly index: NeedleIndex;
  readonly memo: LowerCaseMemo;
}

export class MatchContext {
  private readonly fields: Record<FieldView, Map<string, SharedField>> = { sigma: new Map(), ecs: new Map() };
  /** Sigma keywords' needles, searched in every value of an event. */
  private readonly keywords = new NeedleIndex();

  /** The needle index for the lower-cased values of an event, each searched on its own (keywords). */
  keywordIndex(): NeedleIndex {
    return this.keywords;
  }

  /** The needle index for the lower-cased text of one field. */
  needleIndex(view: FieldView, field: string): NeedleIndex {
    return this.shared(view, field).index;
  }

  /** The memoized lower-casing of one field's text. */
  lowerCase(view: FieldView, field: string): (raw: string) => string {
    return this.shared(view, field).memo.lower;
  }

  private shared(view: FieldView, field: string): SharedField {
    const fields = this.fields[view];
    let shared = fields.get(field);
    if (shared === undefined) {
      const memo = new LowerCaseMemo();
      shared = { index: new NeedleIndex(memo), memo };
      if (fields.size < MAX_SHARED_FIELDS) fields.set(field, shared);
    }
    return shared;
  }
}
