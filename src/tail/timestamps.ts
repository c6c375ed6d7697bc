// The kubelet's RFC3339Nano line timestamps (requested on every stream so a dropped stream
// can resume exactly where it stopped), and how to skip what was already printed.

/** Splits `<timestamp> <message>`; a line without a space has no timestamp. */
export function splitTimestamp(line: Buffer): { timestamp: string; message: Buffer } {
  const sp = line.indexOf(0x20);
  if (sp < 20 || sp > 40) return { timestamp: '', message: line };
  return { timestamp: line.toString('latin1', 0, sp), message: line.subarray(sp + 1) };
}

/** Nanoseconds since the epoch; the kubelet trims trailing zeros, so strings do not compare. */
export function timestampNanos(ts: string): bigint {
  const m = /^(.*T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/.exec(ts);
  if (!m) return -1n;
  const ms = Date.parse(`${m[1]}${m[3]}`);
  if (Number.isNaN(ms)) return -1n;
  return BigInt(ms) * 1_000_000n + BigInt((m[2] ?? '').padEnd(9, '0') || '0');
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
