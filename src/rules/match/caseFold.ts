/**
 * Lower-cases event field values at most once per event and field across all rules. One cell
 * per field name remembers the last string seen and its lower-cased form; a different string
 * (the next event) replaces it. The check is by value, so it stays correct whether or not the
 * event objects are reused, and costs a pointer comparison when the string is the same object.
 */

interface LowerCaseCell {
  raw: string;
  lower: string;
}

const cells = new Map<string, LowerCaseCell>();

/** The lower-casing function for one field name, shared by every rule that reads the field. */
export function lowerCaseMemo(field: string): (raw: string) => string {
  let cell = cells.get(field);
  if (cell === undefined) {
    cell = { raw: '', lower: '' };
    cells.set(field, cell);
  }
  const memo = cell;
  return (raw) => {
    if (raw !== memo.raw) {
      memo.raw = raw;
      memo.lower = raw.toLowerCase();
    }
    return memo.lower;
  };
}
