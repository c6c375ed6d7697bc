// Go's fmt as templates use it: Sprint, Sprintln, Sprintf (verbs, flags, widths,
// precisions, and the %!verb(type=value) / %!v(MISSING) / %!(EXTRA …) complaints).
import { GoColor, GoMap, GoStruct, GoTime, Painted, stringOf, typeName, type Value } from './values.js';
import { fmtB, fmtE, fmtF, fmtG, fmtX } from './floats.js';
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

/** fmt's pad: to the width in runes; zeros only to the left, when asked for */
function pad(s: string, f: Spec): string {
  if (!f.width) return s;
  const n = f.width - runes(s).length;
  if (n <= 0) return s;
  const fill = (f.zero && !f.minus ? '0' : ' ').repeat(n);
  return f.minus ? s + fill : fill + s;
}

/** fmt's truncateString: the precision is a count of runes */
const truncate = (s: string, f: Spec) => (f.prec === undefined ? s : runes(s).slice(0, f.prec).join(''));

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

/** fmt's fmtInteger: digits of |n| in base; a precision, or zero padding, adds leading zeros */
function fmtInteger(n: bigint, base: number, verb: string, f: Spec, upper = false): string {
  const negative = n < 0n;
  const u = negative ? -n : n;
  let prec = 0;
  if (f.prec !== undefined) {
    prec = f.prec;
    // precision 0 and value 0: nothing but the padding
    if (prec === 0 && u === 0n) return ' '.repeat(f.width ?? 0);
  } else if (f.zero && !f.minus && f.width !== undefined) {
    prec = f.width - (negative || f.plus || f.space ? 1 : 0);
  }
  let digits = u.toString(base);
  if (upper) digits = digits.toUpperCase();
  if (digits.length < prec) digits = '0'.repeat(prec - digits.length) + digits;
  if (f.sharp) {
    if (base === 2) digits = `0b${digits}`;
    else if (base === 8 && digits[0] !== '0') digits = `0${digits}`;
    else if (base === 16) digits = `${upper ? '0X' : '0x'}${digits}`;
  }
  if (verb === 'O') digits = `0o${digits}`;
  const sign = negative ? '-' : f.plus ? '+' : f.space ? ' ' : '';
  return pad(sign + digits, { ...f, zero: false });
}

const rune = (v: bigint) => (v < 0n || v > 0x10ffffn || (v >= 0xd800n && v < 0xe000n) ? '\ufffd' : String.fromCodePoint(Number(v)));

/** fmt's fmtUnicode: U+0041, with # also ' 'A'' */
function fmtUnicode(v: bigint, f: Spec): string {
  const u = BigInt.asUintN(64, v);
  const r = rune(v);
  const tail = f.sharp && u <= 0x10ffffn && r !== '\ufffd' && PRINTABLE.test(r) ? ` '${r}'` : '';
  const digits = u
    .toString(16)
    .toUpperCase()
    .padStart(f.prec !== undefined && f.prec > 4 ? f.prec : 4, '0');
  return pad(`U+${digits}${tail}`, { ...f, zero: false });
}

/** fmt's fmtFloat: strconv's text, then the sign, # and zero padding as fmt does them */
function fmtFloat(x: number, verb: string, defaultPrec: number, f: Spec): string {
  const prec = f.prec ?? defaultPrec;
  let num: string;
  if (Number.isNaN(x)) num = 'NaN';
  else if (!Number.isFinite(x)) num = x > 0 ? '+Inf' : '-Inf';
  else if (verb === 'e' || verb === 'E') num = fmtE(x, prec, verb === 'E');
  else if (verb === 'f') num = fmtF(x, prec);
  else if (verb === 'x' || verb === 'X') num = fmtX(x, prec, verb === 'X');
  else if (verb === 'b') num = fmtB(x);
  else num = fmtG(x, prec < 0 ? undefined : prec, verb === 'G');
  if (num[0] !== '-' && num[0] !== '+') num = `+${num}`;
  if (f.space && num[0] === '+' && !f.plus) num = ` ${num.slice(1)}`;
  if (num[1] === 'I' || num[1] === 'N') {
    if (num[1] === 'N' && !f.space && !f.plus) num = num.slice(1);
    return pad(num, { ...f, zero: false });
  }
  // # keeps a decimal point, and for %g/%x the trailing zeros up to the precision
  if (f.sharp && verb !== 'b') {
    let digits = verb === 'v' || verb === 'g' || verb === 'G' || verb === 'x' ? (prec === -1 ? 6 : prec) : 0;
    let tail = '';
    let body = num;
    const cut = body.search(verb === 'x' || verb === 'X' ? /[pP]/ : /[eEpP]/);
    if (cut > 0) [body, tail] = [body.slice(0, cut), body.slice(cut)];
    const mantissa = body.slice(1);
    let seen = false;
    for (const c of mantissa) {
      if (c === '.') continue;
      if (c !== '0') seen = true;
      if (seen) digits--;
    }
    if (!mantissa.includes('.')) {
      if (mantissa === '0') digits--;
      body += '.';
    }
    num = body + '0'.repeat(Math.max(0, digits)) + tail;
  }
  if (f.plus || num[0] !== '+') {
    if (f.zero && !f.minus && f.width !== undefined && f.width > num.length)
      return num[0] + '0'.repeat(f.width - num.length) + num.slice(1);
    return pad(num, f);
  }
  return pad(num.slice(1), f);
}

