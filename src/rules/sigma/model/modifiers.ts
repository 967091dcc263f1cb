/**
 * Sigma value modifiers, one class each, after pySigma's sigma.modifiers. A modifier either
 * transforms each value (ValueModifier) or changes how the item's values combine (all, neq).
 * Modifiers apply left to right; each checks the kind of value it receives.
 */
import { Buffer } from 'node:buffer';
import { parseCidr } from '../../match/ipNetwork.js';
import type { RegexFlags } from '../../match/pcreRegex.js';
import { invalid, unsupported } from '../../problem.js';
import { Placeholder, SigmaString, type StringPart } from './sigmaString.js';
import {
  SigmaBytes,
  SigmaCidr,
  SigmaCompare,
  SigmaExists,
  SigmaExpansion,
  SigmaFieldRef,
  SigmaRegex,
  SigmaTimestampPart,
  describeValue,
  type CompareOperator,
  type SigmaValue,
  type TimestampUnit,
} from './values.js';

/** Values for `%name%` placeholders of the expand modifier, by placeholder name. */
export type PlaceholderValues = Readonly<Record<string, readonly string[]>>;

/** How the values of one detection item combine; list modifiers change it. */
export interface ItemLinking {
  /** `all`: every value must match instead of any. */
  linkAll: boolean;
  /** `neq`: the item matches when its values do not. */
  negated: boolean;
}

export interface ModifierContext {
  /** The item's field; undefined for keyword items. */
  readonly field: string | undefined;
  /** Names of the modifiers applied before this one. */
  readonly applied: readonly string[];
  readonly placeholders: PlaceholderValues;
  readonly linking: ItemLinking;
}

export interface SigmaModifier {
  apply(values: readonly SigmaValue[], context: ModifierContext): SigmaValue[];
}

/** Applies `modify` to each value, and to each alternative of an expansion. */
abstract class ValueModifier implements SigmaModifier {
  constructor(protected readonly name: string) {}

  apply(values: readonly SigmaValue[], context: ModifierContext): SigmaValue[] {
    return values.map((value) => this.applyTo(value, context));
  }

  private applyTo(value: SigmaValue, context: ModifierContext): SigmaValue {
    if (value.kind === 'expansion') {
      return new SigmaExpansion(value.values.map((alternative) => this.applyTo(alternative, context)));
    }
    return this.modify(value, context);
  }

  protected abstract modify(value: SigmaValue, context: ModifierContext): SigmaValue;

  protected reject(value: SigmaValue): never {
    throw invalid(`modifier '${this.name}' cannot be applied to ${describeValue(value)}`);
  }

  /** Strings, and numbers read as their written text. */
  protected stringOf(value: SigmaValue): SigmaString {
    if (value.kind === 'string') return value;
    if (value.kind === 'number') return SigmaString.literal(value.text);
    return this.reject(value);
  }

  /** A string without wildcards or placeholders, as the encoding modifiers need. */
  protected plainTextOf(value: SigmaValue): string {
    const string = this.stringOf(value);
    if (string.hasSpecialParts()) {
      throw invalid(`modifier '${this.name}' cannot encode a value with wildcards: '${string.toString()}'`);
    }
    return string.plainText();
  }

  protected numberOf(value: SigmaValue): number {
    if (value.kind === 'number') return value.value;
    if (value.kind === 'string' && !value.hasSpecialParts()) {
      const text = value.plainText().trim();
      const number = Number(text);
      if (text !== '' && Number.isFinite(number)) return number;
    }
    return this.reject(value);
  }

  protected requireFirst(context: ModifierContext): void {
    if (context.applied.length > 0) {
      throw invalid(`modifier '${this.name}' must come first, not after '${context.applied.join('|')}'`);
    }
  }
}

class ContainsModifier extends ValueModifier {
  protected modify(value: SigmaValue): SigmaValue {
    // A regex is searched anywhere in the field already, as pySigma's `.*` wrapping makes it.
    if (value.kind === 'regex') return value;
    if (value.kind === 'fieldRef') return value.with({ startsWith: true, endsWith: true });
    return this.stringOf(value).withLeadingAnyChars().withTrailingAnyChars();
  }
}

class StartswithModifier extends ValueModifier {
  protected modify(value: SigmaValue): SigmaValue {
    if (value.kind === 'regex') return value;
    if (value.kind === 'fieldRef') return value.with({ startsWith: true });
    return this.stringOf(value).withTrailingAnyChars();
  }
}

class EndswithModifier extends ValueModifier {
  protected modify(value: SigmaValue): SigmaValue {
    if (value.kind === 'regex') return value;
    if (value.kind === 'fieldRef') return value.with({ endsWith: true });
    return this.stringOf(value).withLeadingAnyChars();
  }
}

