/**
 * `hunt dump -f xml` on values an attacker wrote: ESC, other C0 controls, U+FFFE, lone surrogates.
 * The output must be well-formed XML 1.0 and carry no raw control character.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { XMLValidator } from 'fast-xml-parser';
import { hunt } from '../e2e/cli.js';
import { sysmonStart, tempDir, writeLog } from './craft.js';

/** Characters XML 1.0 forbids, raw or as character references. */
const NOT_XML_CHAR =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const FORBIDDEN_REFERENCE =
  /&#(?:x0*(?:[0-8bcef]|1[0-9a-f]|fff[ef]|d[89a-f][0-9a-f]{2})|0*(?:[0-8]|1[1-2]|1[4-9]|2[0-9]|3[01]|6553[45]));/i;

test('hunt dump -f xml is well-formed XML without raw controls for hostile values', () => {
  const value = `net share x /delete esc\u001b]0;pwned\u0007 c0\u0001\u0008 nonchar\ufffe lone\ud800 low\udc00 c1\u0085\u009b end`;
  const log = writeLog(join(tempDir(), 'hostile.evtx'), [sysmonStart(1, value), sysmonStart(2)]);
  const run = hunt(['dump', log, '-f', 'xml']);
  assert.equal(run.status, 0, run.stderr);
  assert.doesNotMatch(run.stdout, NOT_XML_CHAR, 'a character XML 1.0 forbids');
  assert.doesNotMatch(run.stdout, FORBIDDEN_REFERENCE, 'a reference to a character XML 1.0 forbids');
  assert.doesNotMatch(run.stdout, /[\u007f-\u009f]/, 'a raw DEL or C1 control');
  assert.equal(XMLValidator.validate(run.stdout), true);
  assert.equal((run.stdout.match(/<Event[ >]/g) ?? []).length, 2);
});
