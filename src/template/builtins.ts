// text/template's predefined functions with Go's semantics and error texts:
// and or not eq ne lt le gt ge len index slice print printf println html js urlquery.
import { FnError, type Fn } from './exec.js';
import { sprint, sprintf, sprintln, sprintValue } from './printf.js';
import { GoMap, GoStruct, GoTime, isTrue, JsonNumber, Painted, STRING_MAP, stringOf, typeName, type Value } from './values.js';

type Kind = 'bool' | 'int' | 'float' | 'string' | 'invalid';

const basicKind = (v: Value): Kind => {
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'number') return 'float';
  if (stringOf(v) !== undefined) return 'string';
  return 'invalid';
};
const valid = (v: Value) => v !== undefined && v !== null;
const isNil = (v: Value) => !valid(v) || (v instanceof GoMap && v.entries === null);
const basic = (v: Value): string | number | bigint | boolean => stringOf(v) ?? (v as number | bigint | boolean);
/** reflect's Kind, for the values that are not basic: eq compares those only within one kind */
const kindOf = (v: Value) =>
  Array.isArray(v) ? 'slice' : v instanceof GoMap ? 'map' : v instanceof GoStruct || v instanceof GoTime ? 'struct' : 'ptr';
/** fmt's %s of a value, as eq's errors print one */
const sprintS = (v: Value) => sprintf('%s', [v]);

function eq(a: Value, ...rest: Value[]): boolean {
  if (!rest.length) throw new FnError('missing argument for comparison');
  const k1 = basicKind(a);
  for (const b of rest) {
    const k2 = basicKind(b);
    let truth: boolean;
    if (k1 !== k2) {
      if (valid(a) && valid(b)) throw new FnError(`incompatible types for comparison: ${typeName(a)} and ${typeName(b)}`);
      truth = false;
    } else if (k1 !== 'invalid') truth = basic(a) === basic(b);
    else if (valid(a) && valid(b) && kindOf(a) !== kindOf(b))
      throw new FnError(`non-comparable types ${sprintS(a)}: ${typeName(a)}, ${typeName(b)}: ${sprintValue(b)}`);
    else if (isNil(a) || isNil(b)) truth = isNil(a) === isNil(b);
    else if (Array.isArray(b) || b instanceof GoMap) throw new FnError(`non-comparable type ${sprintS(b)}: ${typeName(b)}`);
    else truth = a === b;
    if (truth) return true;
  }
  return false;
}

function lt(a: Value, b: Value): boolean {
  const k1 = basicKind(a);
  const k2 = basicKind(b);
  if (k1 === 'invalid' || k2 === 'invalid') throw new FnError('invalid type for comparison');
  if (k1 !== k2) throw new FnError(`incompatible types for comparison: ${typeName(a)} and ${typeName(b)}`);
  if (k1 === 'bool') throw new FnError('invalid type for comparison');
  const x = basic(a);
  const y = basic(b);
  if (typeof x === 'string') return Buffer.compare(Buffer.from(x), Buffer.from(y as string)) < 0;
  return x < y;
}

function indexArg(index: Value, cap: number): number {
  if (!valid(index)) throw new FnError('cannot index slice/array with nil');
  if (typeof index !== 'bigint') throw new FnError(`cannot index slice/array with type ${typeName(index)}`);
  if (index < 0n || index > BigInt(cap)) throw new FnError(`index out of range: ${index}`);
  return Number(index);
}

function index(item: Value, ...indexes: Value[]): Value {
  if (!valid(item)) throw new FnError('index of untyped nil');
  let v: Value = item;
  for (const ix of indexes) {
    const s = stringOf(v);
    // json.Number is a string kind: it indexes, slices and has a length as one
    if (Array.isArray(v) || s !== undefined) {
      if (Array.isArray(v)) {
        const x = indexArg(ix, v.length);
        if (x >= v.length) throw new FnError(`reflect: slice index out of range`);
        v = v[x];
      } else {
        const bytes = Buffer.from(s as string);
        const x = indexArg(ix, bytes.length);
        if (x >= bytes.length) throw new FnError('reflect: string index out of range');
        v = BigInt(bytes[x] as number);
      }
    } else if (v instanceof GoMap) {
      if (!valid(ix)) throw new FnError('value is nil; should be of type string');
      if (typeof ix !== 'string' && !(ix instanceof Painted)) throw new FnError(`value has type ${typeName(ix)}; should be string`);
      const key = stringOf(ix) as string;
      v = v.entries?.has(key) ? v.entries.get(key) : v.type === STRING_MAP ? '' : null;
    } else if (!valid(v)) throw new FnError('index of nil pointer');
    else throw new FnError(`can't index item of type ${typeName(v)}`);
  }
  return v;
}

