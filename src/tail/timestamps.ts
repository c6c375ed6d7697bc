// The kubelet's RFC3339Nano line timestamps (requested on every stream so a dropped stream
// can resume exactly where it stopped), and how to skip what was already printed.
import { timestampNanos } from '../time.js';

const DASH = 0x2d;
const T = 0x54;

/** Splits `<timestamp> <message>`; a line that does not start `YYYY-MM-DDT…` has no timestamp. */
export function splitTimestamp(line: Buffer): { timestamp: string; message: Buffer } {
  const sp = line.indexOf(0x20);
  if (sp < 20 || sp > 40 || line[4] !== DASH || line[7] !== DASH || line[10] !== T) return { timestamp: '', message: line };
  return { timestamp: line.toString('latin1', 0, sp), message: line.subarray(sp + 1) };
}

/** Where a stream got to: the last timestamp printed and how many lines carried it. */
export interface ResumePoint {
  timestamp: string;
  count: number;
}

/**
 * After re-opening with sinceTime (which the apiserver truncates to the second), the
 * server repeats lines already printed: drop those older than the resume point and the
 * first `count` lines that carry its timestamp.
 */
export function resumeFilter(from: ResumePoint): (timestamp: string) => boolean {
  const fromNs = timestampNanos(from.timestamp);
  let sameSeen = 0;
  let passed = false;
  return (timestamp) => {
    if (passed) return true;
    const ns = timestampNanos(timestamp);
    if (ns < fromNs) return false;
    if (ns === fromNs && sameSeen < from.count) {
      sameSeen++;
      return false;
    }
    passed = true;
    return true;
  };
}
