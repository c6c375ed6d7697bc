// Where a CRI line's timestamp ends, if it is one timestampNanos takes, read from the line's
// bytes without making a string of it, a regex or Date.parse on every line: lines of one
// second share their first 19 bytes, so Date.parse runs once per second of log (and per
// zone) and the rest is a scan of the fraction digits. Finding the end is the same scan, so
// the space after the timestamp is not looked for again.
import { timestampNanos } from '../shared/time.js';

const T = 0x54;
const DOT = 0x2e;
const COLON = 0x3a;
const SPACE = 0x20;
const Z = 0x5a;
const PLUS = 0x2b;
const MINUS = 0x2d;
const digit = (c: number | undefined) => c !== undefined && c >= 0x30 && c <= 0x39;
/** `YYYY-MM-DDThh:mm:ss` is where the fixed layout ends */
const SECONDS = 19;

/** the first space in [from, end), -1 if none (a loop: the fields are short, a native call costs more) */
export function spaceAfter(buf: Buffer, from: number, end: number): number {
  for (let i = from; i < end; i++) if (buf[i] === SPACE) return i;
  return -1;
}

/**
 * A reader of the timestamp that starts a line buf[start, end): where the first space is if
 * the text before it is a timestamp timestampNanos takes, else -1; answered from the last
 * second it saw when it can.
 */
export function stampReader(): (buf: Buffer, start: number, end: number) => number {
  // the last prefix as words, read through a DataView over the chunk (one per chunk): 6 loads, not 19 (-1: none yet)
  const last = [-1, -1, -1, -1, -1, -1];
  let viewed: Buffer | undefined;
  let view: DataView | undefined;
  const viewOf = (buf: Buffer): DataView => {
    if (buf !== viewed || !view) {
      viewed = buf;
      view = new DataView(buf.buffer, buf.byteOffset, buf.length);
    }
    return view;
  };
  let lastZone = '';
  let lastOk = false;
  const slow = (buf: Buffer, start: number, end: number) => {
    const a = spaceAfter(buf, start, end);
    return a >= 0 && timestampNanos(buf.toString('latin1', start, a)) >= 0n ? a : -1;
  };
  /** the same first 19 bytes as the last line looked at; the seconds change most often, so they are compared first */
  const samePrefix = (buf: Buffer, start: number) => {
    const v = viewOf(buf);
    return (
      v.getUint8(start + 18) === last[5] &&
      v.getUint16(start + 16, true) === last[4] &&
      v.getUint32(start + 12, true) === last[3] &&
      v.getUint32(start + 8, true) === last[2] &&
      v.getUint32(start + 4, true) === last[1] &&
      v.getUint32(start, true) === last[0]
    );
  };
  /** the fixed layout's separators and time digits (the date's are Date.parse's to judge, but hold no space) */
  const laidOut = (buf: Buffer, s: number) => {
    if (
      buf[s + 10] !== T ||
      buf[s + 13] !== COLON ||
      buf[s + 16] !== COLON ||
      !digit(buf[s + 11]) ||
      !digit(buf[s + 12]) ||
      !digit(buf[s + 14]) ||
      !digit(buf[s + 15]) ||
      !digit(buf[s + 17]) ||
      !digit(buf[s + 18])
    )
      return false;
    for (let i = s; i < s + 10; i++) if (buf[i] === SPACE) return false;
    return true;
  };
  /** `±hh:mm` at i */
  const offsetAt = (buf: Buffer, i: number) =>
    (buf[i] === PLUS || buf[i] === MINUS) &&
    digit(buf[i + 1]) &&
    digit(buf[i + 2]) &&
    buf[i + 3] === COLON &&
    digit(buf[i + 4]) &&
    digit(buf[i + 5]);
  return (buf, start, end) => {
    // the layout, the fraction and a zone all end before the line does, and a space follows
    if (end - start <= SECONDS + 1) return slow(buf, start, end);
    const same = samePrefix(buf, start);
    if (!same && !laidOut(buf, start)) return slow(buf, start, end);
    let i = start + SECONDS;
    if (buf[i] === DOT) {
      i++;
      while (i < end && digit(buf[i])) i++;
      if (i === start + SECONDS + 1 || i > start + SECONDS + 10) return slow(buf, start, end);
    }
    let zoneEnd: number;
    if (buf[i] === Z) zoneEnd = i + 1;
    else if (offsetAt(buf, i)) zoneEnd = i + 6;
    else return slow(buf, start, end);
    if (zoneEnd >= end || buf[zoneEnd] !== SPACE) return slow(buf, start, end);
    const zone = zoneEnd === i + 1 ? 'Z' : buf.toString('latin1', i, zoneEnd);
    if (!same || zone !== lastZone) {
      const v = viewOf(buf);
      last[0] = v.getUint32(start, true);
      last[1] = v.getUint32(start + 4, true);
      last[2] = v.getUint32(start + 8, true);
      last[3] = v.getUint32(start + 12, true);
      last[4] = v.getUint16(start + 16, true);
      last[5] = v.getUint8(start + 18);
      lastZone = zone;
      lastOk = !Number.isNaN(Date.parse(`${buf.toString('latin1', start, start + SECONDS)}${zone}`));
    }
    return lastOk ? zoneEnd : -1;
  };
}
