/**
 * The typed values of a detection item, as modifiers transform them (pySigma's sigma.types).
 * A YAML scalar becomes a SigmaString, SigmaNumber, SigmaBool or SigmaNull; modifiers turn
 * those into the other kinds. Every value names its `kind`, so a `switch` over it is checked
 * for exhaustiveness.
 */
import type { CidrBlock } from '../../match/ipNetwork.js';
import type { RegexFlags } from '../../match/pcreRegex.js';
import { SigmaString } from './sigmaString.js';
import { YamlNumber } from './yaml.js';

export class SigmaNumber {
  readonly kind = 'number';
  constructor(
    readonly value: number,
    /** The number as written in the rule (`0x10` stays `0x10`). */
    readonly text: string,
  ) {}
}

export class SigmaBool {
  readonly kind = 'bool';
  constructor(readonly value: boolean) {}
}

/** `Field: null`: the field is absent. */
export class SigmaNull {
  readonly kind = 'null';
}

/** A `re` value: a PCRE-style pattern searched for in the field (case-sensitive by default). */
export class SigmaRegex {
  readonly kind = 'regex';
  constructor(
    readonly pattern: string,
    readonly flags: RegexFlags = { ignoreCase: false, multiline: false, dotAll: false },
  ) {}

  withFlag(flag: keyof RegexFlags): SigmaRegex {
    return new SigmaRegex(this.pattern, { ...this.flags, [flag]: true });
  }
}

export class SigmaCidr {
  readonly kind = 'cidr';
  constructor(readonly network: CidrBlock) {}
}

/** `fieldref`: the field equals (or starts/ends with, contains) another field of the event. */
export class SigmaFieldRef {
  readonly kind = 'fieldRef';
  constructor(
    readonly field: string,
    readonly startsWith = false,
    readonly endsWith = false,
    readonly cased = false,
  ) {}

  with(change: { startsWith?: boolean; endsWith?: boolean; cased?: boolean }): SigmaFieldRef {
    return new SigmaFieldRef(
      this.field,
      change.startsWith ?? this.startsWith,
      change.endsWith ?? this.endsWith,
      change.cased ?? this.cased,
    );
  }
}

export type CompareOperator = 'gt' | 'gte' | 'lt' | 'lte';

export class SigmaCompare {
  readonly kind = 'compare';
  constructor(
    readonly operator: CompareOperator,
    readonly value: number,
  ) {}
}

export class SigmaExists {
  readonly kind = 'exists';
  constructor(readonly exists: boolean) {}
}

export type TimestampUnit = 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year';

/** A time modifier: a part of the field's timestamp equals the number. */
export class SigmaTimestampPart {
  readonly kind = 'timestampPart';
  constructor(
    readonly unit: TimestampUnit,
    readonly value: number,
  ) {}
}

/** Bytes from a utf16 modifier, waiting for a base64 modifier to become a string again. */
export class SigmaBytes {
  readonly kind = 'bytes';
  constructor(readonly bytes: Uint8Array) {}
}

/** Alternatives one value expanded into (base64offset, expand): any of them matches. */
export class SigmaExpansion {
  readonly kind = 'expansion';
  constructor(readonly values: readonly SigmaValue[]) {}
}

export type SigmaValue =
  | SigmaString
  | SigmaNumber
  | SigmaBool
  | SigmaNull
  | SigmaRegex
  | SigmaCidr
  | SigmaFieldRef
  | SigmaCompare
  | SigmaExists
  | SigmaTimestampPart
  | SigmaBytes
  | SigmaExpansion;

/** The typed value of a YAML scalar in a detection; undefined for maps and lists. */
export function valueFromYaml(scalar: unknown): SigmaValue | undefined {
  if (scalar === null) return new SigmaNull();
  if (typeof scalar === 'string') return SigmaString.parse(scalar);
  if (scalar instanceof YamlNumber) return new SigmaNumber(scalar.value, scalar.text);
  if (typeof scalar === 'number') return new SigmaNumber(scalar, String(scalar));
  if (typeof scalar === 'boolean') return new SigmaBool(scalar);
  return undefined;
}

/** A short description of a value's kind, for messages. */
export function describeValue(value: SigmaValue): string {
  switch (value.kind) {
    case 'string':
      return `string '${value.toString()}'`;
    case 'number':
      return `number ${value.text}`;
    case 'bool':
      return `boolean ${value.value}`;
    case 'null':
      return 'null';
    case 'regex':
      return `regular expression '${value.pattern}'`;
    case 'cidr':
      return `network ${value.network.text}`;
    case 'fieldRef':
      return `field reference ${value.field}`;
    case 'compare':
      return `comparison ${value.operator} ${value.value}`;
    case 'exists':
      return `exists ${value.exists}`;
    case 'timestampPart':
      return `${value.unit} ${value.value}`;
    case 'bytes':
      return 'encoded bytes';
    case 'expansion':
      return 'expansion';
    default:
      return value satisfies never;
  }
}
