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
const TIME_DIGITS = [11, 12, 14, 15, 17, 18];

/** exactly `timestampNanos(line[0, end) as text) >= 0n`, answered from the last second it saw when it can */
export function stampChecker(): (line: Buffer, end: number) => boolean {
  const lastPrefix = Buffer.alloc(SECONDS);
  let lastZone = '';
  let lastOk = false;
  const slow = (line: Buffer, end: number) => timestampNanos(line.toString('latin1', 0, end)) >= 0n;
  const samePrefix = (line: Buffer) => {
    // the seconds change most often: compared first
    for (let i = SECONDS - 1; i >= 0; i--) if (line[i] !== lastPrefix[i]) return false;
    return true;
  };
  return (line, end) => {
    if (end <= SECONDS || line[10] !== T || line[13] !== COLON || line[16] !== COLON) return slow(line, end);
    for (const i of TIME_DIGITS) if (!digit(line[i])) return slow(line, end);
    let i = SECONDS;
    if (line[i] === DOT) {
      i++;
      while (i < end && digit(line[i])) i++;
      if (i === SECONDS + 1 || i > SECONDS + 10) return slow(line, end);
    }
    const utc = i === end - 1 && line[i] === Z;
    const zone = utc ? 'Z' : line.toString('latin1', i, end);
    if (!utc && !OFFSET.test(zone)) return slow(line, end);
    if (zone !== lastZone || !samePrefix(line)) {
      line.copy(lastPrefix, 0, 0, SECONDS);
      lastZone = zone;
      lastOk = !Number.isNaN(Date.parse(`${lastPrefix.toString('latin1')}${zone}`));
    }
    return lastOk;
  };
}
