// Go's time.Parse for the layouts spf13/cast tries (stern's toTime: its TimeFormats, in its
// order), element by element as time.Parse reads them: fixed and free-width numbers, names
// in any case, a fraction after the seconds even where the layout has none, day-of-month
// checks, and zones as a name, a numeric offset or Z.

/** What a layout read from a text: the wall clock, and a zone if the text gave one */
export interface Parsed {
  year: number;
  month: number;
  day: number;
  hour: number;
  min: number;
  sec: number;
  nanos: number;
  /** seconds east of UTC, from a numeric zone */
  offset?: number;
  /** a zone abbreviation (MST) */
  zoneName?: string;
  /** Z or UTC */
  utc: boolean;
}

// github.com/spf13/cast v1.10.0 internal.TimeFormats, in its order. What cast does with the zone
// read follows from the layout: where it has no numeric zone (none, or a name such as MST) the
// wall clock is put in UTC; a numeric zone, or Z, is kept.
export const CAST_FORMATS: readonly string[] = [
  '2006-01-02',
  '2006-01-02T15:04:05Z07:00',
  '2006-01-02T15:04:05',
  'Mon, 02 Jan 2006 15:04:05 -0700',
  'Mon, 02 Jan 2006 15:04:05 MST',
  '02 Jan 06 15:04 -0700',
  '02 Jan 06 15:04 MST',
  'Monday, 02-Jan-06 15:04:05 MST',
  '2006-01-02 15:04:05.999999999 -0700 MST',
  '2006-01-02T15:04:05-0700',
  '2006-01-02 15:04:05Z0700',
  '2006-01-02 15:04:05',
  'Mon Jan _2 15:04:05 2006',
  'Mon Jan _2 15:04:05 MST 2006',
  'Mon Jan 02 15:04:05 -0700 2006',
  '2006-01-02 15:04:05Z07:00',
  '02 Jan 2006',
  '2006-01-02 15:04:05 -07:00',
  '2006-01-02 15:04:05 -0700',
  '3:04PM',
  'Jan _2 15:04:05',
  'Jan _2 15:04:05.000',
  'Jan _2 15:04:05.000000',
  'Jan _2 15:04:05.000000000',
];

// the layout elements those formats use, longest first where one starts another
const ELEMENTS = [
  'Monday',
  'Mon',
  'Jan',
  '2006',
  'Z07:00',
  'Z0700',
  '-07:00',
  '-0700',
  '.999999999',
  '.000000000',
  '.000000',
  '.000',
  'MST',
  '_2',
  '01',
  '02',
  '04',
  '05',
  '06',
  '15',
  'PM',
  '3',
];
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

const isDigit = (s: string, i: number) => i < s.length && s.charCodeAt(i) >= 0x30 && s.charCodeAt(i) <= 0x39;
const daysIn = (month: number, year: number) => new Date(Date.UTC(2000, month, 0)).getUTCDate() - (month === 2 && !leap(year) ? 1 : 0);
const leap = (y: number) => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);

/** time.Parse's getnum: one or two digits, exactly two when fixed */
function num(v: string, fixed: boolean): [number, string] | undefined {
  if (!isDigit(v, 0)) return undefined;
  if (!isDigit(v, 1)) return fixed ? undefined : [Number(v[0]), v.slice(1)];
  return [Number(v.slice(0, 2)), v.slice(2)];
}

/** time.Parse's skip: literal text, a run of spaces matching a run of spaces */
function skip(v: string, literal: string): string | undefined {
  let p = literal;
  while (p) {
    if (p[0] === ' ') {
      if (v && v[0] !== ' ') return undefined;
      p = p.trimStart();
      v = v.replace(/^ +/, '');
      continue;
    }
    if (v[0] !== p[0]) return undefined;
    p = p.slice(1);
    v = v.slice(1);
  }
  return v;
}

/** parseNanoseconds: the digits after the separator, the first nine counted */
const nanosOf = (digits: string) => Number(digits.slice(0, 9).padEnd(9, '0'));

/** parseSignedOffset: a sign and hours up to 23, its length; 0 if not */
function signedOffset(v: string): number {
  const m = /^[+-](\d+)/.exec(v);
  return m && Number(m[1]) <= 23 ? m[0].length : 0;
}

/** time.Parse's parseTimeZone: how long the zone abbreviation at the start is, 0 if none */
function zoneLength(v: string): number {
  if (v.length < 3) return 0;
  if (v.startsWith('ChST') || v.startsWith('MeST')) return 4;
  if (v.startsWith('GMT')) return 3 + signedOffset(v.slice(3));
  if (v[0] === '+' || v[0] === '-') return signedOffset(v);
  const upper = /^[A-Z]{0,6}/.exec(v)?.[0].length ?? 0;
  if (upper === 5) return v[4] === 'T' ? 5 : 0;
  if (upper === 4) return v[3] === 'T' || v.startsWith('WITA') ? 4 : 0;
  return upper === 3 ? 3 : 0;
}

