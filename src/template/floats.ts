// Go's strconv.FormatFloat for the verbs templates use (%e, %f, %g; %v is %g),
// digit for digit: JS's own formatting differs in rounding, exponents and shortest forms.

/**
 * JS rounds a value exactly halfway up, Go to even: `text` is x rounded at `keep` digits by
 * JS; when x is exactly halfway (its exact digits are ...5 then zeros), take the even neighbour.
 */
function halfEven(text: string, exact: string, cutAt: number): string | undefined {
  const tail = exact.slice(cutAt).replace(/\D/g, '');
  if (!/^50*$/.test(tail)) return undefined;
  const kept = exact.slice(0, cutAt);
  const last = kept.replace(/\D/g, '').slice(-1);
  return Number(last) % 2 === 0 ? kept.replace(/\.$/, '') : text;
}

/** strconv.FormatFloat(f, 'e', prec, 64) */
export function fmtE(x: number, prec: number, upper = false): string {
  let s = x.toExponential(Math.min(prec, 100));
  if (prec < 60) {
    const exact = x.toExponential(Math.min(prec + 40, 100));
    const mant = exact.split('e')[0] as string;
    const cut = mant.indexOf('.') === -1 ? mant.length : mant.indexOf('.') + 1 + prec;
    const even = halfEven(s.split('e')[0] as string, mant, cut);
    if (even !== undefined) s = `${even}e${exact.split('e')[1]}`;
  }
  if (Object.is(x, -0)) s = `-${s}`;
  s = s.replace(/e([+-])(\d)$/, 'e$10$2');
  return upper ? s.toUpperCase() : s;
}

/** strconv.FormatFloat(f, 'f', prec, 64) */
export function fmtF(x: number, prec: number): string {
  if (Math.abs(x) >= 1e21) {
    const int = BigInt(Math.trunc(x)).toString();
    return prec > 0 ? `${int}.${'0'.repeat(prec)}` : int;
  }
  const fixed = x.toFixed(Math.min(prec, 100));
  const sign = Object.is(x, -0) || (x < 0 && !fixed.startsWith('-')) ? '-' : '';
  if (prec < 60) {
    const exact = x.toFixed(Math.min(prec + 40, 100));
    const cut = exact.indexOf('.') + (prec ? 1 + prec : 0);
    const even = halfEven(fixed, exact, cut);
    if (even !== undefined) return sign + even.replace(/^-/, '');
  }
  return sign + fixed.replace(/^-/, '');
}

/** strconv.FormatFloat(f, 'g', prec, 64); prec undefined = shortest (%v, %#v) */
export function fmtG(x: number, prec: number | undefined, upper = false, sharp = false): string {
  if (x === 0 && !sharp) return Object.is(x, -0) ? '-0' : '0';
  if (x === 0) return `${Object.is(x, -0) ? '-' : ''}0.${'0'.repeat(Math.max((prec ?? 6) - 1, 0))}`;
  let digits: string;
  let exp: number;
  if (prec === undefined && sharp) prec = 6;
  if (prec === undefined) {
    const [m = '', e = '0'] = x.toExponential().split('e');
    digits = m.replace('-', '').replace('.', '');
    exp = Number(e);
  } else {
    const p = Math.max(prec, 1);
    const [m = '', e = '0'] = x.toExponential(Math.min(p - 1, 100)).split('e');
    digits = m.replace('-', '').replace('.', '');
    exp = Number(e);
    if (!sharp) digits = digits.replace(/0+$/, '') || '0';
  }
  const eprec = prec === undefined ? 6 : Math.max(prec, 1) > digits.length && digits.length >= exp + 1 ? digits.length : Math.max(prec, 1);
  const neg = x < 0 ? '-' : '';
  if (exp < -4 || exp >= eprec) {
    const mant = digits.length > 1 || sharp ? `${digits[0]}.${digits.slice(1)}` : digits;
    const es = `e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
    return neg + mant + (upper ? es.toUpperCase() : es);
  }
  if (exp >= 0)
    return (
      neg +
      (digits.length > exp + 1
        ? `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`
        : digits + '0'.repeat(exp + 1 - digits.length) + (sharp ? '.' : ''))
    );
  return `${neg}0.${'0'.repeat(-exp - 1)}${digits}`;
}
