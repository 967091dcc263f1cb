/**
 * Errors raised while compiling one Sigma rule. Both name the rule file, so a loader can
 * report the rule as skipped with its reason and carry on with the others.
 */

/** The rule is valid Sigma, but uses something this engine does not implement. */
export class SigmaUnsupportedError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'SigmaUnsupportedError';
  }
}

/** The rule breaks the Sigma specification (unknown modifier, undefined identifier, ...). */
export class SigmaSyntaxError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'SigmaSyntaxError';
  }
}

/**
 * Raised deep inside value and condition parsing, where the file is not known; the rule
 * compiler converts it into the file-naming errors above.
 */
export class SigmaRuleProblem extends Error {
  constructor(
    readonly kind: 'unsupported' | 'syntax',
    reason: string,
  ) {
    super(reason);
    this.name = 'SigmaRuleProblem';
  }
}

export function unsupported(reason: string): SigmaRuleProblem {
  return new SigmaRuleProblem('unsupported', reason);
}

export function invalid(reason: string): SigmaRuleProblem {
  return new SigmaRuleProblem('syntax', reason);
}
