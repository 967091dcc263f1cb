/**
 * The rule cache's codec: what it encodes decodes to a value equal in every way a reader can see
 * (prototypes, key order, NaN and -0, YAML numbers), and what JSON cannot give back identically is
 * not encoded at all.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'smol-toml';
import { decodeEntry, encodeEntry } from '../../src/rules/cache/codec.js';
import type { RuleFileFormat } from '../../src/rules/cache/format.js';
import { parseRuleDocuments, SIGMA_YAML_FORMAT } from '../../src/rules/sigma/model/yaml.js';
import { SHARED_DIR, sharedMissing } from '../support/sharedData.js';

/** As the Elastic loader's format, over the whole TOML document. */
const TOML_FORMAT: RuleFileFormat<Record<string, unknown>> = {
  id: 'test-toml',
  nullPrototypeMaps: true,
  isParsed: (value): value is Record<string, unknown> => typeof value === 'object' && value !== null,
};

function roundTrip<T>(value: T, format: RuleFileFormat<T>): T {
  const entry = encodeEntry(value, format);
  assert.ok(entry !== undefined, 'encoded');
  return decodeEntry(entry, format);
}

test('YAML documents come back equal: numbers as written, NaN, -0, __proto__ keys, integer-like keys in order, any text', () => {
  const documents = parseRuleDocuments(
    'a: 0x10\nb: [1.10, .nan, -0.0, .inf, -.inf, 1e400]\n"10": ten\n"2": two\n__proto__: {x: 1}\nnested: {list: [{k: ~}], t: true}\n' +
      'text: "é 检测 😀 \\ud800 \\u0000"\n"ключ": 1\n---\n7\n',
    'test.yml',
  );
  assert.deepStrictEqual(roundTrip(documents, SIGMA_YAML_FORMAT), documents);
  assert.equal((documents[0] as { text: string }).text, 'é 检测 😀 \ud800 \u0000');
  assert.match(encodeEntry(documents, SIGMA_YAML_FORMAT) ?? '', /^[\x20-\x7e]*$/, 'ASCII only');
});

test('TOML tables come back equal, without prototypes, with inf, nan and -0', () => {
  const document = parse('a = inf\nb = -inf\nc = nan\nd = -0.0\ne = [1, 2.5, "x"]\n[t]\n"__proto__" = 1\n[[t.list]]\nk = false\n');
  const decoded = roundTrip(document, TOML_FORMAT);
  assert.deepStrictEqual(decoded, document);
  assert.equal(Object.getPrototypeOf(decoded['t']), null);
});

test('what JSON cannot give back identically is not encoded', () => {
  const shared = { x: 1 };
  const withSymbol = Object.assign({}, { a: 1 }, { [Symbol('s')]: 2 });
  const withHidden = Object.defineProperty({ a: 1 }, 'hidden', { value: 2, enumerable: false });
  const sparse: unknown[] = [1];
  sparse[2] = 3;
  const withExtra = Object.assign([1, 2], { extra: true });
  class Custom {
    readonly a = 1;
  }
  for (const [what, value] of Object.entries({
    'an object twice': [shared, shared],
    'a symbol key': withSymbol,
    'a non-enumerable key': withHidden,
    'a sparse array': sparse,
    'an array with a property': withExtra,
    'a date': [new Date(0)],
    'a class instance': [new Custom()],
    undefined: [undefined],
    'a bigint': [1n],
  })) {
    assert.equal(encodeEntry([value], SIGMA_YAML_FORMAT), undefined, what);
  }
  // Maps of the other prototype: YAML's have Object's, TOML's none.
  assert.equal(encodeEntry([Object.create(null)], SIGMA_YAML_FORMAT), undefined);
  assert.equal(encodeEntry({ a: {} }, TOML_FORMAT), undefined);
});

test('a damaged entry throws instead of decoding to something else', () => {
  const entry = encodeEntry(parseRuleDocuments('a: 0x10\nb: [.nan]\n', 'test.yml'), SIGMA_YAML_FORMAT);
  assert.ok(entry !== undefined);
  for (const damaged of [
    entry.slice(0, -3),
    entry.replace('"0x10"', '0x10'),
    entry.replace('"NaN"', '"nan"'),
    entry.replace('"special"', '"other"'),
    entry.replace('[0,"a"]', '[0,"missing"]'),
    entry.replace('[0,"a"]', '[1,"a"]'),
    '[{"a":1}]',
    '{"a":1}',
  ]) {
    assert.notEqual(damaged, entry);
    assert.throws(() => decodeEntry(damaged, SIGMA_YAML_FORMAT), Error, damaged);
  }
});

test('every SigmaHQ and Elastic Windows rule file comes back equal', { skip: sharedMissing() }, () => {
  const corpus = join(SHARED_DIR, 'corpus');
  let encoded = 0;
  let files = 0;
  for (const dir of [join(corpus, 'sigma', 'rules', 'windows'), join(corpus, 'elastic-detection-rules', 'rules', 'windows')]) {
    for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
      const path = join(dir, name);
      if (name.endsWith('.yml')) {
        files++;
        const documents = parseRuleDocuments(readFileSync(path, 'utf8'), path);
        const entry = encodeEntry(documents, SIGMA_YAML_FORMAT);
        if (entry === undefined) continue;
        encoded++;
        assert.deepStrictEqual(decodeEntry(entry, SIGMA_YAML_FORMAT), documents, path);
      } else if (name.endsWith('.toml')) {
        files++;
        const document = parse(readFileSync(path, 'utf8'));
        const entry = encodeEntry(document, TOML_FORMAT);
        if (entry === undefined) continue;
        encoded++;
        assert.deepStrictEqual(decodeEntry(entry, TOML_FORMAT), document, path);
      }
    }
  }
  assert.ok(encoded > files * 0.99, `${encoded} of ${files} files encoded`);
});
