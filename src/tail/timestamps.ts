// The kubelet's RFC3339Nano line timestamps, requested on every stream so a dropped stream
// can resume exactly where it stopped (resumePoint.ts).

const DASH = 0x2d;
const T = 0x54;

/** Splits `<timestamp> <message>`; a line that does not start `YYYY-MM-DDT…` has no timestamp. */
export function splitTimestamp(line: Buffer): { timestamp: string; message: Buffer } {
  const sp = line.indexOf(0x20);
  if (sp < 20 || sp > 40 || line[4] !== DASH || line[7] !== DASH || line[10] !== T) return { timestamp: '', message: line };
  return { timestamp: line.toString('latin1', 0, sp), message: line.subarray(sp + 1) };
}
