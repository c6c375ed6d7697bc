// The Go values a template works on, as plain JS values and a few small classes, so that
// printing, truth, comparison and error messages come out as Go's do:
//   string → string   int → bigint   float64 → number   bool → boolean
//   untyped nil / nil interface → null   "no value" (missing map key) → undefined
//   []interface{} → Value[]   maps → GoMap   structs → GoStruct
// Maps are held in a Map, never an object, so no key can reach a prototype.

export type Value =
  string | bigint | number | boolean | null | undefined | Value[] | GoMap | GoStruct | JsonNumber | GoTime | GoColor | Painted;

export class GoMap {
  /** entries === null is a nil map: empty, prints as map[], marshals as null */
  constructor(
    readonly type: string,
    readonly entries: Map<string, Value> | null,
  ) {}
  get size(): number {
    return this.entries?.size ?? 0;
  }
  sortedKeys(): string[] {
    // Go sorts string keys by bytes; UTF-16 order differs only for astral vs U+E000–U+FFFF
    return [...(this.entries?.keys() ?? [])].sort(byteOrder);
  }
}

export const byteOrder = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return Buffer.compare(x, y);
};

export const STRING_MAP = 'map[string]string';
export const ANY_MAP = 'map[string]interface {}';

export const stringMap = (o: Readonly<Record<string, string>> | undefined): GoMap => {
  const keys = Object.keys(o ?? {});
  return new GoMap(STRING_MAP, keys.length ? new Map(keys.map((k) => [k, (o as Record<string, string>)[k] as string])) : null);
};

/** A struct: exported fields in declaration order, with their JSON names (undefined = json:"-"). */
export class GoStruct {
  constructor(
    readonly type: string,
    readonly fields: Map<string, Value>,
    readonly jsonNames: ReadonlyMap<string, string | undefined>,
  ) {}
}

/** encoding/json's Number (tryParseJSON decodes with UseNumber): a string kind that prints as written. */
export class JsonNumber {
  constructor(readonly text: string) {}
}

/** time.Time: milliseconds since the epoch, the nanoseconds below them, and a zone (seconds east of UTC: local mean times have seconds). */
export class GoTime {
  constructor(
    readonly ms: number,
    readonly subMsNanos: number,
    readonly offsetSec: number,
    readonly zone: string,
  ) {}
}

/** *color.Color as stern hands it to templates (.PodColor, .ContainerColor). */
export class GoColor {
  constructor(
    readonly sgr: string,
    readonly paint: (s: string) => string,
  ) {}
}

/** Text that went through `clean` already and carries ktail's own colour codes. */
export class Painted {
  constructor(readonly text: string) {}
}

/** Go's type name of a value, as error messages give it. */
export function typeName(v: Value): string {
  if (typeof v === 'string' || v instanceof Painted) return 'string';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'number') return 'float64';
  if (typeof v === 'boolean') return 'bool';
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return '[]interface {}';
  if (v instanceof GoMap || v instanceof GoStruct) return v.type;
  if (v instanceof JsonNumber) return 'json.Number';
  if (v instanceof GoTime) return 'time.Time';
  return '*color.Color';
}

/** The string inside a string-kind value, or undefined. */
export function stringOf(v: Value): string | undefined {
  if (typeof v === 'string') return v;
  if (v instanceof Painted) return v.text;
  if (v instanceof JsonNumber) return v.text;
  return undefined;
}

/** text/template's truth: false, 0, nil, and empty strings, slices and maps are false. */
export function isTrue(v: Value): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return v !== 0n;
  if (typeof v === 'number') return v !== 0;
  const s = stringOf(v);
  if (s !== undefined) return s.length > 0;
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof GoMap) return v.size > 0;
  return true;
}
