import assert from 'node:assert/strict';
import { test } from 'node:test';
import { missingRequiredFields } from '../../src/rules/eql/compile/availability.js';
import { compileEql } from '../../src/rules/eql/index.js';
import { parseEventQuery } from '../../src/rules/eql/parse/parser.js';
import { WINDOWS_EVENT_FIELDS } from '../../src/events/schemas/index.js';
import { isUnsupported } from '../ruleProblems.js';

const AVAILABLE = new Set(['process.name', 'process.args', 'process.command_line']);
const missing = (query: string) => missingRequiredFields(parseEventQuery(query).condition, (field) => AVAILABLE.has(field));

test('a test on an unavailable field under and makes the whole condition impossible', () => {
  assert.deepEqual(missing('process where process.name : "a.exe" and process.Ext.token.integrity_level_name : "System"'), [
    'process.Ext.token.integrity_level_name',
  ]);
  assert.deepEqual(missing('process where process.code_signature.trusted == true'), ['process.code_signature.trusted']);
  assert.deepEqual(missing('process where process.Ext.x != null and process.name : "a"'), ['process.Ext.x']);
  assert.deepEqual(missing('process where startsWith(dll.path, "C:")'), ['dll.path']);
});

test('or is impossible only when every branch is', () => {
  assert.equal(missing('process where process.name : "a" or dll.name : "b"'), undefined);
  assert.deepEqual(missing('process where dll.name : "a" or file.name : "b"'), ['dll.name', 'file.name']);
});

test('negations, != and null tests never make a rule impossible', () => {
  assert.equal(missing('process where process.name : "a" and not process.code_signature.trusted == true'), undefined);
  assert.equal(missing('process where process.name : "a" and process.pe.x != "b"'), undefined);
  assert.equal(missing('process where process.name : "a" and process.Ext.x == null'), undefined);
  assert.equal(missing('process where process.name : "a" and process.Ext.x not in ("b")'), undefined);
  assert.equal(missing('process where process.name : "a" and length(process.Ext.x) > 1'), undefined);
});

test('with the Windows catalogue, a rule needing only Elastic Defend fields is unsupported and says which', () => {
  const meta = { id: 'x', title: 'x', level: 'low', source: 'eql', file: 'x.toml', tags: [], references: [], falsepositives: [] } as const;
  const query = 'process where process.name : "a.exe" and process.Ext.token.integrity_level_name : "System"';
  assert.ok(compileEql(query, meta), 'without a catalogue the rule compiles');
  assert.throws(
    () => compileEql(query, meta, undefined, WINDOWS_EVENT_FIELDS),
    (error: unknown) => {
      assert.ok(isUnsupported(error));
      assert.match((error as Error).message, /process\.Ext\.token\.integrity_level_name, which Windows event logs do not provide/);
      return true;
    },
  );
  assert.throws(
    () => compileEql('api where process.name : "a"', meta, undefined, WINDOWS_EVENT_FIELDS),
    /EQL 'api where' rules need api events/,
  );
});
