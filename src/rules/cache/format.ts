/**
 * How rule loaders get a rule file's parsed contents: parsed from its text every time, or from the
 * rule cache (ruleCache.ts), which keeps what a parser returned for the same bytes. A loader
 * describes what its parser returns (a RuleFileFormat) so the cache can store it as JSON and prove
 * that what it reads back is the same value.
 */

/** JSON data, as written to and read from the cache. */
export type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };

/** Values of a class JSON cannot hold, written as JSON and rebuilt (a YAML number: its text and value). */
export interface SpecialValues {
  /** The JSON form of `value`, or undefined when `value` is not one of these. */
  encode(value: object): Json | undefined;
  /** The value back from its JSON form; throws on data `encode` never writes. */
  decode(data: Json): unknown;
}

/** What a parser returns: plain maps, arrays, strings, booleans, null, numbers, and `special` values. */
export interface RuleFileFormat<T> {
  /**
   * Names the parser and the shape of what it returns, in cache keys: change it whenever the same
   * text could parse into something else (a new schema, another parser library).
   */
  readonly id: string;
  /** Whether the parser's maps have no prototype (smol-toml) or Object's (js-yaml). */
  readonly nullPrototypeMaps: boolean;
  readonly special?: SpecialValues;
  /** Whether a value read back has the type the parser returns. */
  isParsed(value: unknown): value is T;
}

export interface ParsedRuleFiles {
  /** `parse` of the file's text (its bytes as UTF-8), or what it returned for the same bytes before. */
  parsed<T>(bytes: Buffer, format: RuleFileFormat<T>, parse: (text: string) => T): T;
}

/** Every file parsed from its text. */
export const PARSED_EVERY_TIME: Readonly<ParsedRuleFiles> = {
  parsed: (bytes, _format, parse) => parse(bytes.toString('utf8')),
};
