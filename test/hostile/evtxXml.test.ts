import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { writeEvtx } from '../../dev/evtxWriter/index.js';
import { VT_STRING } from '../../src/evtx/values/valueTypes.js';
import { ChunkWriter, fileHeader } from '../evtx/chunkWriter.js';
import { hunt } from '../e2e/cli.js';
import { SYSMON_CHANNEL } from './evtxCrafted.js';

const DIR = mkdtempSync(join(tmpdir(), 'evtx-xml-'));
/** ESC [ 2 J (clear screen), CSI as one C1 character, DEL, NUL, BEL, CR, LF, tab, U+FFFF, a lone surrogate. */
const HOSTILE = 'a\u001b[2Jb\u009b31mc\u007fd\u0000e\u0007f\rg\nh\ti\uffffj\ud800k & <l> "m"';

/** What a parser reads back from the hostile value: references decoded, the rest as visible escapes. */
const READ_BACK = 'a\\u{1b}[2Jb\u009b31mc\u007fd\\u{0}e\\u{7}f\rg\nh\ti\\u{ffff}j\\u{d800}k & <l> "m"';

/** Every character of the text is one XML 1.0 allows, and the terminal-active ones are only references. */
function assertXmlCharsOnly(xml: string): void {
  const bad = /[^\t\n\u0020-\u007e\u00a0-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u.exec(xml);
  assert.equal(bad, null, `raw U+${bad?.[0].codePointAt(0)?.toString(16)} at ${bad?.index}`);
  for (const [, decimal, hex] of xml.matchAll(/&#(?:([0-9]+)|x([0-9a-fA-F]+));/g)) {
    const code = decimal === undefined ? parseInt(hex!, 16) : Number(decimal);
    assert.ok(
      code === 9 || code === 10 || code === 13 || (code >= 0x20 && code < 0xd800) || (code > 0xdfff && code < 0xfffe),
      `&#${code};`,
    );
  }
  for (const [, name] of xml.matchAll(/&([^#;][^;]*);/g)) assert.ok(['amp', 'lt', 'gt', 'quot', 'apos'].includes(name!), `&${name};`);
}

function dumpXml(path: string): string {
  const result = hunt(['dump', '-f', 'xml', path]);
  assert.equal(result.status, 0, result.stderr);
  const validation = XMLValidator.validate(result.stdout);
  assert.equal(validation, true, JSON.stringify(validation));
  assertXmlCharsOnly(result.stdout);
  return result.stdout;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  trimValues: false,
  htmlEntities: true,
});

test('control characters in values: references where XML allows them, visible escapes where not', () => {
  const path = join(DIR, 'controls.evtx');
  writeFileSync(
    path,
    writeEvtx([
      {
        provider: 'Microsoft-Windows-Sysmon',
        eventId: 1,
        timeCreated: new Date(Date.UTC(2024, 4, 1)),
        channel: SYSMON_CHANNEL,
        computer: 'WS01',
        data: [{ name: 'CommandLine', value: { type: 'string', value: HOSTILE } }],
      },
    ]),
  );
  const xml = dumpXml(path);
  assert.match(
    xml,
    /<Data Name="CommandLine">a\\u\{1b\}\[2Jb&#x9B;31mc&#x7F;d\\u\{0\}e\\u\{7\}f&#xD;g&#xA;h\ti\\u\{ffff\}j\\u\{d800\}k &amp; &lt;l&gt; "m"<\/Data>/,
  );
  assert.equal(xml.trimEnd().split('\n').length, 3, 'one line per record, between <Events> and </Events>');
  const events = parser.parse(xml) as { Events: { Event: { EventData: { Data: { '#text': string } } } } };
  assert.equal(events.Events.Event.EventData.Data['#text'], READ_BACK);
});

test('hostile names, references, CDATA and processing instructions still give well-formed XML', () => {
  const w = new ChunkWriter();
  w.record(1, 0n, (r) => {
    r.fragment();
    r.open('Event', { dependencyId: false }).closeStart();
    r.open('bad name<', { dependencyId: false, attributes: true }).attribute('1st"attr').text('tab\there').closeStart();
    r.charRef(0x1b).charRef(0x9b).charRef(0x41).entityRef('foo').entityRef('amp');
    r.cdata('x]]>y\u001bz').cdata('plain <cdata>');
    r.pi('xml', 'data ?> more\u009b');
    r.end();
    r.open('Ent', { dependencyId: false, attributes: true }).attribute('v').entityRef('q"x').closeEmpty();
    r.open('Data', { dependencyId: false }).closeStart().subst(0, VT_STRING).end();
    r.end().eos();
  });
  const path = join(DIR, 'hostile-tokens.evtx');
  writeFileSync(path, Buffer.concat([fileHeader(1), w.finish()]));
  const xml = dumpXml(path);
  assert.match(xml, /<bad_name_ _1st_attr="tab&#x9;here">/);
  assert.match(xml, /\\u\{1b\}&#155;&#65;&amp;foo;&amp;/);
  assert.match(xml, /x\]\]&gt;y\\u\{1b\}z<!\[CDATA\[plain <cdata>\]\]>/);
  assert.match(xml, /<\?_xml data \? > more\\u\{9b\}\?>/);
  assert.match(xml, /<\/bad_name_><Ent v="&amp;q&quot;x;"\/>/);
});
