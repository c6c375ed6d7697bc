// Whether a log line's timestamp is one timestampNanos takes, read from the line's bytes,
// without making a string of it, a regex or Date.parse on every line: lines of one second
// share their first 19 bytes, so Date.parse runs once per second of log (and per zone) and
// the rest is a scan of the fraction digits.
import { timestampNanos } from '../shared/time.js';

const T = 0x54;
const DOT = 0x2e;
const COLON = 0x3a;
const Z = 0x5a;
const OFFSET = /^[+-]\d{2}:\d{2}$/;
const digit = (c: number | undefined) => c !== undefined && c >= 0x30 && c <= 0x39;
/** `YYYY-MM-DDThh:mm:ss` is where the fixed layout ends */
const SECONDS = 19;

/** exactly `timestampNanos(buf[start, end) as text) >= 0n`, answered from the last second it saw when it can */
export function stampChecker(): (buf: Buffer, start: number, end: number) => boolean {
  const lastPrefix = Buffer.alloc(SECONDS);
  let lastZone = '';
  let lastOk = false;
  const slow = (buf: Buffer, start: number, end: number) => timestampNanos(buf.toString('latin1', start, end)) >= 0n;
  /** the same first 19 bytes as the last line looked at; the seconds change most often, so they are compared first */
  const samePrefix = (buf: Buffer, start: number) => {
    for (let i = SECONDS - 1; i >= 0; i--) if (buf[start + i] !== lastPrefix[i]) return false;
    return true;
  };
  /** the fixed layout's separators and time digits (the date's digits are Date.parse's to judge) */
  const laidOut = (buf: Buffer, s: number) =>
    buf[s + 10] === T &&
    buf[s + 13] === COLON &&
    buf[s + 16] === COLON &&
    digit(buf[s + 11]) &&
    digit(buf[s + 12]) &&
    digit(buf[s + 14]) &&
    digit(buf[s + 15]) &&
    digit(buf[s + 17]) &&
    digit(buf[s + 18]);
  return (buf, start, end) => {
    const same = end - start > SECONDS && samePrefix(buf, start);
    if (!same && (end - start <= SECONDS || !laidOut(buf, start))) return slow(buf, start, end);
    let i = start + SECONDS;
    if (buf[i] === DOT) {
      i++;
      while (i < end && digit(buf[i])) i++;
      if (i === start + SECONDS + 1 || i > start + SECONDS + 10) return slow(buf, start, end);
    }
    const utc = i === end - 1 && buf[i] === Z;
    const zone = utc ? 'Z' : buf.toString('latin1', i, end);
    if (!utc && !OFFSET.test(zone)) return slow(buf, start, end);
    if (!same || zone !== lastZone) {
      buf.copy(lastPrefix, 0, start, start + SECONDS);
      lastZone = zone;
      lastOk = !Number.isNaN(Date.parse(`${lastPrefix.toString('latin1')}${zone}`));
    }
    return lastOk;
  };
}
