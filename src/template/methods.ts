// The methods a template can call on values it is given, e.g. {{(toUTC .Timestamp).Format "15:04"}}:
// time.Time's common ones. Nothing else has methods.
import type { Fn } from './exec.js';
import { formatLayout, inZone, timeString, toUTC, ZERO_MS } from './time.js';
import { GoTime, type Value } from './values.js';

const nanosOf = (t: GoTime) => BigInt(t.ms) * 1_000_000n + BigInt(t.subMsNanos);
const wall = (t: GoTime, layout: string) => BigInt(formatLayout(t, layout));

const TIME_METHODS: Record<string, (t: GoTime) => Fn> = {
  Format: (t) => ({ params: ['string'], call: ([layout]) => formatLayout(t, String(layout)) }),
  String: (t) => ({ params: [], call: () => timeString(t) }),
  UTC: (t) => ({ params: [], call: () => toUTC(t) }),
  Local: (t) => ({ params: [], call: () => inZone(t, 'Local') as GoTime }),
  Unix: (t) => ({
    params: [],
    call: () => nanosOf(t) / 1_000_000_000n - (nanosOf(t) < 0n && nanosOf(t) % 1_000_000_000n !== 0n ? 1n : 0n),
  }),
  UnixMilli: (t) => ({ params: [], call: () => BigInt(t.ms) }),
  UnixNano: (t) => ({ params: [], call: () => nanosOf(t) }),
  Year: (t) => ({ params: [], call: () => wall(t, '2006') }),
  Day: (t) => ({ params: [], call: () => wall(t, '2') }),
  Hour: (t) => ({ params: [], call: () => wall(t, '15') }),
  Minute: (t) => ({ params: [], call: () => wall(t, '4') }),
  Second: (t) => ({ params: [], call: () => wall(t, '5') }),
  Nanosecond: (t) => ({ params: [], call: () => BigInt(formatLayout(t, '.000000000').slice(1)) }),
  IsZero: (t) => ({ params: [], call: () => t.ms === ZERO_MS && t.subMsNanos === 0 }),
};

export function methodOf(receiver: Value, name: string): Fn | undefined {
  if (receiver instanceof GoTime && Object.hasOwn(TIME_METHODS, name)) return (TIME_METHODS[name] as (t: GoTime) => Fn)(receiver);
  return undefined;
}
