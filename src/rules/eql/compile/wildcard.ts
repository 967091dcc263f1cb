/**
 * EQL wildcard patterns, as `:` and `like` use them: `*` is any run of characters, `?` exactly
 * one, and every other character, the backslash included, stands for itself. Nothing escapes
 * `*` or `?`: `\\*\*$*` is two backslashes, anything, a backslash, anything, `$`, anything.
 */
import { classifyGlob, parseWildcard, type TextTest } from '../../match/wildcard.js';

export type StringMatcher = TextTest;

/**
 * One matcher for a list of patterns (true when any matches), whole-value. Patterns are sorted
 * into exact values (a Set lookup), plain prefix/suffix/infix tests, and glob tests for the rest,
 * so a typical 20-value list costs a handful of string operations per value.
 */
export function compileWildcardPatterns(patterns: readonly string[], caseInsensitive: boolean): StringMatcher {
  const exact = new Set<string>();
  const prefixes: string[] = [];
  const suffixes: string[] = [];
  const infixes: string[] = [];
  const globs: TextTest[] = [];
  let matchesEverything = false;
  for (const raw of patterns) {
    const shape = classifyGlob(parseWildcard(caseInsensitive ? raw.toLowerCase() : raw), true);
    switch (shape.kind) {
      case 'equal': exact.add(shape.text); break;
      case 'prefix': prefixes.push(shape.text); break;
      case 'suffix': suffixes.push(shape.text); break;
      case 'substring': infixes.push(shape.text); break;
      case 'everything': matchesEverything = true; break;
      case 'glob': globs.push(shape.test); break;
      default: shape satisfies never;
    }
  }
  if (matchesEverything) return () => true;
  const match = (value: string): boolean => {
    if (exact.has(value)) return true;
    for (const prefix of prefixes) if (value.startsWith(prefix)) return true;
    for (const suffix of suffixes) if (value.endsWith(suffix)) return true;
    for (const infix of infixes) if (value.includes(infix)) return true;
    for (const glob of globs) if (glob(value)) return true;
    return false;
  };
  return caseInsensitive ? (value) => match(value.toLowerCase()) : match;
}
