// Whether a log line's timestamp is one timestampNanos takes, without its regex and Date.parse
// on every line: lines of one second share their first 19 characters, so Date.parse runs once
// per second of log (and per zone) and the rest is a scan of the fraction digits.
import { timestampNanos } from '../time.js';

const T = 0x54;
const DOT = 0x2e;
const COLON = 0x3a;
const Z = 0x5a;
const OFFSET = /^[+-]\d{2}:\d{2}$/;
const digit = (c: number) => c >= 0x30 && c <= 0x39;
/** `YYYY-MM-DDThh:mm:ss` is where the fixed layout ends */
const SECONDS = 19;
const TIME_DIGITS = [11, 12, 14, 15, 17, 18];

/** exactly `timestampNanos(ts) >= 0n`, answered from the last second it saw when it can */
export function stampChecker(): (ts: string) => boolean {
  let lastPrefix = '';
  let lastZone = '';
  let lastOk = false;
  return (ts) => {
    const n = ts.length;
    if (n <= SECONDS || ts.charCodeAt(10) !== T || ts.charCodeAt(13) !== COLON || ts.charCodeAt(16) !== COLON) return timestampNanos(ts) >= 0n;
    for (const i of TIME_DIGITS) if (!digit(ts.charCodeAt(i))) return timestampNanos(ts) >= 0n;
    let i = SECONDS;
    if (ts.charCodeAt(i) === DOT) {
      i++;
      while (i < n && digit(ts.charCodeAt(i))) i++;
      if (i === SECONDS + 1 || i > SECONDS + 10) return timestampNanos(ts) >= 0n;
    }
    const utc = i === n - 1 && ts.charCodeAt(i) === Z;
    const zone = utc ? 'Z' : ts.slice(i);
    if (!utc && !OFFSET.test(zone)) return timestampNanos(ts) >= 0n;
    if (zone !== lastZone || !ts.startsWith(lastPrefix)) {
      lastPrefix = ts.slice(0, SECONDS);
      lastZone = zone;
      lastOk = !Number.isNaN(Date.parse(`${lastPrefix}${zone}`));
    }
    return lastOk;
  };
}
