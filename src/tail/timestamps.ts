// The kubelet's RFC3339Nano line timestamps, requested on every stream so a dropped stream
// can resume exactly where it stopped (resumePoint.ts).

const SPACE = 0x20;
const DASH = 0x2d;
const T = 0x54;

/**
 * Where the timestamp of `<timestamp> <message>` at buf[start, end) ends (the space before
 * the message), -1 if the line does not start `YYYY-MM-DDT…`: found in place, no view per line.
 */
export function timestampEnd(buf: Buffer, start: number, end: number): number {
  if (buf[start + 4] !== DASH || buf[start + 7] !== DASH || buf[start + 10] !== T) return -1;
  // the first space, 20 to 40 bytes in
  const to = Math.min(end, start + 41);
  for (let i = start + 11; i < to; i++) if (buf[i] === SPACE) return i < start + 20 ? -1 : i;
  return -1;
}
