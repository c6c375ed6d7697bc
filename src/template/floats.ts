// Go's strconv.FormatFloat for the verbs templates use (%e, %f, %g; %v is %g),
// digit for digit: JS's own formatting differs in rounding, exponents and shortest forms.

// A float64 is mant × 2^exp exactly, so its digits at any precision are exact integer
// arithmetic, rounded as strconv rounds them (half to even on the exact value). JS's
// toFixed/toExponential round half up and stop at 100 digits; Go takes precisions to 10^6.

/** |x| as mant × 2^exp, mant an integer */
function binary(x: number): { mant: bigint; exp: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(x));
  const bits = view.getBigUint64(0);
  const biased = Number(bits >> 52n);
  const frac = bits & ((1n << 52n) - 1n);
  return biased === 0 ? { mant: frac, exp: -1074 } : { mant: frac | (1n << 52n), exp: biased - 1075 };
}

/** |x| × 10^scale rounded to an integer, half to even */
function scaled(x: number, scale: number): bigint {
  const { mant, exp } = binary(x);
  let num = exp >= 0 ? mant << BigInt(exp) : mant;
  let den = exp < 0 ? 1n << BigInt(-exp) : 1n;
  if (scale >= 0) num *= 10n ** BigInt(scale);
  else den *= 10n ** BigInt(-scale);
  const q = num / den;
  const twice = (num - q * den) * 2n;
  return twice > den || (twice === den && (q & 1n) === 1n) ? q + 1n : q;
}

/** |x| (not 0) to `count` significant digits, and the decimal exponent of the first */
function significant(x: number, count: number): { digits: string; exp: number } {
  // log10 can be one off near a power of ten; rounding up can carry into one more digit
  let exp = Math.floor(Math.log10(Math.abs(x)));
  for (;;) {
    const digits = scaled(x, count - 1 - exp).toString();
    if (digits.length > count) exp++;
    else if (digits.length < count) exp--;
    // 1 and zeros may be a value just under 10^exp rounded up at one exponent too many
    else if (/^10*$/.test(digits) && scaled(x, count - exp).toString().length === count) exp--;
    else return { digits, exp };
  }
}

const negative = (x: number) => x < 0 || Object.is(x, -0);

/** strconv.FormatFloat(f, 'e', prec, 64) */
export function fmtE(x: number, prec: number, upper = false): string {
  const { digits, exp } = x === 0 ? { digits: '0'.repeat(prec + 1), exp: 0 } : significant(x, prec + 1);
  const mant = prec ? `${digits[0]}.${digits.slice(1)}` : digits;
  const s = `${negative(x) ? '-' : ''}${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return upper ? s.toUpperCase() : s;
}

/** strconv.FormatFloat(f, 'f', prec, 64) */
export function fmtF(x: number, prec: number): string {
  const digits = (x === 0 ? 0n : scaled(x, prec)).toString().padStart(prec + 1, '0');
  return `${negative(x) ? '-' : ''}${prec ? `${digits.slice(0, -prec)}.${digits.slice(-prec)}` : digits}`;
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
    ({ digits, exp } = significant(x, Math.max(prec, 1)));
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

/** strconv.FormatFloat(f, 'b', -1, 64): the integer mantissa and the binary exponent, 8444249301319680p-48 */
export function fmtB(x: number): string {
  const { mant, exp } = binary(x);
  return `${negative(x) ? '-' : ''}${mant}p${exp >= 0 ? '+' : ''}${exp}`;
}

/** strconv.FormatFloat(f, 'x', prec, 64): -0x1.8p+01; prec -1 = as few hex digits as the value needs */
export function fmtX(x: number, prec: number, upper = false): string {
  let { mant, exp } = binary(x);
  // the leading 1 at bit 60, as strconv keeps it; exp that of the leading bit
  exp += 52;
  if (mant === 0n) exp = 0;
  mant <<= 8n;
  while (mant !== 0n && (mant & (1n << 60n)) === 0n) {
    mant <<= 1n;
    exp--;
  }
  if (prec >= 0 && prec < 15) {
    const shift = BigInt(prec * 4);
    const extra = (mant << shift) & ((1n << 60n) - 1n);
    mant >>= 60n - shift;
    if ((extra | (mant & 1n)) > 1n << 59n) mant++;
    mant <<= 60n - shift;
    // rounded up past 2: one exponent more
    if (mant & (1n << 61n)) {
      mant >>= 1n;
      exp++;
    }
  }
  const lead = (mant >> 60n) & 1n;
  let frac = (mant << 4n) & ((1n << 64n) - 1n);
  let digits = '';
  for (let i = 0; prec < 0 ? frac !== 0n : i < prec; i++) {
    digits += ((frac >> 60n) & 15n).toString(16);
    frac = (frac << 4n) & ((1n << 64n) - 1n);
  }
  const e = Math.abs(exp);
  const s = `${negative(x) ? '-' : ''}0x${lead}${digits ? `.${digits}` : ''}p${exp < 0 ? '-' : '+'}${e < 10 ? `0${e}` : e}`;
  return upper ? s.toUpperCase() : s;
}
