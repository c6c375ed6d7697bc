// Go's fmt as templates use it: Sprint, Sprintln, Sprintf (verbs, flags, widths,
// precisions, and the %!verb(type=value) / %!v(MISSING) / %!(EXTRA …) complaints).
import { GoColor, GoMap, GoStruct, GoTime, JsonNumber, Painted, stringOf, typeName, type Value } from './values.js';
import { fmtE, fmtF, fmtG } from './floats.js';
import { timeString } from './time.js';
import { renderNested, type Opened as OpenedOf } from '../shared/nested.js';

type Opened = OpenedOf<Value>;

interface Spec {
  minus: boolean;
  plus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  /** %#v (Go syntax), as opposed to # with another verb */
  sharpV?: boolean;
  /** %+v (struct field names); fmt clears plus for %v, so numbers get no sign */
  plusV?: boolean;
  width?: number;
  prec?: number;
}

const NO_FLAGS: Spec = { minus: false, plus: false, sharp: false, space: false, zero: false };

const runes = (s: string) => [...s];

function pad(s: string, f: Spec, numeric = false): string {
  if (f.width === undefined) return s;
  const n = f.width - runes(s).length;
  if (n <= 0) return s;
  if (f.minus) return s + ' '.repeat(n);
  if (f.zero) {
    // zeros go after a sign (and a 0x prefix for numbers)
    const m = numeric ? /^([+\- ]?(?:0[xXbo])?)/.exec(s) : null;
    const head = m?.[1] ?? '';
    return head + '0'.repeat(n) + s.slice(head.length);
  }
  return ' '.repeat(n) + s;
}

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;
const SHORT: Record<string, string> = {
  '\u0007': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '\\': '\\\\',
};
const hex = (n: number, w: number) => n.toString(16).padStart(w, '0');

/** strconv.Quote (ascii: QuoteToASCII) */
export function quote(s: string, q = '"', ascii = false): string {
  let out = q;
  for (const ch of s) {
    const r = ch.codePointAt(0) as number;
    if (ch === q) out += `\\${q}`;
    else if (SHORT[ch]) out += SHORT[ch];
    else if ((ascii ? r < 0x80 : true) && PRINTABLE.test(ch)) out += ch;
    else if (r < 0x20 || r === 0x7f) out += `\\x${hex(r, 2)}`;
    else if (r < 0x10000) out += `\\u${hex(r, 4)}`;
    else out += `\\U${hex(r, 8)}`;
  }
  return out + q;
}

// eslint-disable-next-line no-control-regex
const canBackquote = (s: string) => !/[`\u0000-\u0008\u000a-\u001f\u007f\ufeff]/.test(s);

function fmtInteger(n: bigint, verb: string, f: Spec): string {
  const neg = n < 0n;
  const abs = neg ? -n : n;
  let digits: string;
  let prefix = '';
  switch (verb) {
    case 'x':
      digits = abs.toString(16);
      if (f.sharp) prefix = '0x';
      break;
    case 'X':
      digits = abs.toString(16).toUpperCase();
      if (f.sharp) prefix = '0X';
      break;
    case 'o':
      digits = abs.toString(8);
      if (f.sharp && digits[0] !== '0') prefix = '0';
      break;
    case 'O':
      digits = abs.toString(8);
      prefix = '0o';
      break;
    case 'b':
      digits = abs.toString(2);
      if (f.sharp) prefix = '0b';
      break;
    default:
      digits = abs.toString();
  }
  if (f.prec !== undefined) {
    if (f.prec === 0 && n === 0n) digits = '';
    digits = digits.padStart(f.prec, '0');
  }
  const sign = neg ? '-' : f.plus ? '+' : f.space ? ' ' : '';
  // a precision turns zero padding off, as in Go
  return pad(sign + prefix + digits, f.prec !== undefined ? { ...f, zero: false } : f, true);
}

function fmtFloat(x: number, verb: string, f: Spec): string {
  let s: string;
  if (Number.isNaN(x)) s = 'NaN';
  else if (!Number.isFinite(x)) s = x > 0 ? '+Inf' : '-Inf';
  else if (verb === 'e' || verb === 'E') s = fmtE(x, f.prec ?? 6, verb === 'E');
  else if (verb === 'f' || verb === 'F') s = fmtF(x, f.prec ?? 6);
  else s = fmtG(x, f.prec, verb === 'G', f.sharp);
  if (!Number.isFinite(x)) return pad(s === '+Inf' && !f.plus ? (f.space ? ' Inf' : 'Inf') : s, { ...f, zero: false });
  if (f.plus && !s.startsWith('-')) s = `+${s}`;
  else if (f.space && !s.startsWith('-')) s = ` ${s}`;
  return pad(s, f, true);
}

function fmtStringVerb(s: string, verb: string, f: Spec): string | undefined {
  const cut = f.prec !== undefined ? runes(s).slice(0, f.prec).join('') : s;
  switch (verb) {
    case 'v':
    case 's':
      return pad(cut, f);
    case 'q':
      return pad(f.sharp && canBackquote(cut) ? `\`${cut}\`` : quote(cut, '"', f.plus), f);
    case 'x':
    case 'X': {
      const bytes = [...Buffer.from(f.prec !== undefined ? Buffer.from(s).subarray(0, f.prec) : Buffer.from(s))].map((b) => hex(b, 2));
      let out = f.space ? bytes.map((b) => (f.sharp ? `0x${b}` : b)).join(' ') : (f.sharp && bytes.length ? '0x' : '') + bytes.join('');
      if (verb === 'X') out = out.toUpperCase();
      return pad(out, f);
    }
    default:
      return undefined;
  }
}