/** fmt's fmtSbx for a string: its bytes in hex, the precision counting bytes */
function fmtSx(s: string, f: Spec, upper: boolean): string {
  let bytes = Buffer.from(s);
  if (f.prec !== undefined && f.prec < bytes.length) bytes = bytes.subarray(0, f.prec);
  if (!bytes.length) return pad('', f);
  const hexes = [...bytes].map((b) => hex(b, 2));
  let out = f.space ? hexes.map((b) => (f.sharp ? `0x${b}` : b)).join(' ') : (f.sharp ? '0x' : '') + hexes.join('');
  if (upper) out = out.toUpperCase();
  // fmtSbx pads with writePadding: zeros on the left if asked for
  return pad(out, f);
}

/** fmt's fmtQ */
function fmtQ(s: string, f: Spec): string {
  const t = truncate(s, f);
  return pad(f.sharp && canBackquote(t) ? `\`${t}\`` : quote(t, '"', f.plus), f);
}

/** fmt's fmtString; undefined: a verb strings do not take */
function fmtString(s: string, verb: string, f: Spec): string | undefined {
  if (verb === 'v') return f.sharpV ? fmtQ(s, f) : pad(truncate(s, f), f);
  if (verb === 's') return pad(truncate(s, f), f);
  if (verb === 'q') return fmtQ(s, f);
  if (verb === 'x' || verb === 'X') return fmtSx(s, f, verb === 'X');
  return undefined;
}

/** %!verb(type=value): the value under %v with the same flags, as fmt writes it */
function badVerb(v: Value, verb: string, f: Spec): string {
  if (v === null || v === undefined) return `%!${verb}(<nil>)`;
  return `%!${verb}(${typeName(v)}=${formatValue(v, 'v', f)})`;
}

/** A value that is not a container, under one verb, as fmt's printValue prints it */
function leaf(v: Value, verb: string, f: Spec, depth: number): string {
  if (typeof v === 'boolean') return verb === 'v' || verb === 't' ? pad(String(v), f) : badVerb(v, verb, f);
  if (typeof v === 'bigint') {
    if (verb === 'v' || verb === 'd') return fmtInteger(v, 10, verb, f);
    if (verb === 'b') return fmtInteger(v, 2, verb, f);
    if (verb === 'o' || verb === 'O') return fmtInteger(v, 8, verb, f);
    if (verb === 'x' || verb === 'X') return fmtInteger(v, 16, verb, f, verb === 'X');
    if (verb === 'c') return pad(rune(v), f);
    if (verb === 'q') return pad(quote(rune(v), "'", f.plus), f);
    if (verb === 'U') return fmtUnicode(v, f);
    return badVerb(v, verb, f);
  }
  if (typeof v === 'number') {
    if (verb === 'v') return fmtFloat(v, 'g', -1, f);
    if ('bgGxX'.includes(verb)) return fmtFloat(v, verb, -1, f);
    if (verb === 'f' || verb === 'F') return fmtFloat(v, 'f', 6, f);
    if (verb === 'e' || verb === 'E') return fmtFloat(v, verb, 6, f);
    return badVerb(v, verb, f);
  }
  // a Stringer prints through its String() for the verbs strings take
  if (v instanceof GoTime) return (f.sharpV ? undefined : fmtString(timeString(v), verb, f)) ?? badVerb(v, verb, f);
  const s = stringOf(v);
  if (s !== undefined) return fmtString(s, verb, f) ?? badVerb(v, verb, f);
  if (v instanceof GoColor) return depth ? '0xc000010000' : `&{[${v.sgr.split(';').join(' ')}] <nil>}`;
  return badVerb(v, verb, f);
}

/** One operand under one verb, as fmt's printArg prints it (into slices, maps and structs too). */
export function formatValue(root: Value, verb: string, f: Spec): string {
  if (root === null || root === undefined) return verb === 'v' || verb === 'T' ? pad('<nil>', f) : badVerb(root, verb, f);
  if (verb === 'T') return pad(truncate(typeName(root), f), f);
  const sep = f.sharpV ? ', ' : ' ';
  return renderNested(root, (v, depth): string | Opened => {
    // an element of []interface{} or map[string]interface{} that is nil
    if (v === null || v === undefined) return f.sharpV ? 'interface {}(nil)' : '<nil>';
    if (Array.isArray(v))
      return {
        open: f.sharpV ? '[]interface {}{' : '[',
        items: v.map((value) => ({ label: '', value })),
        sep,
        close: f.sharpV ? '}' : ']',
      };
    if (v instanceof GoMap) {
      const { entries } = v;
      if (f.sharpV && !entries) return `${v.type}(nil)`;
      const items = v.sortedKeys().map((k) => ({ label: `${fmtString(k, verb, f) ?? badVerb(k, verb, f)}:`, value: entries?.get(k) }));
      return { open: f.sharpV ? `${v.type}{` : 'map[', items, sep, close: f.sharpV ? '}' : ']' };
    }
    if (v instanceof GoStruct) {
      const items = [...v.fields].map(([k, value]) => ({ label: f.plusV || f.sharpV ? `${k}:` : '', value }));
      return { open: f.sharpV ? `${v.type}{` : '{', items, sep, close: '}' };
    }
    return leaf(v, verb, f, depth);
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
