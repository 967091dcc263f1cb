/** Errors that end a run with one line on stderr and exit status 2, and the words for system errors. */

/** A problem the user can act on: printed as `hunt: MESSAGE`, exit 2, never a stack trace. */
export class CliError extends Error {}

/** An output that cannot be opened or written: `cannot write FILE: no space left on device`. */
export class OutputError extends CliError {
  constructor(
    readonly target: string,
    readonly reason: string,
  ) {
    super(`cannot write ${target}: ${reason}`);
  }
}

/** An output that is one of the inputs: the evidence is never overwritten. */
export class OutputIsInputError extends CliError {
  constructor(target: string, input: string) {
    super(`refusing to write ${target}: it is the input ${input} (hunt never writes to its inputs)`);
  }
}

/** An output file that exists already: overwritten only with --force. */
export class OutputExistsError extends CliError {
  constructor(target: string) {
    super(`refusing to overwrite ${target}: it exists (--force overwrites it)`);
  }
}

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ELOOP: 'too many levels of symbolic links',
  EISDIR: 'is a folder',
  ENOTDIR: 'a part of the path is not a folder',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'file too large',
  EROFS: 'read-only file system',
  EIO: 'input/output error',
  ENAMETOOLONG: 'file name too long',
  ENXIO: 'no such device or address',
  ETXTBSY: 'file busy',
  EMFILE: 'too many open files',
  EBADF: 'not open',
};

/** The reason of a system error in a few words (`no space left on device`), else its message. */
export function errorText(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code !== undefined && REASONS[code] !== undefined) return REASONS[code];
  return error instanceof Error ? error.message : String(error);
}
