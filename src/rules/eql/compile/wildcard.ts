/**
 * EQL wildcard patterns, as `:` and `like` use them: `*` is any run of characters, `?` exactly
 * one, and every other character, the backslash included, stands for itself. Nothing escapes
 * `*` or `?`: `\\*\*$*` is two backslashes, anything, a backslash, anything, `$`, anything.
 */
import { TextAlternatives } from '../../match/alternatives.js';
import { parseWildcard, type TextTest } from '../../match/wildcard.js';

export type StringMatcher = TextTest;

/**
 * One matcher for a list of patterns (true when any matches), whole-value; case-insensitive
 * patterns and values are compared lower-cased as a whole.
 */
export function compileWildcardPatterns(patterns: readonly string[], caseInsensitive: boolean): StringMatcher {
  // Globs keep to code points, as the u-flag regexes EQL patterns used to compile into.
  const alternatives = new TextAlternatives(true);
  for (const pattern of patterns) alternatives.addPattern(parseWildcard(caseInsensitive ? pattern.toLowerCase() : pattern));
  const match = alternatives.build() ?? (() => false);
  return caseInsensitive ? (value) => match(value.toLowerCase()) : match;
}
