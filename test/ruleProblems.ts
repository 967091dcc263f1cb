/** Checks for the rule problems the engines throw, for assert.throws and friends. */
import { RuleProblem } from '../src/rules/problem.js';

export function isInvalid(error: unknown): error is RuleProblem {
  return error instanceof RuleProblem && error.kind === 'invalid';
}

export function isUnsupported(error: unknown): error is RuleProblem {
  return error instanceof RuleProblem && error.kind === 'unsupported';
}
