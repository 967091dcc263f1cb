/**
 * What is wrong with a rule or rule file, in one shape for every engine: `unsupported` for valid
 * rules this engine cannot run, `invalid` for rules (or files) that break their specification.
 */

export type RuleProblemKind = 'unsupported' | 'invalid';

/** Where in a query text a problem is: 0-based offset, 1-based line and column. */
export interface QueryPosition {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

export interface ProblemLocation {
  readonly file?: string;
  /** The line of the rule file. */
  readonly line?: number;
  /** The place in the rule's query. */
  readonly position?: QueryPosition;
}

export class RuleProblem extends Error {
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly position: QueryPosition | undefined;

  constructor(
    readonly kind: RuleProblemKind,
    readonly reason: string,
    location: ProblemLocation = {},
  ) {
    const { file, line, position } = location;
    const where = file === undefined ? '' : `${file}${line !== undefined ? `:${line}` : ''}: `;
    super(`${where}${reason}${position !== undefined ? ` at line ${position.line}, column ${position.column}` : ''}`);
    this.name = 'RuleProblem';
    this.file = file;
    this.line = line;
    this.position = position;
  }

  /** The same problem, located (further). */
  at(location: ProblemLocation): RuleProblem {
    return new RuleProblem(this.kind, this.reason, { file: this.file, line: this.line, position: this.position, ...location });
  }

  /** The same problem with `prefix` before its reason. */
  within(prefix: string): RuleProblem {
    return new RuleProblem(this.kind, `${prefix}${this.reason}`, this);
  }
}

export function unsupported(reason: string): RuleProblem {
  return new RuleProblem('unsupported', reason);
}

export function invalid(reason: string, location?: ProblemLocation): RuleProblem {
  return new RuleProblem('invalid', reason, location);
}

/** The position of `offset` in `query`. */
export function positionIn(query: string, offset: number): QueryPosition {
  let line = 1;
  let lineStart = 0;
  for (let index = query.indexOf('\n'); index !== -1 && index < offset; index = query.indexOf('\n', index + 1)) {
    line++;
    lineStart = index + 1;
  }
  return { offset, line, column: offset - lineStart + 1 };
}

/** A problem at `offset` of an EQL query. */
export function invalidInQuery(query: string, offset: number, reason: string): RuleProblem {
  return new RuleProblem('invalid', reason, { position: positionIn(query, offset) });
}

/** A rule file that cannot be read or parsed at all. */
export function invalidFile(file: string, reason: string, line?: number): RuleProblem {
  return new RuleProblem('invalid', reason, { file, line });
}
