// What a container's whole lines go through before the printer: --since (each line's own
// timestamp), then --tail (the last N of what is there at start, across all the container's
// files; lines that come later, with --follow, all pass). Line filters (-i/-e) are the
// printer's, after the tail, as in live mode where the kubelet applies the tail.
import type { ByteSpan, LogLine, Target } from '../shared/target.js';
import { timestampNanos } from '../shared/time.js';
import type { Whole } from './entries.js';

/** a promise only while the output is congested: awaited then, and only then */
export type Sink = (line: LogLine) => Promise<void> | undefined;

export interface Selector {
  /** the container the lines are read for */
  readonly target: Target;
  push(w: Whole): Promise<void> | undefined;
  /** everything there was at start has been pushed: print the tail, then pass lines through */
  release(): Promise<void>;
}

/** A LogLine whose text is decoded only if something reads it (-o raw passes the bytes on). */
class FileLine implements LogLine {
  #message: string | undefined;
  constructor(
    readonly target: Target,
    private readonly whole: Whole,
  ) {}
  get bytes(): Buffer {
    return this.whole.bytes;
  }
  get span(): ByteSpan | undefined {
    return this.whole.span;
  }
  get timestamp(): string {
    return this.whole.timestamp;
  }
  get message(): string {
    return (this.#message ??= this.bytes.toString('utf8'));
  }
}

export function selector(target: Target, sinceNs: bigint, tailLines: number, out: Sink): Selector {
  const line = (w: Whole): LogLine => new FileLine(target, w);
  // a ring of the last tailLines lines; undefined = pass through
  let ring: Whole[] | undefined = tailLines >= 0 ? [] : undefined;
  let next = 0;
  return {
    target,
    push(w) {
      if (sinceNs >= 0n && timestampNanos(w.timestamp) < sinceNs) return undefined;
      if (!ring) return out(w.line ?? line(w));
      if (tailLines === 0) return undefined;
      // a copy: the line may point into a read buffer the ring would keep alive
      ring[next % tailLines] = { timestamp: w.timestamp, bytes: Buffer.from(w.bytes) };
      next++;
      return undefined;
    },
    async release() {
      const kept = ring ?? [];
      const start = next > tailLines ? next % tailLines : 0;
      ring = undefined;
      for (const w of [...kept.slice(start), ...kept.slice(0, start)]) await out(line(w));
    },
  };
}