function slice(item: Value, ...indexes: Value[]): Value {
  if (!valid(item)) throw new FnError('slice of untyped nil');
  if (indexes.length > 3) throw new FnError(`too many slice indexes: ${indexes.length}`);
  const s = stringOf(item);
  let len: number;
  if (s !== undefined) {
    if (indexes.length === 3) throw new FnError('cannot 3-index slice a string');
    len = Buffer.byteLength(s);
  } else if (Array.isArray(item)) len = item.length;
  else throw new FnError(`can't slice item of type ${typeName(item)}`);
  const idx = [0, len, len];
  indexes.forEach((ix, i) => {
    idx[i] = indexArg(ix, len);
  });
  const [a, b, c] = idx as [number, number, number];
  if (a > b) throw new FnError(`invalid slice index: ${a} > ${b}`);
  if (indexes.length === 3 && b > c) throw new FnError(`invalid slice index: ${b} > ${c}`);
  if (s !== undefined) {
    const cut = Buffer.from(s).subarray(a, b).toString('utf8');
    return item instanceof JsonNumber ? new JsonNumber(cut) : cut;
  }
  return (item as Value[]).slice(a, b);
}

function length(item: Value): bigint {
  const s = stringOf(item);
  if (s !== undefined) return BigInt(Buffer.byteLength(s));
  if (Array.isArray(item)) return BigInt(item.length);
  if (item instanceof GoMap) return BigInt(item.size);
  // nil out of a map of interface{} is a nil interface; a missing key is no value at all
  if (item === null) throw new FnError('len of nil pointer');
  if (!valid(item)) throw new FnError('reflect: call of reflect.Value.Type on zero Value');
  throw new FnError(`len of type ${typeName(item)}`);
}

const HTML: Record<string, string> = { '"': '&#34;', "'": '&#39;', '&': '&amp;', '<': '&lt;', '>': '&gt;', '\u0000': '\ufffd' };
/** text/template's evalArgs: a nil operand prints as <no value> (printableValue), a string to Sprint */
const evalArgs = (args: Value[]) =>
  args.length === 1 && typeof args[0] === 'string' ? args[0] : sprint(args.map((a) => (valid(a) ? a : '<no value>')));
const jsEscape = (s: string) =>
  [...s]
    .map((c) => {
      if (c === '\\' || c === "'" || c === '"') return `\\${c}`;
      if ('<>&='.includes(c) || (c.codePointAt(0) as number) < 0x20)
        return `\\u${(c.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')}`;
      return c;
    })
    .join('');
const queryEscape = (s: string) =>
  encodeURIComponent(s)
    .replace(/%20/g, '+')
    .replace(/[!'()*~]/g, (c) => (c === '~' ? c : `%${c.charCodeAt(0).toString(16).toUpperCase()}`));

/**
 * print/printf/println keep colour codes that came from ktail's colour functions:
 * painted operands stand in as placeholders while the rest is cleaned, then go back in.
 */
function keepingPaint(args: Value[], format: (args: Value[]) => string, clean: (s: string) => string): Value {
  if (!args.some((a) => a instanceof Painted)) return format(args);
  const painted: string[] = [];
  const nonce = Math.random().toString(36).slice(2, 10);
  const stand = args.map((a) => (a instanceof Painted ? `\ue000${nonce}${painted.push(a.text) - 1}\ue001` : a));
  const re = new RegExp(`\ue000${nonce}(\\d+)\ue001`, 'g');
  return new Painted(clean(format(stand)).replace(re, (_, i: string) => painted[Number(i)] as string));
}

export function builtins(clean: (s: string) => string): Map<string, Fn> {
  const v = (n: number): Fn['params'] => Array(n).fill('value') as Fn['params'];
  return new Map<string, Fn>([
    ['and', { params: v(1), variadic: 'value', call: () => undefined }],
    ['or', { params: v(1), variadic: 'value', call: () => undefined }],
    ['not', { params: v(1), call: ([a]) => !isTrue(a) }],
    ['eq', { params: v(1), variadic: 'value', call: ([a, ...rest]) => eq(a, ...rest) }],
    ['ne', { params: v(2), call: ([a, b]) => !eq(a, b) }],
    ['lt', { params: v(2), call: ([a, b]) => lt(a, b) }],
    ['le', { params: v(2), call: ([a, b]) => lt(a, b) || eq(a, b) }],
    ['gt', { params: v(2), call: ([a, b]) => !(lt(a, b) || eq(a, b)) }],
    ['ge', { params: v(2), call: ([a, b]) => !lt(a, b) }],
    ['len', { params: v(1), call: ([a]) => length(a) }],
    ['index', { params: v(1), variadic: 'value', call: ([a, ...rest]) => index(a, ...rest) }],
    ['slice', { params: v(1), variadic: 'value', call: ([a, ...rest]) => slice(a, ...rest) }],
    ['print', { params: [], variadic: 'any', call: (args) => keepingPaint(args, sprint, clean) }],
    ['println', { params: [], variadic: 'any', call: (args) => keepingPaint(args, sprintln, clean) }],
    [
      'printf',
      {
        params: ['string'],
        variadic: 'any',
        call: ([f, ...args]) => keepingPaint([f, ...args], ([g, ...rest]) => sprintf(stringOf(g) ?? '', rest), clean),
      },
    ],
    // eslint-disable-next-line no-control-regex
    ['html', { params: [], variadic: 'any', call: (args) => evalArgs(args).replace(/["'&<>\u0000]/g, (c) => HTML[c] as string) }],
    ['js', { params: [], variadic: 'any', call: (args) => jsEscape(evalArgs(args)) }],
    ['urlquery', { params: [], variadic: 'any', call: (args) => queryEscape(evalArgs(args)) }],
  ]);
}