class WindashModifier extends ValueModifier {
  protected modify(value: SigmaValue): SigmaValue {
    return this.stringOf(value).withWindash();
  }
}

class CasedModifier extends ValueModifier {
  protected modify(value: SigmaValue): SigmaValue {
    if (value.kind === 'fieldRef') return value.with({ cased: true });
    return this.stringOf(value).withCased(true);
  }
}

class RegexModifier extends ValueModifier {
  protected modify(value: SigmaValue, context: ModifierContext): SigmaValue {
    this.requireFirst(context);
    if (value.kind === 'string' && value.original !== undefined) return new SigmaRegex(value.original);
    if (value.kind === 'number') return new SigmaRegex(value.text);
    return this.reject(value);
  }
}

class RegexFlagModifier extends ValueModifier {
  constructor(
    name: string,
    private readonly flag: keyof RegexFlags,
  ) {
    super(name);
  }

  protected modify(value: SigmaValue): SigmaValue {
    if (value.kind !== 'regex') return this.reject(value);
    return value.withFlag(this.flag);
  }
}

class CidrModifier extends ValueModifier {
  protected modify(value: SigmaValue, context: ModifierContext): SigmaValue {
    this.requireFirst(context);
    const text = this.plainTextOf(value);
    const network = parseCidr(text);
    if (network === undefined) throw invalid(`'${text}' is not an IPv4 or IPv6 network (cidr modifier)`);
    return new SigmaCidr(network);
  }
}

class CompareModifier extends ValueModifier {
  constructor(private readonly operator: CompareOperator) {
    super(operator);
  }

  protected modify(value: SigmaValue): SigmaValue {
    return new SigmaCompare(this.operator, this.numberOf(value));
  }
}

class TimestampPartModifier extends ValueModifier {
  constructor(private readonly unit: TimestampUnit) {
    super(unit);
  }

  protected modify(value: SigmaValue): SigmaValue {
    const number = this.numberOf(value);
    if (!Number.isInteger(number)) this.reject(value);
    return new SigmaTimestampPart(this.unit, number);
  }
}

class ExistsModifier extends ValueModifier {
  protected modify(value: SigmaValue, context: ModifierContext): SigmaValue {
    this.requireFirst(context);
    if (context.field === undefined) throw invalid(`modifier 'exists' needs a field`);
    if (value.kind !== 'bool') return this.reject(value);
    return new SigmaExists(value.value);
  }
}

class FieldRefModifier extends ValueModifier {
  protected modify(value: SigmaValue, context: ModifierContext): SigmaValue {
    if (context.field === undefined) throw invalid(`modifier 'fieldref' needs a field`);
    return new SigmaFieldRef(this.plainTextOf(value));
  }
}

/** Substitutes configured values for `%name%` placeholders; all combinations are alternatives. */
class ExpandModifier extends ValueModifier {
  private static readonly MAX_ALTERNATIVES = 4096;

  protected modify(value: SigmaValue, context: ModifierContext): SigmaValue {
    if (value.kind === 'regex') throw unsupported('placeholders in regular expressions (expand) are not supported');
    const string = this.stringOf(value).withPlaceholders();
    let alternatives: StringPart[][] = [[]];
    for (const part of string.parts) {
      const choices: StringPart[][] = part instanceof Placeholder ? this.valuesOf(part, context) : [[part]];
      alternatives = alternatives.flatMap((prefix) => choices.map((choice) => [...prefix, ...choice]));
      if (alternatives.length > ExpandModifier.MAX_ALTERNATIVES) {
        throw unsupported(`placeholder expansion of '${string.toString()}' gives too many values`);
      }
    }
    return new SigmaExpansion(alternatives.map((parts) => new SigmaString(parts, string.cased)));
  }

  private valuesOf(placeholder: Placeholder, context: ModifierContext): StringPart[][] {
    const values = Object.hasOwn(context.placeholders, placeholder.name) ? context.placeholders[placeholder.name] : undefined;
    if (values === undefined || values.length === 0) {
      throw unsupported(`placeholder %${placeholder.name}% has no configured values (expand modifier)`);
    }
    return values.map((text) => [...SigmaString.parse(text).parts]);
  }
}

/** UTF-16 encodings; only meaningful before base64/base64offset, which the compiler checks. */
class Utf16Modifier extends ValueModifier {
  constructor(
    name: string,
    private readonly encode: (text: string) => Uint8Array,
  ) {
    super(name);
  }

  protected modify(value: SigmaValue): SigmaValue {
    return new SigmaBytes(this.encode(this.plainTextOf(value)));
  }
}

function utf16le(text: string): Uint8Array {
  return Buffer.from(text, 'utf16le');
}

function utf16be(text: string): Uint8Array {
  return Buffer.from(text, 'utf16le').swap16();
}

