/**
 * Bounds on what one record renders to. A record is at most 64 KiB, but its template instances and
 * substitutions can repeat the same bytes without end: one element substituting a 2,000-character
 * value 5,000 times is a 10 MB command line. Windows itself caps a string at 32,767 characters.
 */

/** No rendered value (an EventData item, an element's or attribute's text, a System field) is longer, in UTF-16 units. */
export const MAX_VALUE_CHARS = 32767;

/**
 * What one rendering of a record (its XML, its event data, one of its fields) may spend: one unit
 * per character rendered and per node visited. Legitimate records need a few thousand.
 */
export const MAX_RECORD_UNITS = 1 << 21;

/** `text` cut to at most `max` UTF-16 units, never between the halves of a surrogate pair. */
export function cutText(text: string, max: number): string {
  if (max <= 0) return '';
  const last = text.charCodeAt(max - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max);
}

/**
 * The units left to one rendering of a record. Walks charge it as they go and stop once it is
 * spent; whatever is cut or left out sets `truncated`, for the record to report.
 */
export class TextBudget {
  private left = MAX_RECORD_UNITS;
  truncated = false;

  /** Starts a rendering: the whole budget again, nothing truncated yet. */
  restart(): this {
    this.left = MAX_RECORD_UNITS;
    this.truncated = false;
    return this;
  }

  /** Charges one node visit; false once the budget is spent, and the walk is to stop. */
  visit(): boolean {
    if (this.left > 0) {
      this.left--;
      return true;
    }
    this.truncated = true;
    return false;
  }

  /** Charges markup of `chars` characters (names), which cannot be cut. */
  markup(chars: number): void {
    this.left -= chars;
  }

  /** `text` as one rendered value: cut to MAX_VALUE_CHARS and to the units left, which it is charged. */
  value(text: string): string {
    const max = this.left < MAX_VALUE_CHARS ? this.left : MAX_VALUE_CHARS;
    if (text.length <= max) {
      this.left -= text.length;
      return text;
    }
    this.truncated = true;
    const cut = cutText(text, max);
    this.left -= cut.length;
    return cut;
  }

  /** Items of one array value, as many as the units left pay for (each cut like a value). */
  items(items: string[]): string[] {
    for (let i = 0; i < items.length; i++) {
      if (this.left <= 0) {
        this.truncated = true;
        items.length = i;
        break;
      }
      items[i] = this.value(items[i]);
    }
    return items;
  }

  /** A concatenation of values, cut back to MAX_VALUE_CHARS when it grew past it. */
  concatenation(text: string): string {
    if (text.length <= MAX_VALUE_CHARS) return text;
    this.truncated = true;
    return cutText(text, MAX_VALUE_CHARS);
  }
}
