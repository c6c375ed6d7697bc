// encoding/json as stern's template functions use it: decoding into map[string]interface{}
// (numbers as float64, or as json.Number with UseNumber), and Marshal / MarshalIndent
// (sorted map keys, <>& and U+2028/9 escaped), with Go's error texts.
import { ANY_MAP, GoColor, GoMap, GoStruct, GoTime, JsonNumber, Painted, type Value } from './values.js';
import { renderNested, type Opened as OpenedOf } from '../shared/nested.js';
import { timeJSON } from './time.js';

type Opened = OpenedOf<Value>;

class SyntaxError extends Error {}

/** encoding/json's maxNestingDepth: one more level is a syntax error */
const MAX_DEPTH = 10_000;

type Container = { items: Value[]; map?: undefined } | { items?: undefined; map: Map<string, Value>; key: string };

const charText = (c: string) => (c === "'" ? "'\\''" : c === '\n' ? "'\\n'" : c === '\t' ? "'\\t'" : c === '\r' ? "'\\r'" : `'${c}'`);

/** Reads one JSON value from s at i; numbers stay their text when useNumber. */
class Reader {
  i = 0;
  /** Go's decoder notes a value it cannot store, reads on, and returns the first such error */
  typeError: string | undefined;
  constructor(
    readonly s: string,
    readonly useNumber: boolean,
  ) {}

  fail(context: string): never {
    if (this.i >= this.s.length) throw new SyntaxError('unexpected end of JSON input');
    throw new SyntaxError(`invalid character ${charText(String.fromCodePoint(this.s.codePointAt(this.i) as number))} ${context}`);
  }

  ws() {
    while (this.i < this.s.length && ' \t\r\n'.includes(this.s[this.i] as string)) this.i++;
  }

  /** one value; containers on a stack of our own, not JS's (Go takes 10,000 levels) */
  value(): Value {
    const open: Container[] = [];
    for (;;) {
      this.ws();
      const c = this.s[this.i];
      let v: Value;
      if (c === '{' || c === '[') {
        if (open.length === MAX_DEPTH) this.fail('exceeded max depth');
        this.i++;
        this.ws();
        const end = c === '{' ? '}' : ']';
        if (this.s[this.i] === end) {
          this.i++;
          v = c === '{' ? new GoMap(ANY_MAP, new Map()) : [];
        } else {
          open.push(c === '{' ? { map: new Map(), key: this.key() } : { items: [] });
          continue;
        }
      } else v = this.scalar(c);
      // v is whole: it goes into its container, and closes those it completes
      for (;;) {
        const top = open.at(-1);
        if (!top) return v;
        if (top.items) top.items.push(v);
        else top.map.set(top.key, v);
        this.ws();
        const next = this.s[this.i];
        if (next === ',') {
          this.i++;
          if (!top.items) top.key = this.key();
          break;
        }
        if (next !== (top.items ? ']' : '}')) this.fail(top.items ? 'after array element' : 'after object key:value pair');
        this.i++;
        open.pop();
        v = top.items ?? new GoMap(ANY_MAP, top.map);
      }
    }
  }

  /** an object's key and its colon */
  key(): string {
    this.ws();
    if (this.s[this.i] !== '"') this.fail('looking for beginning of object key string');
    const k = this.string();
    this.ws();
    if (this.s[this.i] !== ':') this.fail('after object key');
    this.i++;
    return k;
  }

  scalar(c: string | undefined): Value {
    if (c === '"') return this.string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    for (const [word, v] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (this.s.startsWith(word, this.i)) {
        this.i += word.length;
        return v;
      }
      if (c === word[0]) {
        let k = 0;
        while (this.s[this.i] === word[k]) [this.i, k] = [this.i + 1, k + 1];
        this.fail(`in literal ${word} (expecting ${charText(word[k] as string)})`);
      }
    }
    return this.fail('looking for beginning of value');
  }