function utf16WithByteOrderMark(text: string): Uint8Array {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
}

abstract class Base64ModifierBase extends ValueModifier {
  protected bytesOf(value: SigmaValue): Buffer {
    if (value.kind === 'bytes') return Buffer.from(value.bytes);
    return Buffer.from(this.plainTextOf(value), 'utf8');
  }
}

class Base64Modifier extends Base64ModifierBase {
  protected modify(value: SigmaValue): SigmaValue {
    return SigmaString.literal(this.bytesOf(value).toString('base64'));
  }
}

/**
 * The three encodings of the value at byte offsets 0, 1 and 2 of a base64 stream, each cut to
 * the characters that do not depend on the unknown neighbouring bytes.
 */
class Base64OffsetModifier extends Base64ModifierBase {
  private static readonly START_CUT: readonly number[] = [0, 2, 3];
  private static readonly END_CUT: readonly number[] = [0, 3, 2];

  protected modify(value: SigmaValue): SigmaValue {
    const bytes = this.bytesOf(value);
    const alternatives: SigmaString[] = [];
    for (let offset = 0; offset < 3; offset++) {
      const encoded = Buffer.concat([Buffer.alloc(offset, 0x20), bytes]).toString('base64');
      const end = encoded.length - Base64OffsetModifier.END_CUT[(bytes.length + offset) % 3];
      alternatives.push(SigmaString.literal(encoded.slice(Base64OffsetModifier.START_CUT[offset], end)));
    }
    return new SigmaExpansion(alternatives);
  }
}

class AllModifier implements SigmaModifier {
  apply(values: readonly SigmaValue[], context: ModifierContext): SigmaValue[] {
    context.linking.linkAll = true;
    return [...values];
  }
}

class NotEqualModifier implements SigmaModifier {
  apply(values: readonly SigmaValue[], context: ModifierContext): SigmaValue[] {
    context.linking.negated = true;
    return [...values];
  }
}

const MODIFIERS: ReadonlyMap<string, SigmaModifier> = new Map<string, SigmaModifier>([
  ['contains', new ContainsModifier('contains')],
  ['startswith', new StartswithModifier('startswith')],
  ['endswith', new EndswithModifier('endswith')],
  ['all', new AllModifier()],
  ['neq', new NotEqualModifier()],
  ['windash', new WindashModifier('windash')],
  ['cased', new CasedModifier('cased')],
  ['re', new RegexModifier('re')],
  ['i', new RegexFlagModifier('i', 'ignoreCase')],
  ['ignorecase', new RegexFlagModifier('ignorecase', 'ignoreCase')],
  ['m', new RegexFlagModifier('m', 'multiline')],
  ['multiline', new RegexFlagModifier('multiline', 'multiline')],
  ['s', new RegexFlagModifier('s', 'dotAll')],
  ['dotall', new RegexFlagModifier('dotall', 'dotAll')],
  ['cidr', new CidrModifier('cidr')],
  ['gt', new CompareModifier('gt')],
  ['gte', new CompareModifier('gte')],
  ['lt', new CompareModifier('lt')],
  ['lte', new CompareModifier('lte')],
  ['minute', new TimestampPartModifier('minute')],
  ['hour', new TimestampPartModifier('hour')],
  ['day', new TimestampPartModifier('day')],
  ['week', new TimestampPartModifier('week')],
  ['month', new TimestampPartModifier('month')],
  ['year', new TimestampPartModifier('year')],
  ['exists', new ExistsModifier('exists')],
  ['fieldref', new FieldRefModifier('fieldref')],
  ['expand', new ExpandModifier('expand')],
  ['base64', new Base64Modifier('base64')],
  ['base64offset', new Base64OffsetModifier('base64offset')],
  ['wide', new Utf16Modifier('wide', utf16le)],
  ['utf16le', new Utf16Modifier('utf16le', utf16le)],
  ['utf16be', new Utf16Modifier('utf16be', utf16be)],
  ['utf16', new Utf16Modifier('utf16', utf16WithByteOrderMark)],
]);

/** The modifier of that name; modifier names are case-sensitive, as in pySigma. */
function modifierNamed(name: string): SigmaModifier {
  const modifier = MODIFIERS.get(name);
  if (modifier === undefined) throw invalid(`unknown modifier '${name}'`);
  return modifier;
}

/** Runs a chain of modifiers over an item's values, recording list linking in `linking`. */
export function applyModifiers(
  values: readonly SigmaValue[],
  names: readonly string[],
  field: string | undefined,
  placeholders: PlaceholderValues,
  linking: ItemLinking,
): SigmaValue[] {
  let current = [...values];
  names.forEach((name, index) => {
    const context: ModifierContext = { field, applied: names.slice(0, index), placeholders, linking };
    current = modifierNamed(name).apply(current, context);
  });
  return current;
}
