// --merge time: lines from all streams in timestamp order. Each line is held at most
// `windowMs` after it arrived; lines older than what was already printed (later than the
// window allows) are printed at once rather than dropped, and counted. What is held is
// capped (lines and bytes): past the cap the oldest are printed before their time, so a
// fast source (or a slow stdout) shortens the window instead of growing memory.
import type { LogLine } from '../shared/target.js';
import { timestampNanos } from '../shared/time.js';
import { minHeap } from './minHeap.js';

export interface TimeMerge {
  push(line: LogLine): boolean;
  /** prints everything held (at exit) */
  flush(): void;
  /** lines that arrived too late to be put in order */
  readonly late: number;
}

interface Held {
  /** dropped once printed: `arrivals` may still point at it */
  line: LogLine | undefined;
  ns: bigint;
  arrived: number;
  seq: number;
  released: boolean;
}

export interface HoldLimits {
  maxLines: number;
  /** of the lines' own bytes */
  maxBytes: number;
}

export const HOLD_LIMITS: HoldLimits = { maxLines: 20_000, maxBytes: 16 << 20 };

export function timeMerge(
  windowMs: number,
  emit: (line: LogLine) => boolean,
  now: () => number = Date.now,
  limits: HoldLimits = HOLD_LIMITS,
): TimeMerge {
  const heap = minHeap<Held>((a, b) => a.ns < b.ns || (a.ns === b.ns && a.seq < b.seq));
  let heldBytes = 0;
  let arrivals: Held[] = []; // arrival order
  let seq = 0;
  let lastNs = -1n;
  let late = 0;
  let timer: NodeJS.Timeout | undefined;
  let congested = false;

  const releaseHead = () => {
    const head = heap.pop() as Held;
    const line = head.line as LogLine;
    head.line = undefined;
    head.released = true;
    heldBytes -= line.bytes.length;
    if (head.ns > lastNs) lastNs = head.ns;
    congested = !emit(line);
  };

  /** releases, in timestamp order, until every line older than the window is out */
  const release = (all: boolean) => {
    const deadline = now() - windowMs;
    while (arrivals.length && (arrivals[0]?.released || all || (arrivals[0]?.arrived ?? Infinity) <= deadline)) {
      const oldest = arrivals[0] as Held;
      if (oldest.released) {
        arrivals.shift();
        continue;
      }
      while (!oldest.released) releaseHead();
    }
    schedule();
  };

  const schedule = () => {
    if (timer || !arrivals.length) return;
    const wait = Math.max(1, (arrivals[0]?.arrived ?? now()) + windowMs - now());
    timer = setTimeout(() => {
      timer = undefined;
      release(false);
    }, wait);
  };

  return {
    push(line) {
      const ns = timestampNanos(line.timestamp);
      if (ns < lastNs) {
        late++;
        return emit(line);
      }
      const held: Held = { line, ns, arrived: now(), seq: seq++, released: false };
      heap.push(held);
      arrivals.push(held);
      heldBytes += line.bytes.length;
      while (heap.size > limits.maxLines || heldBytes > limits.maxBytes) releaseHead();
      // lines released early stay in `arrivals` until the oldest arrival is due: compact it
      if (arrivals.length > 2 * limits.maxLines) arrivals = arrivals.filter((h) => !h.released);
      schedule();
      return !congested;
    },
    flush() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      release(true);
    },
    get late() {
      return late;
    },
  };
}
