/** Where in the query text a problem is: 0-based offset, 1-based line and column. */
export interface QueryPosition {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

function positionAt(query: string, offset: number): QueryPosition {
  let line = 1;
  let lineStart = 0;
  for (let index = query.indexOf('\n'); index !== -1 && index < offset; index = query.indexOf('\n', index + 1)) {
    line++;
    lineStart = index + 1;
  }
  return { offset, line, column: offset - lineStart + 1 };
}

/** The query is not valid EQL. */
export class EqlSyntaxError extends Error {
  readonly position: QueryPosition;
  constructor(query: string, offset: number, message: string) {
    const position = positionAt(query, offset);
    super(`${message} at line ${position.line}, column ${position.column}`);
    this.name = 'EqlSyntaxError';
    this.position = position;
  }
}

/** Valid EQL that this engine does not implement (sequences, pipes, some regex operators...). */
export class EqlUnsupportedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EqlUnsupportedError';
  }
}
