/** Escaping text for JavaScript regular expressions, also in `u` mode (only syntax characters may be escaped). */

const SYNTAX_CHARACTERS = /[\\^$.*+?()[\]{}|/]/g;
/** The syntax characters and `-`, which is special inside a character class. */
const SYNTAX_OR_CLASS_CHARACTERS = /[\\^$.*+?()[\]{}|/-]/g;

/** The text as a regex that matches it literally (outside character classes). */
export function escapeRegex(text: string): string {
  return text.replace(SYNTAX_CHARACTERS, '\\$&');
}

/** The text escaped so it is literal both inside and outside a character class. */
export function escapeRegexAnywhere(text: string): string {
  return text.replace(SYNTAX_OR_CLASS_CHARACTERS, '\\$&');
}
