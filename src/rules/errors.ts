/** A malformed rule file: names the file and, where known, the line. */
export class RuleFileError extends Error {
  constructor(
    readonly file: string,
    message: string,
    readonly line?: number,
  ) {
    super(`${file}${line !== undefined ? `:${line}` : ''}: ${message}`);
    this.name = 'RuleFileError';
  }
}
