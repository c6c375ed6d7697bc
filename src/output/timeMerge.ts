// --merge time: lines from all streams in timestamp order. Each line is held at most
// `windowMs` after it arrived; lines older than what was already printed (later than the
// window allows) are printed at once rather than dropped, and counted.
import type { LogLine } from '../target.js';
import { timestampNanos } from '../time.js';

export interface TimeMerge {
  push(line: LogLine): boolean;
  /** prints everything held (at exit) */
  flush(): void;
  /** lines that arrived too late to be put in order */
  readonly late: number;
}

interface Held {
  line: LogLine;
  ns: bigint;
  arrived: number;
  seq: number;
  released: boolean;
}

export function timeMerge(windowMs: number, emit: (line: LogLine) => boolean, now: () => number = Date.now): TimeMerge {
  const heap: Held[] = []; // min-heap by (ns, seq)
  const arrivals: Held[] = []; // arrival order
  let seq = 0;
  let lastNs = -1n;
  let late = 0;
  let timer: NodeJS.Timeout | undefined;
  let congested = false;

  const less = (a: Held, b: Held) => a.ns < b.ns || (a.ns === b.ns && a.seq < b.seq);
  const swap = (i: number, j: number) => ([heap[i], heap[j]] = [heap[j] as Held, heap[i] as Held]);
  const up = (i: number) => {
    for (let p = (i - 1) >> 1; i > 0 && less(heap[i] as Held, heap[p] as Held); i = p, p = (i - 1) >> 1) swap(i, p);
  };
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const m = l + 1 < heap.length && less(heap[l + 1] as Held, heap[l] as Held) ? l + 1 : l;
      if (l >= heap.length || !less(heap[m] as Held, heap[i] as Held)) return;
      swap(i, m);
      i = m;
    }
  };
  const releaseHead = () => {
    const head = heap[0] as Held;
    const last = heap.pop() as Held;
    if (heap.length) {
      heap[0] = last;
      down(0);
    }
    head.released = true;
    if (head.ns > lastNs) lastNs = head.ns;
    congested = !emit(head.line);
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
      up(heap.length - 1);
      arrivals.push(held);
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
