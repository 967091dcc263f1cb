/**
 * Splits a Windows command line into arguments exactly as shell32's CommandLineToArgvW does,
 * which is how Elastic's integrations fill `process.args`.
 *
 * Rules (Microsoft's documentation, plus the undocumented parts as Wine reproduces them and
 * tests against Windows):
 * - argv[0], the program name, ends at the next quote when it starts with one, otherwise at
 *   the next space or tab; backslashes and quotes get no processing there. Text right after
 *   a closing quote starts the next argument (`"a"b` -> `a`, `b`).
 * - Then space and tab separate arguments outside quotes. 2n backslashes + `"` give n
 *   backslashes and toggle quoting; 2n+1 backslashes + `"` give n backslashes and a literal
 *   `"`; backslashes not followed by `"` are literal.
 * - Consecutive quotes: CommandLineToArgvW follows the pre-2008 msvcrt rule, not the
 *   post-2008 one Microsoft's CRT table shows. Inside quotes, `""` yields a literal `"` AND
 *   ends the quoted part, so `a"b"" c d` -> `ab"`, `c`, `d` (the 2008+ CRT gives `ab" c d`).
 *   Formally: quote runs are counted modulo 3, every third quote of a run emits a `"`.
 * - An empty command line gives []. (Windows returns the calling program's own path there,
 *   which has no meaning for a logged command line.)
 */
export function commandLineToArgv(commandLine: string): string[] {
  const length = commandLine.length;
  if (length === 0) return [];

  const argv: string[] = [];
  let index = 0;
  if (commandLine.charCodeAt(0) === QUOTE) {
    const closingQuote = commandLine.indexOf('"', 1);
    const end = closingQuote === -1 ? length : closingQuote;
    argv.push(commandLine.slice(1, end));
    index = closingQuote === -1 ? length : closingQuote + 1;
  } else {
    while (index < length && !isBlank(commandLine.charCodeAt(index))) index++;
    argv.push(commandLine.slice(0, index));
  }
  while (index < length && isBlank(commandLine.charCodeAt(index))) index++;
  if (index === length) return argv;

  let argument = '';
  // 0 = outside quotes, 1 = inside; 2 only transiently while reading a run of quotes.
  let quoteState = 0;
  let backslashes = 0;
  while (index < length) {
    const code = commandLine.charCodeAt(index);
    if (quoteState === 0 && isBlank(code)) {
      argv.push(argument);
      argument = '';
      backslashes = 0;
      while (index < length && isBlank(commandLine.charCodeAt(index))) index++;
      if (index === length) return argv;
    } else if (code === BACKSLASH) {
      argument += '\\';
      backslashes++;
      index++;
    } else if (code === QUOTE) {
      if (backslashes % 2 === 0) {
        argument = argument.slice(0, argument.length - backslashes / 2);
        quoteState++;
      } else {
        argument = argument.slice(0, argument.length - (backslashes + 1) / 2) + '"';
      }
      backslashes = 0;
      index++;
      while (index < length && commandLine.charCodeAt(index) === QUOTE) {
        quoteState++;
        if (quoteState === 3) {
          argument += '"';
          quoteState = 0;
        }
        index++;
      }
      if (quoteState === 2) quoteState = 0;
    } else {
      argument += commandLine[index];
      backslashes = 0;
      index++;
    }
  }
  argv.push(argument);
  return argv;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

function isBlank(code: number): boolean {
  return code === 0x20 || code === 0x09;
}
