import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseChunk, readEvtxFile, recordEventDataJson, type EvtxRecord } from '../../src/evtx/index.js';
import * as VT from '../../src/evtx/values/valueTypes.js';
import { ChunkWriter, utf16z } from './chunkWriter.js';
import { HAVE_CORPUS, corpusEvtxFiles } from './corpus.js';

/** Where the template of `chunkWithTemplate` refers to its element name. */
const NAME_AT = 200;
/** 2021-04-20T10:04:03.1234567Z */
const FILETIME = 132633866431234567n;

/**
 * A chunk whose one record uses <Event><{name}>%0</{name}></Event>, the element name stored at
 * NAME_AT outside the definition, and the definition placed `padding` bytes into the record's
 * chunk. Chunks built with equal names hold equal definitions; different names of equal length
 * give byte-identical definitions that must not decode alike.
 */
function chunkWithTemplate(elementName: string, padding: number, value: string): Buffer {
  const w = new ChunkWriter();
  w.pos = NAME_AT;
  w.u32(0).u16(0).u16(elementName.length).utf16(elementName).u16(0);
  w.pos = 512 + padding;
  w.record(1, FILETIME, (r) => {
    r.fragment();
    r.inlineTemplate((t) => {
      t.fragment();
      t.open('Event').closeStart();
      t.u8(0x01).u16(0xffff).u32(0).nameRef(NAME_AT).closeStart().subst(0, VT.VT_STRING).end();
      t.end();
      t.eos();
    });
    r.values([{ type: VT.VT_STRING, data: utf16z(value) }]);
    r.eos();
  });
  return w.finish();
}

function onlyRecord(chunk: Buffer): EvtxRecord {
  const records = [...parseChunk(chunk, 0, 4096, 'crafted.evtx')];
  assert.equal(records.length, 1);
  return records[0];
}

test('templates are shared across chunks only when their names match', () => {
  assert.equal(onlyRecord(chunkWithTemplate('Alpha', 0, 'one')).toXml(), '<Event><Alpha>one</Alpha></Event>');
  // Same GUID, same bytes, other name behind the reference.
  assert.equal(onlyRecord(chunkWithTemplate('Gamma', 0, 'two')).toXml(), '<Event><Gamma>two</Gamma></Event>');
  // Same definition at another chunk offset: equal apart from the name reference.
  assert.equal(onlyRecord(chunkWithTemplate('Alpha', 16, 'three')).toXml(), '<Event><Alpha>three</Alpha></Event>');
});

/** A chunk whose record has EventData items named `names`, one string value each. */
function chunkWithEventData(names: readonly string[], values: readonly string[]): Buffer {
  const w = new ChunkWriter();
  w.record(1, FILETIME, (r) => {
    r.fragment();
    r.inlineTemplate((t) => {
      t.fragment();
      t.open('Event').closeStart().open('EventData').closeStart();
      names.forEach((name, i) =>
        t.open('Data', { attributes: true }).attribute('Name').text(name).closeStart().subst(i, VT.VT_STRING).end(),
      );
      t.end().end();
      t.eos();
    });
    r.values(values.map((v) => ({ type: VT.VT_STRING, data: utf16z(v) })));
    r.eos();
  });
  return w.finish();
}

test('event data JSON equals JSON.stringify of eventData(), escapes and odd names included', () => {
  const cases: [string[], string[]][] = [
    [
      ['Plain', 'Quote', 'Path', 'Control', 'Surrogate', 'Pair'],
      ['x', 'say "hi"', 'C:\\Windows', 'a\tb\u0001', 'lone \ud800', 'pair \ud83d\ude00'],
    ],
    [['Name with "quote"'], ['v']],
    [
      ['2', 'b', '1'],
      ['two', 'bee', 'one'],
    ], // array-index names come first in an object
    [
      ['Dup', 'Dup'],
      ['first', 'second'],
    ], // repeated names merge into a list
    [
      ['__proto__', 'x'],
      ['p', 'y'],
    ],
  ];
  for (const [names, values] of cases) {
    const record = onlyRecord(chunkWithEventData(names, values));
    assert.equal(recordEventDataJson(record), JSON.stringify(record.eventData()), names.join(','));
  }
  const merged = onlyRecord(chunkWithEventData(['Dup', 'Dup'], ['first', 'second']));
  assert.deepEqual({ ...merged.eventData() }, { Dup: ['first', 'second'] });
});

test('event data JSON equals JSON.stringify of eventData() on every corpus record', { skip: !HAVE_CORPUS && 'corpus absent' }, () => {
  let records = 0;
  for (const file of corpusEvtxFiles()) {
    for (const record of readEvtxFile(file)) {
      const json = recordEventDataJson(record);
      if (json !== JSON.stringify(record.eventData())) assert.fail(`${file} record ${record.recordId}: ${json}`);
      records++;
    }
  }
  assert.ok(records > 10000, `only ${records} records`);
});
