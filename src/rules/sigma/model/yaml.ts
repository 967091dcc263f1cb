import {
  CORE_SCHEMA,
  NOT_RESOLVED,
  YAMLException,
  defineScalarTag,
  floatCoreTag,
  intCoreTag,
  loadAll,
  type ScalarTagDefinition,
} from 'js-yaml';
import { numberText } from '../../cache/codec.js';
import type { Json, RuleFileFormat } from '../../cache/format.js';
import { invalidFile } from '../../problem.js';

/**
 * A YAML number that keeps the text it was written as: Sigma matches numbers against their
 * string form too, and `0x10` or `1.10` must not turn into "16" or "1.1".
 */
export class YamlNumber {
  constructor(
    readonly value: number,
    readonly text: string,
  ) {}

  /** Mapping keys are stringified by the YAML loader; keep the written form there too. */
  toString(): string {
    return this.text;
  }
}

function keepingText(tag: ScalarTagDefinition): ScalarTagDefinition<YamlNumber> {
  return defineScalarTag(tag.tagName, {
    implicit: true,
    implicitFirstChars: tag.implicitFirstChars,
    resolve: (source, isExplicit, tagName) => {
      const value = tag.resolve(source, isExplicit, tagName);
      return typeof value === 'number' ? new YamlNumber(value, source) : NOT_RESOLVED;
    },
    identify: () => false,
  });
}

const SIGMA_SCHEMA = CORE_SCHEMA.withTags(keepingText(intCoreTag), keepingText(floatCoreTag));

/** A YAML mapping as loaded (numbers are YamlNumber objects, so they need excluding). */
export function isYamlMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof YamlNumber);
}

/** Parses every document of a rule file; a syntax error becomes an invalid-file RuleProblem with its line. */
export function parseRuleDocuments(text: string, file: string): unknown[] {
  const withoutBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return loadAll(withoutBom, { filename: file, schema: SIGMA_SCHEMA });
  } catch (error) {
    if (error instanceof YAMLException) {
      const line = error.mark !== undefined ? error.mark.line + 1 : undefined;
      throw invalidFile(file, `invalid YAML: ${error.reason}`, line);
    }
    throw error;
  }
}

/** What parseRuleDocuments returns, for the rule cache: a YamlNumber is kept as its text and value. */
export const SIGMA_YAML_FORMAT: Readonly<RuleFileFormat<unknown[]>> = {
  // The parser and the schema above: a change to either needs a new id.
  id: 'sigma-yaml/1',
  nullPrototypeMaps: false,
  special: {
    encode: (value) => (value instanceof YamlNumber ? [value.text, numberText(value.value)] : undefined),
    decode: (data: Json) => {
      const [text, value] = Array.isArray(data) ? data : [];
      if (typeof text !== 'string' || typeof value !== 'string' || numberText(Number(value)) !== value)
        throw new Error('not a YAML number');
      return new YamlNumber(Number(value), text);
    },
  },
  isParsed: (value): value is unknown[] => Array.isArray(value),
};
