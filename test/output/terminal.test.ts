import assert from 'node:assert/strict';
import { test } from 'node:test';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { cutCell, jsonTerminalSafe, linesTerminalSafe, xmlTerminalSafe } from '../../src/output/sanitize.js';
import { terminalSink } from '../../src/output/terminal.js';

const HOSTILE = 'esc\u001b]0;t\u0007 del\u007f c1\u0085\u009b bidi\u202e zw\u200b ls\u2028 tag\u{e0041} lone\ud800 tab\t cr\r';
/** What a terminal acts on or hides. */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;

test('JSON for a terminal: \\u escapes only, the same values, records still one a line', () => {
  const json = JSON.stringify({ value: HOSTILE, list: [HOSTILE] }) + '\n' + JSON.stringify({ n: 1 }) + '\n';
  const safe = jsonTerminalSafe(json);
  assert.doesNotMatch(safe.replace(/\n/g, ''), UNSAFE);
  const lines = safe.split('\n');
  assert.equal(lines.length, 3);
  assert.deepEqual(JSON.parse(lines[0]!), { value: HOSTILE, list: [HOSTILE] });
  assert.ok(safe.includes('tag\\udb40\\udc41'), safe);
  assert.equal(jsonTerminalSafe('{"a":"plain café 日本語 😀"}\n'), '{"a":"plain café 日本語 😀"}\n');
});

test('XML for a terminal: character references, valid XML stays valid and equal', () => {
  const value = 'del\u007f c1\u0085 bidi\u202e zw\u200b ls\u2028 cr\r tab\t';
  const xml = `<Events>\n<Event><Data Name="x">${value}</Data></Event>\n</Events>\n`;
  const safe = xmlTerminalSafe(xml);
  assert.doesNotMatch(safe.replace(/[\n\t]/g, ''), UNSAFE);
  assert.equal(XMLValidator.validate(safe), true);
  const parsed = new XMLParser({ ignoreAttributes: false, trimValues: false, processEntities: true, htmlEntities: true }).parse(safe) as {
    Events: { Event: { Data: { '#text': string } } };
  };
  assert.equal(parsed.Events.Event.Data['#text'], value);
  assert.ok(xmlTerminalSafe('a\u001bb').includes('&#x1b;'));
});

test('CSV and text for a terminal: visible escapes, CRLF line ends and tabs kept', () => {
  assert.equal(linesTerminalSafe('a,"b\u001b[2Jc"\r\n'), 'a,"b\\u{1b}[2Jc"\r\n');
  assert.equal(linesTerminalSafe('lone\rcr\tx\n'), 'lone\\rcr\tx\n');
  let written = '';
  terminalSink('csv', { write: (t) => (written += t) }).write('x\u202ey\r\n');
  assert.equal(written, 'x\\u{202e}y\r\n');
});

test('table cells are cut for reading, never inside a surrogate pair', () => {
  assert.equal(cutCell('short', 10), 'short');
  assert.equal(cutCell('a'.repeat(25), 10), `${'a'.repeat(10)}…(15 more characters)`);
  const emoji = 'aaaa😀bbbb';
  assert.equal(cutCell(emoji, 5), 'aaaa…(6 more characters)');
});