/** a numeric zone: ±hh:mm or ±hhmm; seconds east, and the rest */
function numericZone(v: string, colon: boolean): [number, string] | undefined {
  const m = (colon ? /^([+-])(\d{2}):(\d{2})/ : /^([+-])(\d{2})(\d{2})/).exec(v);
  if (!m) return undefined;
  const sec = (Number(m[2]) * 60 + Number(m[3])) * 60;
  return [m[1] === '-' ? -sec : sec, v.slice(m[0].length)];
}

/** time.Parse(layout, value) for the elements above; undefined where Go returns an error */
export function parseLayout(layout: string, value: string): Parsed | undefined {
  const p: Parsed = { year: 0, month: 1, day: 1, hour: 0, min: 0, sec: 0, nanos: 0, utc: false };
  let pm: boolean | undefined;
  let v: string | undefined = value;
  for (let i = 0; i < layout.length;) {
    const el = ELEMENTS.find((e) => layout.startsWith(e, i));
    if (!el) {
      let j = i + 1;
      while (j < layout.length && !ELEMENTS.some((e) => layout.startsWith(e, j))) j++;
      v = skip(v, layout.slice(i, j));
      if (v === undefined) return undefined;
      i = j;
      continue;
    }
    i += el.length;
    let n: [number, string] | undefined;
    switch (el) {
      case 'Monday':
      case 'Mon': {
        const names = el === 'Mon' ? DAYS.map((d) => d.slice(0, 3)) : DAYS;
        const name = names.find((d) => v?.slice(0, d.length).toLowerCase() === d);
        if (!name) return undefined;
        v = v.slice(name.length);
        break;
      }
      case 'Jan': {
        const m = MONTHS.indexOf(v.slice(0, 3).toLowerCase());
        if (m < 0) return undefined;
        p.month = m + 1;
        v = v.slice(3);
        break;
      }
      case '2006':
        if (!/^\d{4}/.test(v)) return undefined;
        p.year = Number(v.slice(0, 4));
        v = v.slice(4);
        break;
      case '06':
        if (!/^\d{2}/.test(v)) return undefined;
        p.year = Number(v.slice(0, 2));
        p.year += p.year >= 69 ? 1900 : 2000;
        v = v.slice(2);
        break;
      case '01':
        if (!(n = num(v, true)) || n[0] < 1 || n[0] > 12) return undefined;
        [p.month, v] = n;
        break;
      case '02':
      case '_2':
        if (!(n = num(el === '_2' && v[0] === ' ' ? v.slice(1) : v, el === '02')) || n[0] < 1 || n[0] > 31) return undefined;
        [p.day, v] = n;
        break;
      case '15':
      case '3':
        if (!(n = num(v, false)) || n[0] > (el === '15' ? 23 : 12)) return undefined;
        [p.hour, v] = n;
        break;
      case '04':
        if (!(n = num(v, true)) || n[0] > 59) return undefined;
        [p.min, v] = n;
        break;
      case '05': {
        if (!(n = num(v, true)) || n[0] > 59) return undefined;
        [p.sec, v] = n;
        // a fraction in the text where the layout has none is read all the same
        const frac = /^[.,](\d+)/.exec(v);
        if (frac && !/^[.,][09]/.test(layout.slice(i))) {
          p.nanos = nanosOf(frac[1] as string);
          v = v.slice(frac[0].length);
        }
        break;
      }
      case '.000':
      case '.000000':
      case '.000000000': {
        const width = el.length - 1;
        if (!/^[.,]/.test(v) || !new RegExp(`^.\\d{${width}}`).test(v)) return undefined;
        p.nanos = nanosOf(v.slice(1, 1 + width));
        v = v.slice(1 + width);
        break;
      }
      case '.999999999': {
        const frac = /^[.,](\d+)/.exec(v);
        if (frac) {
          p.nanos = nanosOf(frac[1] as string);
          v = v.slice(frac[0].length);
        }
        break;
      }
      case 'PM':
        if (v.startsWith('PM')) pm = true;
        else if (v.startsWith('AM')) pm = false;
        else return undefined;
        v = v.slice(2);
        break;
      case 'Z07:00':
      case 'Z0700':
      case '-07:00':
      case '-0700': {
        if (el[0] === 'Z' && v[0] === 'Z') {
          p.utc = true;
          v = v.slice(1);
          break;
        }
        const z = numericZone(v, el.includes(':'));
        if (!z) return undefined;
        [p.offset, v] = z;
        break;
      }
      case 'MST': {
        if (v.startsWith('UTC')) {
          p.utc = true;
          v = v.slice(3);
          break;
        }
        const len = zoneLength(v);
        if (!len) return undefined;
        p.zoneName = v.slice(0, len);
        v = v.slice(len);
        break;
      }
    }
  }
  if (v) return undefined;
  if (pm === true && p.hour < 12) p.hour += 12;
  if (pm === false && p.hour === 12) p.hour = 0;
  if (p.day > daysIn(p.month, p.year)) return undefined;
  return p;
}
