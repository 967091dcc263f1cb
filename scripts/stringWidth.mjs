// What `string-width` answers, for the bundle: yargs lays out --help with it, and each of the
// copies yargs, cliui and wrap-ansi bring sets up Unicode tables and regexes when loaded (a fifth of
// --help's time). hunt's help is printable ASCII, as wide as it is long; other text (a user's
// argument in an error) is measured by code points, East Asian wide ones and emoji as two columns,
// combining marks as none, after removing terminal escapes: close enough to align columns.
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const TERMINAL_ESCAPE = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g;
const ZERO_WIDTH = /[\u0300-\u036f\u200b-\u200f\u20d0-\u20ff\ufe00-\ufe0f\ufe20-\ufe2f]/u;
const WIDE =
  /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{1f300}-\u{1f64f}\u{1f900}-\u{1f9ff}\u{20000}-\u{3fffd}]/u;

export default function stringWidth(text) {
  if (typeof text !== 'string') return 0;
  if (PRINTABLE_ASCII.test(text)) return text.length;
  let width = 0;
  for (const character of text.replace(TERMINAL_ESCAPE, '')) {
    const code = character.codePointAt(0);
    if (code < 0x20 || (code >= 0x7f && code < 0xa0) || ZERO_WIDTH.test(character)) continue;
    width += WIDE.test(character) ? 2 : 1;
  }
  return width;
}