const rune = (v: bigint) => (v < 0n || v > 0x10ffffn || (v >= 0xd800n && v < 0xe000n) ? '\ufffd' : String.fromCodePoint(Number(v)));

/** %!verb(type=value): the value under %v with the same flags, as fmt writes it */
function badVerb(v: Value, verb: string, f: Spec): string {
  if (v === null || v === undefined) return `%!${verb}(<nil>)`;
  return `%!${verb}(${typeName(v)}=${formatValue(v, 'v', { ...f, sharpV: false })})`;
}

/** %#v: Go syntax */
function goSyntax(root: Value): string {
  return renderNested(root, (v, depth): string | Opened => {
    // nil is <nil> as an operand, but an element of []interface{} or map[string]interface{} says its type
    if (v === null || v === undefined) return depth ? 'interface {}(nil)' : '<nil>';
    if (typeof v === 'bigint' || typeof v === 'boolean') return String(v);
    if (typeof v === 'number') return fmtG(v, undefined);
    if (v instanceof JsonNumber) return `"${v.text}"`;
    const s = stringOf(v);
    if (s !== undefined) return quote(s);
    if (Array.isArray(v)) return { open: '[]interface {}{', items: v.map((value) => ({ label: '', value })), sep: ', ', close: '}' };
    if (v instanceof GoMap) {
      const { entries } = v;
      if (!entries) return `${v.type}(nil)`;
      return {
        open: `${v.type}{`,
        items: v.sortedKeys().map((k) => ({ label: `${quote(k)}:`, value: entries.get(k) })),
        sep: ', ',
        close: '}',
      };
    }
    return formatValue(v, 'v', NO_FLAGS);
  });
}

/** One operand under one verb, as fmt prints it (into slices and maps too). */
export function formatValue(root: Value, verb: string, f: Spec): string {
  if (verb === 'v' && f.sharpV) return pad(goSyntax(root), f);
  return renderNested(root, (v, depth): string | Opened => {
    if (verb === 'T') return pad(v === null || v === undefined ? '<nil>' : typeName(v), f);
    if (v === null || v === undefined) return verb === 'v' ? pad('<nil>', f) : badVerb(v, verb, f);
    if (typeof v === 'boolean') return verb === 'v' || verb === 't' ? pad(String(v), f) : badVerb(v, verb, f);
    if (typeof v === 'bigint') {
      if ('bdoOxXv'.includes(verb)) return fmtInteger(v, verb === 'v' ? 'd' : verb, f);
      if (verb === 'd') return fmtInteger(v, 'd', f);
      if (verb === 'c') return pad(rune(v), f);
      if (verb === 'q') return pad(quote(rune(v), "'", f.plus), f);
      if (verb === 'U') return pad(`U+${BigInt.asUintN(64, v).toString(16).toUpperCase().padStart(4, '0')}`, f);
      return badVerb(v, verb, f);
    }
    if (typeof v === 'number') return 'eEfFgGv'.includes(verb) ? fmtFloat(v, verb === 'v' ? 'g' : verb, f) : badVerb(v, verb, f);
    if (v instanceof GoTime)
      return verb === 'v' || verb === 's' || verb === 'q' || verb === 'x' || verb === 'X'
        ? (fmtStringVerb(timeString(v), verb, f) as string)
        : badVerb(v, verb, f);
    const s = stringOf(v);
    if (s !== undefined) return fmtStringVerb(s, verb, f) ?? badVerb(v, verb, f);
    if (Array.isArray(v)) return { open: '[', items: v.map((value) => ({ label: '', value })), sep: ' ', close: ']' };
    if (v instanceof GoMap) {
      const { entries } = v;
      const items = v.sortedKeys().map((k) => ({ label: `${fmtStringVerb(k, verb, f) ?? badVerb(k, verb, f)}:`, value: entries?.get(k) }));
      return { open: 'map[', items, sep: ' ', close: ']' };
    }
    if (v instanceof GoStruct)
      return { open: '{', items: [...v.fields].map(([k, value]) => ({ label: f.plusV ? `${k}:` : '', value })), sep: ' ', close: '}' };
    if (v instanceof GoColor) return depth ? '0xc000010000' : `&{[${v.sgr.split(';').join(' ')}] <nil>}`;
    return badVerb(v, verb, f);
  });
}

