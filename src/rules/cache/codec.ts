/**
 * A parsed rule file as JSON and back. JSON holds the plain part; what it cannot hold (numbers
 * such as NaN or -0, a format's special values) is listed beside it by path. The encoder takes only
 * what JSON gives back identically (maps of the format's prototype, dense arrays, strings, booleans,
 * null, numbers, special values, each object once), so a parser's surprise (an alias shared twice, a
 * date, a symbol key) means "not cached", never "cached differently".
 */
import type { Json, RuleFileFormat } from './format.js';

type PathStep = string | number;

/** A value JSON cannot hold, where it goes: a number (its text) or a special value (its JSON). */
type Placed = readonly [path: readonly PathStep[], kind: 'number' | 'special', data: Json];

/**
 * The JSON text of a value: [plain JSON with null where placed values go, placed values]; undefined
 * if JSON cannot hold it. ASCII only (others as \uXXXX), so a reader decodes it byte for byte.
 */
export function encodeEntry<T>(value: T, format: RuleFileFormat<T>): string | undefined {
  const encoded = encode(value, format);
  return encoded === undefined ? undefined : JSON.stringify(encoded).replace(NON_ASCII, escapeCodeUnit);
}

const NON_ASCII = /[\u0080-\uffff]/g;

function escapeCodeUnit(unit: string): string {
  return `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** The value of an entry's JSON text; throws on text encodeEntry never writes. */
export function decodeEntry<T>(text: string, format: RuleFileFormat<T>): T {
  const entry: unknown = JSON.parse(text);
  if (!Array.isArray(entry) || entry.length !== 2 || !Array.isArray(entry[1])) throw new Error('not a cache entry');
  let value: unknown = format.nullPrototypeMaps ? withoutPrototypes(entry[0]) : entry[0];
  for (const placed of entry[1] as unknown[]) {
    if (!Array.isArray(placed) || placed.length !== 3 || !Array.isArray(placed[0])) throw new Error('not a placed value');
    const [path, kind, data] = placed as [unknown[], unknown, Json];
    const item = kind === 'number' ? numberOf(data) : kind === 'special' && format.special ? format.special.decode(data) : undefined;
    if (item === undefined) throw new Error('unknown placed value');
    if (path.length === 0) {
      value = item;
      continue;
    }
    let holder = value;
    for (const step of path.slice(0, -1)) holder = ownValue(holder, step);
    place(holder, path[path.length - 1], item);
  }
  if (!format.isParsed(value)) throw new Error('not what the parser returns');
  return value;
}

function encode<T>(root: T, format: RuleFileFormat<T>): [Json, Placed[]] | undefined {
  const placed: Placed[] = [];
  const seen = new Set<object>();
  const path: PathStep[] = [];
  const mapPrototype = format.nullPrototypeMaps ? null : Object.prototype;
  const visit = (value: unknown): Json | undefined => {
    if (typeof value === 'string' || typeof value === 'boolean' || value === null) return value;
    if (typeof value === 'number') {
      if (Number.isFinite(value) && !Object.is(value, -0)) return value;
      placed.push([[...path], 'number', numberText(value)]);
      return null;
    }
    if (typeof value !== 'object') return undefined;
    // The same object twice (a YAML alias) would come back as two copies.
    if (seen.has(value)) return undefined;
    seen.add(value);
    const special = format.special?.encode(value);
    if (special !== undefined) {
      placed.push([[...path], 'special', special]);
      return null;
    }
    const ownKeys = Reflect.ownKeys(value).length;
    if (Array.isArray(value)) {
      // No holes and nothing but the elements and length: JSON would not keep them.
      if (Object.getPrototypeOf(value) !== Array.prototype || ownKeys !== value.length + 1) return undefined;
      const items: Json[] = [];
      for (let index = 0; index < value.length; index++) {
        path.push(index);
        const item = visit(value[index]);
        path.pop();
        if (item === undefined) return undefined;
        items.push(item);
      }
      return items;
    }
    const keys = Object.keys(value);
    // Symbol and non-enumerable keys: JSON would not keep them.
    if (Object.getPrototypeOf(value) !== mapPrototype || ownKeys !== keys.length) return undefined;
    // A null-prototype object keeps a key named __proto__ as an own property.
    const map = Object.create(null) as Record<string, Json>;
    for (const key of keys) {
      path.push(key);
      const item = visit((value as Record<string, unknown>)[key]);
      path.pop();
      if (item === undefined) return undefined;
      map[key] = item;
    }
    return map;
  };
  const json = visit(root);
  return json === undefined ? undefined : [json, placed];
}

function withoutPrototypes(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) value.forEach(withoutPrototypes);
  else {
    Object.setPrototypeOf(value, null);
    for (const item of Object.values(value)) withoutPrototypes(item);
  }
  return value;
}

function ownValue(holder: unknown, step: unknown): unknown {
  return Object.getOwnPropertyDescriptor(placeIn(holder, step), step as PathStep)?.value;
}

/** Puts `item` where encode left null; defineProperty, as a key named __proto__ is an own property. */
function place(holder: unknown, step: unknown, item: unknown): void {
  Object.defineProperty(placeIn(holder, step), step as PathStep, { value: item, writable: true, enumerable: true, configurable: true });
}

function placeIn(holder: unknown, step: unknown): object {
  if (
    (typeof step !== 'string' && typeof step !== 'number') ||
    typeof holder !== 'object' ||
    holder === null ||
    !Object.hasOwn(holder, step)
  ) {
    throw new Error('a placed value has no place');
  }
  return holder;
}

/** The text of a number JSON cannot hold; Number() reads every one back (String(-0) would not). */
export function numberText(value: number): string {
  return Object.is(value, -0) ? '-0' : String(value);
}

const NON_JSON_NUMBER = /^(?:-0|NaN|-?Infinity)$/;

function numberOf(data: Json): number | undefined {
  return typeof data === 'string' && NON_JSON_NUMBER.test(data) ? Number(data) : undefined;
}
