// time.Time for templates: what stern's toTime (spf13/cast) accepts, Go's String() and
// layout formatting (toTimestamp), and zones by name.
import { CAST_FORMATS, parseLayout } from './timeParse.js';
import { GoTime, JsonNumber, stringOf, type Value } from './values.js';

/** Go's zero time.Time, January 1 of year 1 UTC */
export const ZERO_MS = -62135596800000;
const ZERO = new GoTime(ZERO_MS, 0, 0, 'UTC');

/** Date.UTC for every year: Date.UTC reads years 0–99 as 1900–1999 (the zero time, 0001-01-01, as 1901) */
function utcMs(y: number, mo: number, d: number, h: number, mi: number, s: number, ms = 0): number {
  const t = new Date(0);
  t.setUTCFullYear(y, mo, d);
  t.setUTCHours(h, mi, s, ms);
  return t.getTime();
}

/** seconds east of UTC of a zone at an instant; undefined for an unknown zone */
function offsetIn(zone: string, ms: number): number | undefined {
  if (zone === '' || zone === 'UTC') return 0;
  if (zone === 'Local') {
    // getTimezoneOffset() is whole minutes; the local wall clock keeps a local mean time's seconds
    const d = new Date(ms);
    const wall = utcMs(d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds(), d.getMilliseconds());
    return Math.round((wall - ms) / 1000);
  }
  try {
    const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' }).formatToParts(new Date(ms));
    const m = /GMT([+-])(\d{2}):(\d{2})(?::(\d{2}))?/.exec(parts.find((p) => p.type === 'timeZoneName')?.value ?? '');
    return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4] ?? 0)) : 0;
  } catch {
    return undefined;
  }
}

function abbreviation(zone: string, ms: number, offset: number): string {
  if (zone === '' || zone === 'UTC') return 'UTC';
  try {
    const tz = zone === 'Local' ? undefined : zone;
    const name = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'short' })
      .formatToParts(new Date(ms))
      .find((p) => p.type === 'timeZoneName')?.value;
    if (name && !name.startsWith('GMT')) return name;
  } catch {
    // fall through to the numeric name Go uses for zones without an abbreviation
  }
  if (offset === 0 && zone === 'Local') return 'UTC';
  const sign = offset < 0 ? '-' : '+';
  const a = Math.trunc(Math.abs(offset) / 60);
  return `${sign}${String(Math.floor(a / 60)).padStart(2, '0')}${a % 60 ? String(a % 60).padStart(2, '0') : ''}`;
}

export function inZone(t: GoTime, zone: string): GoTime | undefined {
  const offset = offsetIn(zone, t.ms);
  if (offset === undefined) return undefined;
  return new GoTime(t.ms, t.subMsNanos, offset, abbreviation(zone, t.ms, offset));
}

const local = (ms: number, nanos: number) => inZone(new GoTime(ms, nanos, 0, 'UTC'), 'Local') as GoTime;

/** time.Unix(sec, nsec) in the local zone */
function unix(sec: bigint, nsec: bigint): GoTime {
  const totalNs = sec * 1_000_000_000n + nsec;
  const ms = totalNs / 1_000_000n;
  return local(Number(ms), Number(totalNs - ms * 1_000_000n));
}

/** stern's parseUnixTimeNanoString: "1700000000" or "1700000000.123456789" */
function unixString(s: string): GoTime | undefined {
  const m = /^([+-]?\d+)(?:\.(\d*))?$/.exec(s);
  if (!m) return undefined;
  const frac = (m[2] ?? '').slice(0, 9).padEnd(9, '0');
  if (m[2] !== undefined && !/^\d+$/.test(frac)) return undefined;
  return unix(BigInt(m[1] as string), BigInt(frac || '0'));
}

/** cast's StringToDateInDefaultLocation(s, UTC): the first of its layouts that reads s */
function parseDate(s: string): GoTime | undefined {
  for (const layout of CAST_FORMATS) {
    const p = parseLayout(layout, s);
    if (!p) continue;
    const wall = utcMs(p.year, p.month - 1, p.day, p.hour, p.min, p.sec) + Math.floor(p.nanos / 1e6);
    // cast puts the wall clock of a text with no zone, or a zone's name only, in UTC
    if (p.offset === undefined) return new GoTime(wall, p.nanos % 1e6, 0, 'UTC');
    const ms = wall - p.offset * 1000;
    // time.Parse: the local zone if it has that offset (and name) then, else a zone of its own
    const local = offsetIn('Local', ms) === p.offset ? abbreviation('Local', ms, p.offset) : undefined;
    const zone = local !== undefined && (!p.zoneName || p.zoneName === local) ? local : (p.zoneName ?? '');
    return new GoTime(ms, p.nanos % 1e6, p.offset, zone);
  }
  return undefined;
}

/** cast's "unable to cast %#v of type %T to time.Time", for a value of a kind it does not take */
export class CastError extends Error {
  constructor(readonly value: Value) {
    super('unable to cast to time.Time');
  }
}

/** stern's toTimeE: strings and json.Numbers as unix seconds or dates, ints as unix seconds, times as they are. */
export function toTime(v: Value): GoTime | Error {
  if (v instanceof GoTime) return v;
  if (v === null || v === undefined) return ZERO;
  if (typeof v === 'bigint') return unix(v, 0n);
  const s = stringOf(v);
  if (s !== undefined) {
    const asUnix = unixString(s);
    if (asUnix) return asUnix;
    if (v instanceof JsonNumber) {
      // cast: trailing zero decimals dropped, then json.Number's Int64
      const whole = /^([+-]?\d+)(?:\.0+)?$/.exec(s);
      const sec = whole ? BigInt(whole[1] as string) : undefined;
      return sec !== undefined && BigInt.asIntN(64, sec) === sec ? unix(sec, 0n) : new CastError(v);
    }
    return parseDate(s) ?? new Error(`unable to parse date: ${s}`);
  }
  return new CastError(v);
}

