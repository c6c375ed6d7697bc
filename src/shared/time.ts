// RFC3339Nano timestamps as the kubelet writes them, and showing them in a time zone.
import { UsageError } from './errors.js';

/** Nanoseconds since the epoch; the kubelet trims trailing zeros, so strings do not compare. */
export function timestampNanos(ts: string): bigint {
  const m = /^(.*T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/.exec(ts);
  if (!m) return -1n;
  const ms = Date.parse(`${m[1]}${m[3]}`);
  if (Number.isNaN(ms)) return -1n;
  return BigInt(ms) * 1_000_000n + BigInt((m[2] ?? '').padEnd(9, '0') || '0');
}

export type TimestampFormat = 'default' | 'short';

/**
 * Checks an IANA zone name (or UTC) once, at start. Local stays Local: asking ICU for the
 * machine's zone costs a first use of Intl, which only a run that shows timestamps pays.
 */
export function checkTimezone(zone: string): string {
  if (zone === 'Local') return zone;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone;
  } catch {
    throw new UsageError(`invalid --timezone ${JSON.stringify(zone)}: expected Local, UTC or an IANA name like Europe/Berlin`);
  }
}

/** default: 2024-05-01T12:00:00.123456789+02:00 (stern's); short: 05-01 12:00:00 */
export function timestampFormatter(format: TimestampFormat, zone: string): (ts: string) => string {
  // made at the first timestamp shown (see checkTimezone)
  let parts: Intl.DateTimeFormat | undefined;
  const options: Intl.DateTimeFormatOptions = {
    timeZone: zone === 'Local' ? undefined : zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    timeZoneName: 'longOffset',
  };
  return (ts) => {
    const ns = timestampNanos(ts);
    if (ns < 0n) return ts;
    const ms = Number(ns / 1_000_000n);
    parts ??= new Intl.DateTimeFormat('en-US', options);
    const p = Object.fromEntries(parts.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
    if (format === 'short') return `${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
    const offset = (p.timeZoneName ?? 'GMT').replace('GMT', '');
    return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}.${String(ns % 1_000_000_000n).padStart(9, '0')}${offset === '' || offset === '+00:00' ? 'Z' : offset}`;
  };
}

/**
 * Milliseconds on a clock that only goes forward, for durations. The `performance` global
 * would do, but its first use loads perf_hooks, which nothing else in a run needs.
 */
export function monotonicMs(): number {
  const [s, ns] = process.hrtime();
  return s * 1000 + ns / 1e6;
}