/** fmt.Sprint's %v of one value */
export const sprintValue = (v: Value): string => (v instanceof Painted ? v.text : formatValue(v, 'v', NO_FLAGS));

const isStringKind = (v: Value) => stringOf(v) !== undefined;

/** fmt.Sprint: a space between operands when neither is a string */
export function sprint(args: Value[]): string {
  let out = '';
  args.forEach((a, i) => {
    if (i > 0 && !isStringKind(a) && !isStringKind(args[i - 1])) out += ' ';
    out += sprintValue(a);
  });
  return out;
}

/** fmt.Sprintln: always a space between operands, and a newline */
export const sprintln = (args: Value[]): string => `${args.map(sprintValue).join(' ')}\n`;

/** fmt's bound on a width or precision (its tooLarge) */
const TOO_LARGE = 1e6;

export function sprintf(format: string, args: Value[]): string {
  let out = '';
  let argi = 0;
  let i = 0;
  while (i < format.length) {
    const pct = format.indexOf('%', i);
    if (pct === -1) {
      out += format.slice(i);
      break;
    }
    out += format.slice(i, pct);
    i = pct + 1;
    const f: Spec = { ...NO_FLAGS };
    for (; i < format.length; i++) {
      const c = format[i];
      if (c === '-') f.minus = true;
      else if (c === '+') f.plus = true;
      else if (c === '#') f.sharp = true;
      else if (c === ' ') f.space = true;
      else if (c === '0') f.zero = !f.minus;
      else break;
    }
    // fmt's parsenum: a number past TOO_LARGE is taken as garbage and ends the format (%!(NOVERB))
    const num = (): number | undefined => {
      let n: number | undefined;
      for (let c = format.charCodeAt(i); c >= 0x30 && c <= 0x39; c = format.charCodeAt(++i)) {
        if ((n ?? 0) > TOO_LARGE) {
          i = format.length;
          return undefined;
        }
        n = (n ?? 0) * 10 + c - 0x30;
      }
      return n;
    };
    const star = (): number | undefined | 'bad' => {
      i++;
      const a = args[argi++];
      if (typeof a !== 'bigint' || a > TOO_LARGE || a < -TOO_LARGE) return 'bad';
      return Number(a);
    };
    let bad = '';
    if (format[i] === '*') {
      const w = star();
      if (w === 'bad') bad = '%!(BADWIDTH)';
      else if (w !== undefined && w < 0) [f.minus, f.width] = [true, -w];
      else f.width = w;
    } else f.width = num();
    if (format[i] === '.') {
      i++;
      if (format[i] === '*') {
        const p = star();
        if (p === 'bad' || (p ?? 0) < 0) bad += '%!(BADPREC)';
        else f.prec = p;
      } else f.prec = num() ?? 0;
    }
    if (f.minus) f.zero = false;
    out += bad;
    if (i >= format.length) {
      out += '%!(NOVERB)';
      break;
    }
    const verb = String.fromCodePoint(format.codePointAt(i) as number);
    i += verb.length;
    if (verb === '%') {
      out += '%';
      continue;
    }
    if (argi >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    const arg = args[argi++];
    if (verb === 'v') Object.assign(f, { sharpV: f.sharp, sharp: false, plusV: f.plus, plus: false });
    out += verb === 'v' && arg instanceof Painted ? pad(arg.text, f) : formatValue(arg, verb, f);
  }
  if (argi < args.length)
    out += `%!(EXTRA ${args
      .slice(argi)
      .map((a) => (a === null || a === undefined ? '<nil>' : `${typeName(a)}=${sprintValue(a)}`))
      .join(', ')})`;
  return out;
}