/** wall-clock fields of t in its own zone */
function fields(t: GoTime) {
  const d = new Date(t.ms + t.offsetSec * 1000);
  const nanos = (((t.ms % 1000) + 1000) % 1000) * 1e6 + t.subMsNanos;
  return {
    y: d.getUTCFullYear(),
    mo: d.getUTCMonth(),
    d: d.getUTCDate(),
    h: d.getUTCHours(),
    mi: d.getUTCMinutes(),
    s: d.getUTCSeconds(),
    wd: d.getUTCDay(),
    nanos,
  };
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const p2 = (n: number) => String(n).padStart(2, '0');

/**
 * Go's numeric zone layouts, -07 to Z07:00:00: a leading Z prints UTC as "Z", a colon separates, and the
 * digits say how much of the offset to print (hours, minutes truncated, seconds)
 */
function zoneText(offset: number, layout: string): string {
  if (layout[0] === 'Z' && offset === 0) return 'Z';
  const digits = layout.replace(/\D/g, '').length;
  const sep = layout.includes(':') ? ':' : '';
  const a = Math.abs(offset);
  const min = Math.trunc(a / 60);
  const mm = digits >= 4 ? `${sep}${p2(min % 60)}` : '';
  const ss = digits >= 6 ? `${sep}${p2(a % 60)}` : '';
  return `${offset < 0 ? '-' : '+'}${p2(Math.floor(min / 60))}${mm}${ss}`;
}

// longest first, as Go's layout scanner matches them
const TOKENS = [
  'January',
  'Monday',
  'Z07:00:00',
  '-07:00:00',
  'Z070000',
  '-070000',
  'Z07:00',
  '-07:00',
  'Z0700',
  '-0700',
  '2006',
  '__2',
  '_2',
  '002',
  'Jan',
  'Mon',
  'MST',
  'Z07',
  '-07',
  '01',
  '02',
  '03',
  '04',
  '05',
  '06',
  '15',
  'PM',
  'pm',
  '1',
  '2',
  '3',
  '4',
  '5',
];

/** Go's Time.Format(layout) for the layouts people write */
export function formatLayout(t: GoTime, layout: string): string {
  const f = fields(t);
  const dayOfYear = Math.floor((Date.UTC(f.y, f.mo, f.d) - Date.UTC(f.y, 0, 1)) / 86_400_000) + 1;
  let out = '';
  for (let i = 0; i < layout.length;) {
    const frac = /^[.,](0+|9+)(?!\d)/.exec(layout.slice(i));
    if (frac) {
      const digits = String(f.nanos)
        .padStart(9, '0')
        .slice(0, (frac[1] as string).length);
      const sep = layout[i] as string;
      out += (frac[1] as string)[0] === '0' ? sep + digits : digits.replace(/0+$/, '') ? sep + digits.replace(/0+$/, '') : '';
      i += frac[0].length;
      continue;
    }
    const tok = TOKENS.find((k) => layout.startsWith(k, i));
    if (!tok) {
      out += layout[i];
      i++;
      continue;
    }
    i += tok.length;
    const h12 = f.h % 12 || 12;
    const map: Record<string, () => string> = {
      January: () => MONTHS[f.mo] as string,
      Jan: () => (MONTHS[f.mo] as string).slice(0, 3),
      '1': () => String(f.mo + 1),
      '01': () => p2(f.mo + 1),
      Monday: () => DAYS[f.wd] as string,
      Mon: () => (DAYS[f.wd] as string).slice(0, 3),
      '2006': () => String(f.y).padStart(4, '0'),
      '06': () => p2(f.y % 100),
      '2': () => String(f.d),
      '02': () => p2(f.d),
      _2: () => String(f.d).padStart(2, ' '),
      '002': () => String(dayOfYear).padStart(3, '0'),
      __2: () => String(dayOfYear).padStart(3, ' '),
      '15': () => p2(f.h),
      '3': () => String(h12),
      '03': () => p2(h12),
      '4': () => String(f.mi),
      '04': () => p2(f.mi),
      '5': () => String(f.s),
      '05': () => p2(f.s),
      PM: () => (f.h >= 12 ? 'PM' : 'AM'),
      pm: () => (f.h >= 12 ? 'pm' : 'am'),
      MST: () => t.zone || zoneText(t.offsetSec, '-0700'),
    };
    out += /^[Z-]07/.test(tok) ? zoneText(t.offsetSec, tok) : (map[tok] as () => string)();
  }
  return out;
}

export const RFC3339_NANO = '2006-01-02T15:04:05.999999999Z07:00';

/** Time.String(): "2006-01-02 15:04:05.999999999 -0700 MST" */
export const timeString = (t: GoTime) => formatLayout(t, '2006-01-02 15:04:05.999999999 -0700 MST');

export const toUTC = (t: GoTime) => new GoTime(t.ms, t.subMsNanos, 0, 'UTC');

/** the instant as RFC3339Nano text, for JSON (time.Time marshals that way) */
export const timeJSON = (t: GoTime) => formatLayout(t, RFC3339_NANO);
