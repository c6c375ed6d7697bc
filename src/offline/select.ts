// What a container's whole lines go through before the printer: --since (each line's own
// timestamp), then --tail (the last N of what is there at start, across all the container's
// files; lines that come later, with --follow, all pass). Line filters (-i/-e) are the
// printer's, after the tail, as in live mode where the kubelet applies the tail.
import type { LogLine, Target } from '../target.js';
import type { Whole } from './entries.js';

export interface Selector {
  push(w: Whole): Promise<void>;
  /** everything there was at start has been pushed: print the tail, then pass lines through */
  release(): Promise<void>;
}

export function selector(target: Target, sinceNs: bigint, tailLines: number, out: (line: LogLine) => Promise<void>): Selector {
  const line = (w: Whole): LogLine => ({ target, timestamp: w.timestamp, message: w.bytes.toString('utf8'), bytes: w.bytes });
  // a ring of the last tailLines lines; undefined = pass through
  let ring: Whole[] | undefined = tailLines >= 0 ? [] : undefined;
  let next = 0;
  return {
    async push(w) {
      if (w.ns < sinceNs) return;
      if (!ring) return out(line(w));
      if (tailLines === 0) return;
      // a copy: the line may point into a 64 KiB read buffer the ring would keep alive
      ring[next % tailLines] = { ...w, bytes: Buffer.from(w.bytes) };
      next++;
    },
    async release() {
      const kept = ring ?? [];
      const start = next > tailLines ? next % tailLines : 0;
      ring = undefined;
      for (const w of [...kept.slice(start), ...kept.slice(0, start)]) await out(line(w));
    },
  };
}
