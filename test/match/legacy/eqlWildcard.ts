/** EQL's wildcard matcher before the shared wildcard module, kept as the oracle of the equivalence tests. */
/**
 * EQL wildcard patterns, as `:` and `like` use them: `*` is any run of characters, `?` exactly
 * one, and every other character, the backslash included, stands for itself. Nothing escapes
 * `*` or `?`: `\\*\*$*` is two backslashes, anything, a backslash, anything, `$`, anything.
 */

export type StringMatcher = (value: string) => boolean;

/**
 * One matcher for a list of patterns (true when any matches), whole-value. Patterns are sorted
 * into exact values (a Set lookup), plain prefix/suffix/infix tests, and one regular expression
 * for the rest, so a typical 20-value list costs a handful of string operations per value.
 */
export function compileWildcardPatterns(patterns: readonly string[], caseInsensitive: boolean): StringMatcher {
  const exact = new Set<string>();
  const prefixes: string[] = [];
  const suffixes: string[] = [];
  const infixes: string[] = [];
  const general: string[] = [];
  let matchesEverything = false;
  for (const raw of patterns) {
    const pattern = caseInsensitive ? raw.toLowerCase() : raw;
    const shape = classify(pattern);
    switch (shape.kind) {
      case 'exact':
        exact.add(pattern);
        break;
      case 'prefix':
        prefixes.push(shape.text);
        break;
      case 'suffix':
        suffixes.push(shape.text);
        break;
      case 'infix':
        infixes.push(shape.text);
        break;
      case 'everything':
        matchesEverything = true;
        break;
      case 'general':
        general.push(wildcardToRegexSource(pattern));
        break;
    }
  }
  if (matchesEverything) return () => true;
  const regex = general.length > 0 ? new RegExp(`^(?:${general.join('|')})$`, 'su') : undefined;
  const match = (value: string): boolean => {
    if (exact.has(value)) return true;
    for (const prefix of prefixes) if (value.startsWith(prefix)) return true;
    for (const suffix of suffixes) if (value.endsWith(suffix)) return true;
    for (const infix of infixes) if (value.includes(infix)) return true;
    return regex !== undefined && regex.test(value);
  };
  return caseInsensitive ? (value) => match(value.toLowerCase()) : match;
}

function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

type Shape = { kind: 'exact' | 'everything' | 'general' } | { kind: 'prefix' | 'suffix' | 'infix'; text: string };

function classify(pattern: string): Shape {
  if (!hasWildcard(pattern)) return { kind: 'exact' };
  if (pattern.includes('?')) return { kind: 'general' };
  const inner = pattern.replace(/^\*+/, '').replace(/\*+$/, '');
  if (inner.length === 0) return { kind: 'everything' };
  if (inner.includes('*')) return { kind: 'general' };
  const leading = pattern.startsWith('*');
  const trailing = pattern.endsWith('*');
  if (leading && trailing) return { kind: 'infix', text: inner };
  return leading ? { kind: 'suffix', text: inner } : { kind: 'prefix', text: inner };
}

function wildcardToRegexSource(pattern: string): string {
  let source = '';
  for (const char of pattern) {
    if (char === '*') source += '.*';
    else if (char === '?') source += '.';
    else source += escapeRegexChar(char);
  }
  return source;
}

/** Escapes one character for a RegExp in `u` mode, where only syntax characters may be escaped. */
function escapeRegexChar(char: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(char) ? `\\${char}` : char;
}
