/**
 * Lower-cases a field's values at most once per event across all rules reading the field: the
 * memo remembers the last string seen and its lower-cased form; a different string (the next
 * event) replaces it. The check is by value, so it stays correct whether or not the event
 * objects are reused, and costs a pointer comparison when the string is the same object.
 */
export class LowerCaseMemo {
  private raw = '';
  private lowered = '';

  /** The lower-cased text; an arrow function so rules can hold it as a plain function. */
  readonly lower = (raw: string): string => {
    if (raw !== this.raw) {
      this.raw = raw;
      this.lowered = raw.toLowerCase();
    }
    return this.lowered;
  };

  /** Whether `lowered` is what `lower(raw)` returned last. */
  isLowerCaseOf(lowered: string, raw: string): boolean {
    return this.raw === raw && this.lowered === lowered;
  }
}