  string(): string {
    const start = this.i;
    this.i++;
    for (;;) {
      const c = this.s[this.i];
      if (c === undefined) this.fail('');
      if (c === '"') break;
      if (c < ' ') this.fail('in string literal');
      if (c === '\\') {
        const e = this.s[this.i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(this.s.slice(this.i + 2, this.i + 6))) {
            this.i += 2;
            while (/[0-9a-fA-F]/.test(this.s[this.i] ?? '')) this.i++;
            this.fail('in \\u hexadecimal character escape');
          }
          this.i += 6;
          continue;
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e)) {
          this.i++;
          this.fail('in string escape code');
        }
        this.i += 2;
        continue;
      }
      this.i++;
    }
    this.i++;
    // lone surrogates become U+FFFD, as Go decodes them
    return (JSON.parse(this.s.slice(start, this.i)) as string).replace(
      /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
      '\ufffd',
    );
  }

  number(): Value {
    const start = this.i;
    const digit = () => /[0-9]/.test(this.s[this.i] ?? '');
    if (this.s[this.i] === '-') this.i++;
    if (this.s[this.i] === '0') this.i++;
    else if (digit()) while (digit()) this.i++;
    else this.fail('in numeric literal');
    if (this.s[this.i] === '.') {
      this.i++;
      if (!digit()) this.fail('after decimal point in numeric literal');
      while (digit()) this.i++;
    }
    if (this.s[this.i] === 'e' || this.s[this.i] === 'E') {
      this.i++;
      if (this.s[this.i] === '+' || this.s[this.i] === '-') this.i++;
      if (!digit()) this.fail('in exponent of numeric literal');
      while (digit()) this.i++;
    }
    const text = this.s.slice(start, this.i);
    if (this.useNumber) return new JsonNumber(text);
    const x = Number(text);
    if (!Number.isFinite(x)) this.typeError ??= `json: cannot unmarshal number ${text} into Go value of type float64`;
    return x;
  }
}

const kindOf = (v: Value) =>
  Array.isArray(v) ? 'array' : typeof v === 'string' ? 'string' : typeof v === 'boolean' ? 'bool' : v === null ? 'null' : 'number';

/** json.Unmarshal (whole text) or json.Decoder.Decode (first value only) into map[string]interface{} */
export function decodeObject(text: string, opts: { useNumber: boolean; firstValueOnly: boolean }): GoMap {
  const r = new Reader(text, opts.useNumber);
  let v: Value;
  try {
    r.ws();
    if (opts.firstValueOnly && r.i >= text.length) throw new SyntaxError('EOF');
    v = r.value();
    if (!opts.firstValueOnly) {
      r.ws();
      if (r.i < text.length) r.fail('after top-level value');
    }
  } catch (err) {
    if (err instanceof SyntaxError) throw new Error(err.message);
    throw err;
  }
  // a top-level value that is not an object is refused before anything inside it is stored
  if (!(v instanceof GoMap) && v !== null)
    throw new Error(`json: cannot unmarshal ${kindOf(v)} into Go value of type map[string]interface {}`);
  // so a number out of float64's range never reaches a template as ±Inf
  if (r.typeError !== undefined) throw new Error(r.typeError);
  // null sets the map to nil, even one made beforehand
  return v ?? new GoMap(ANY_MAP, null);
}

export const isValidJSON = (text: string): boolean => {
  const r = new Reader(text, true);
  try {
    r.value();
    r.ws();
    return r.i === text.length;
  } catch {
    return false;
  }
};

const ESC: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /["\\\u0000-\u001f<>&\u2028\u2029]/g;

export const jsonString = (s: string) =>
  `"${s.replace(NEEDS_ESCAPE, (c) => ESC[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}"`;

function jsonFloat(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`json: unsupported value: ${Number.isNaN(x) ? 'NaN' : x > 0 ? '+Inf' : '-Inf'}`);
  // Go switches to exponent form below 1e-6 and from 1e21, as JS does, and writes e-7 not e-07
  return Object.is(x, -0) ? '-0' : String(x);
}

/** json.Marshal; indent = MarshalIndent(v, "", indent) */
export function marshal(root: Value, indent = ''): string {
  const nl = (depth: number) => (indent ? `\n${indent.repeat(depth)}` : '');
  const colon = indent ? ': ' : ':';
  return renderNested(root, (v, depth): string | Opened => {
    const list = (items: Opened['items'], open: string, end: string): string | Opened =>
      items.length ? { open: `${open}${nl(depth + 1)}`, items, sep: `,${nl(depth + 1)}`, close: `${nl(depth)}${end}` } : `${open}${end}`;
    if (v === null || v === undefined) return 'null';
    if (typeof v === 'string') return jsonString(v);
    if (v instanceof Painted) return jsonString(v.text);
    if (typeof v === 'boolean' || typeof v === 'bigint') return String(v);
    if (typeof v === 'number') return jsonFloat(v);
    if (v instanceof JsonNumber) return v.text;
    if (v instanceof GoTime) return jsonString(timeJSON(v));
    if (Array.isArray(v))
      return list(
        v.map((value) => ({ label: '', value })),
        '[',
        ']',
      );
    if (v instanceof GoMap) {
      const { entries } = v;
      return entries
        ? list(
            v.sortedKeys().map((k) => ({ label: `${jsonString(k)}${colon}`, value: entries.get(k) })),
            '{',
            '}',
          )
        : 'null';
    }
    if (v instanceof GoStruct) {
      const items: Opened['items'][number][] = [];
      for (const [name, value] of v.fields) {
        const key = v.jsonNames.get(name);
        if (key !== undefined) items.push({ label: `${jsonString(key)}${colon}`, value });
      }
      return list(items, '{', '}');
    }
    if (v instanceof GoColor) return '{}';
    return 'null';
  });
}
