// The literal syntax a template's parser takes from Go: strconv.Unquote for strings and
// character constants, and Go's number literals (decimal, hex, octal, binary, hex floats),
// each with the error the parser reports for it.
import type { ItemType } from './lexer.js';
import type { NumberNode } from './nodes.js';
import { quote } from './printf.js';

const ESCAPES: Record<string, string> = {
  a: '\u0007',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
};

/** strconv.Unquote; undefined = invalid syntax */
export function unquote(s: string): string | undefined {
  const q = s[0];
  if (s.length < 2 || s[s.length - 1] !== q) return undefined;
  const body = s.slice(1, -1);
  if (q === '`') return body.includes('`') ? undefined : body.replace(/\r/g, '');
  if (q !== '"' && q !== "'") return undefined;
  let out = '';
  for (let i = 0; i < body.length;) {
    const c = body[i] as string;
    if (c === q || c === '\n') return undefined;
    if (c !== '\\') {
      const ch = String.fromCodePoint(body.codePointAt(i) as number);
      out += ch;
      i += ch.length;
      continue;
    }
    const e = body[i + 1];
    if (e === undefined) return undefined;
    if (ESCAPES[e] !== undefined) {
      if ((e === "'" && q !== "'") || (e === '"' && q !== '"')) return undefined;
      out += ESCAPES[e];
      i += 2;
    } else if (e === 'x' || e === 'u' || e === 'U') {
      const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const h = body.slice(i + 2, i + 2 + n);
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(h)) return undefined;
      const v = parseInt(h, 16);
      if (e === 'x') out += q === "'" ? String.fromCodePoint(v) : Buffer.from([v]).toString('latin1');
      else {
        if (v > 0x10ffff || (v >= 0xd800 && v < 0xe000)) return undefined;
        out += String.fromCodePoint(v);
      }
      i += 2 + n;
    } else if (e >= '0' && e <= '7') {
      const o = body.slice(i + 1, i + 4);
      if (!/^[0-7]{3}$/.test(o) || parseInt(o, 8) > 255) return undefined;
      out += String.fromCharCode(parseInt(o, 8));
      i += 4;
    } else return undefined;
  }
  if (q === "'" && [...out].length !== 1) return undefined;
  return out;
}

/** strconv.ParseFloat of a hex float such as 0x1.8p3: the exact mantissa rounded once, ties to even */
function hexFloat(body: string): number {
  const m = /^0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?\d+)$/.exec(body);
  const digits = m ? `${m[1]}${m[2] ?? ''}` : '';
  if (!m || digits === '') return NaN;
  let mant = BigInt(`0x${digits}`);
  let exp = Number(m[3]) - 4 * (m[2]?.length ?? 0);
  if (mant === 0n) return 0;
  const bits = mant.toString(2).length;
  const lead = bits - 1 + exp;
  if (lead < -1075) return 0;
  // float64 keeps 53 bits, fewer as the value sinks below 2^-1022
  const drop = bits - Math.min(bits, 53 - Math.max(0, -1022 - lead));
  if (drop > 0) {
    const half = 1n << BigInt(drop - 1);
    const rem = mant & ((half << 1n) - 1n);
    mant >>= BigInt(drop);
    if (rem > half || (rem === half && (mant & 1n) === 1n)) mant++;
    exp += drop;
  }
  // mant now fits a float64 exactly; scale in steps so no intermediate power of two overflows
  let x = Number(mant);
  for (; exp > 1000; exp -= 1000) x *= 2 ** 1000;
  for (; exp < -1000; exp += 1000) x *= 2 ** -1000;
  return x * 2 ** exp;
}

export function numberNode(pos: number, text: string, type: ItemType, fail: (m: string) => never): NumberNode {
  const n: NumberNode = { type: 'number', pos, text, isComplex: false };
  if (type === 'charConstant') {
    const r = unquote(text);
    if (r === undefined) fail(`malformed character constant: ${text}`);
    const cp = BigInt(r.codePointAt(0) as number);
    return { ...n, int: cp, float: Number(cp) };
  }
  if (type === 'complex' || text.endsWith('i')) {
    // complex constants parse in Go, but nothing in a log template takes one
    return { ...n, isComplex: true };
  }
  const clean = text.replace(/_/g, '');
  const sign = clean.startsWith('-') ? -1n : 1n;
  const body = clean.replace(/^[+-]/, '');
  let int: bigint | undefined;
  if (/^0[xX][0-9a-fA-F]+$/.test(body) || /^0[bB][01]+$/.test(body) || /^0[oO][0-7]+$/.test(body))
    int = sign * BigInt(body.replace(/^0[oO]/, '0o'));
  else if (/^0[0-7]*$/.test(body)) int = sign * BigInt(`0o${body.slice(1) || '0'}`);
  else if (/^\d+$/.test(body)) int = sign * BigInt(body);
  const float = /^0[xX].*[pP]/.test(body) ? Number(sign) * hexFloat(body) : Number(clean);
  if (int !== undefined) {
    if (int > 2n ** 64n - 1n || int < -(2n ** 63n)) fail(`integer overflow: ${quote(text)}`);
    if (int > 2n ** 63n - 1n) int = undefined;
    return { ...n, int, float: Number(int ?? float) };
  }
  // out of float64's range is a syntax error to Go's parser (strconv.ParseFloat's ErrRange), not ±Inf
  if (!Number.isFinite(float)) fail(`illegal number syntax: ${quote(text)}`);
  // a float that is an integer also counts as one (Go: 1e3 is an int constant)
  if (Number.isInteger(float) && Math.abs(float) < 2 ** 63) return { ...n, int: BigInt(float), float };
  return { ...n, float };
}
