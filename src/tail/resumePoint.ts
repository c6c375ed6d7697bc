// Where to re-open a log stream that dropped, and which of the lines it sends again were
// printed already. The kubelet filters sinceTime line by line, in file order, and a log
// file's timestamps are not monotonic: containerd and CRI-O stamp stdout and stderr in
// separate goroutines, so a line can be older than the one before it. Resuming from the
// last (or newest) timestamp printed would drop such a line. Instead the stream re-opens
// from W before the newest timestamp printed; the kubelet then sends, in file order, every
// printed line stamped since then, followed by every line not printed yet (any line written
// later is at most the skew older than the newest one). The printed ones are known by
// timestamp and a hash of their text: they are skipped, whatever their order, and the first
// line that is not one of them ends the skipping.
import { timestampNanos } from '../shared/time.js';

/** The skew between a container's stdout and stderr timestamps that resuming tolerates. */
export const RESUME_WINDOW_MS = 2000;

const DOT = 0x2e;
const Z = 0x5a;

export interface ResumeWindow {
  /**
   * a line (or the first piece of one over the line limit) was printed, its text
   * firstPiece[start, end); `open`: more pieces may follow
   */
  printed(timestamp: string, firstPiece: Buffer, open: boolean, start?: number, end?: number): void;
  /** another piece of the line printed last */
  printedPiece(open: boolean): void;
  /** where to re-open from, and how to tell the lines printed already */
  reopen(): Reopen;
}

export interface Reopen {
  sinceTime: string;
  /**
   * For each line of the re-opened stream, in order: how many of its pieces were printed
   * already (0: none, print it; Infinity: all of it). A line cut into pieces while the
   * stream dropped gets the number printed, so only the rest is printed.
   */
  printedBefore(timestamp: string, firstPiece: Buffer, start?: number, end?: number): number;
}

/**
 * `floor`: the earliest timestamp the stream asked for (from --since, or the time it was
 * first opened for --tail: lines before the tail were never meant to be shown).
 * `nowMs` fixes the origin times are counted from (ns as plain numbers, exact for months).
 */
export function resumeWindow(floor: string | undefined, nowMs: number, windowMs = RESUME_WINDOW_MS): ResumeWindow {
  const clock = nanoClock(Math.floor(nowMs / 1000));
  const windowNs = windowMs * 1e6;
  const floorNs = floor === undefined ? -Infinity : clock.parse(floor);
  // printed lines stamped within W of the newest, in print order (older ones are dropped from the front)
  let stamps: number[] = [];
  let hashes: number[] = [];
  let head = 0;
  let newest = -Infinity;
  // the line printed last, which the drop may have cut between two of its pieces (updated in place: one per stream)
  const current = { ns: NaN, hash: 0, pieces: 0, open: false };

  const forget = () => {
    const oldest = newest - windowNs;
    while (head < stamps.length && (stamps[head] ?? 0) < oldest) head++;
    if (head > 1024 && head * 2 > stamps.length) {
      stamps = stamps.slice(head);
      hashes = hashes.slice(head);
      head = 0;
    }
  };

  return {
    printed(timestamp, firstPiece, open, start = 0, end = firstPiece.length) {
      const ns = clock.parse(timestamp);
      if (Number.isNaN(ns)) return;
      const hash = textHash(firstPiece, start, end);
      stamps.push(ns);
      hashes.push(hash);
      current.ns = ns;
      current.hash = hash;
      current.pieces = 1;
      current.open = open;
      if (ns > newest) {
        newest = ns;
        forget();
      }
    },
    printedPiece(open) {
      if (Number.isNaN(current.ns)) return;
      current.pieces++;
      current.open = open;
    },
    reopen() {
      let since = newest === -Infinity ? floorNs : Math.max(newest - windowNs, floorNs);
      if (current.open) since = Math.min(since, current.ns);
      const printed = new Map<string, number[]>();
      let remaining = 0;
      for (let i = head; i < stamps.length; i++) {
        const ns = stamps[i] ?? 0;
        if (ns < since) continue;
        const key = `${ns}/${hashes[i]}`;
        const list = printed.get(key) ?? [];
        list.push(Infinity);
        printed.set(key, list);
        remaining++;
      }
      if (current.open) {
        const list = printed.get(`${current.ns}/${current.hash}`);
        if (list) list[list.length - 1] = current.pieces;
      }
      return {
        sinceTime: since === -Infinity ? '' : clock.format(since),
        printedBefore: matcher(clock, since, newest + windowNs, printed, remaining),
      };
    },
  };
}

/** Skips the printed lines the re-opened stream repeats; stops looking once it is past them. */
function matcher(clock: NanoClock, since: number, newestPossible: number, printed: Map<string, number[]>, remaining: number) {
  let matched = false;
  let done = remaining === 0;
  return (timestamp: string, firstPiece: Buffer, start = 0, end = firstPiece.length): number => {
    const ns = clock.parse(timestamp);
    if (ns < since) return Infinity; // the apiserver truncates sinceTime to the second
    if (done) return 0;
    // a line stamped after the newest printed by more than the skew is new, and so is all that follows
    if (ns > newestPossible) {
      done = true;
      return 0;
    }
    const key = `${ns}/${textHash(firstPiece, start, end)}`;
    const list = printed.get(key);
    const pieces = list?.shift();
    if (pieces === undefined) {
      // a line not printed after some that were: the repeats are over
      if (matched) done = true;
      return 0;
    }
    if (!list?.length) printed.delete(key);
    matched = true;
    if (--remaining === 0) done = true;
    return pieces;
  };
}

interface NanoClock {
  /** ns since `baseSec` (NaN if not a timestamp) */
  parse(ts: string): number;
  format(ns: number): string;
}

/** RFC3339 ↔ ns since a base second; the seconds of the last timestamp are kept, as most lines share them. */
function nanoClock(baseSec: number): NanoClock {
  let lastPrefix = '';
  let lastSec = 0;
  /** the fraction digits of ts[20, end) as nanoseconds, NaN if one is not a digit (read in place: no string per line) */
  const nanosOf = (ts: string, end: number) => {
    let n = 0;
    for (let i = 20; i < end; i++) {
      const d = ts.charCodeAt(i) - 0x30;
      if (d < 0 || d > 9) return NaN;
      n = n * 10 + d;
    }
    return n * 10 ** (29 - end);
  };
  return {
    parse(ts) {
      // the kubelet's form: 2026-12-01T10:00:00.123456789Z
      if (ts.length > 21 && ts.length <= 30 && ts.charCodeAt(19) === DOT && ts.charCodeAt(ts.length - 1) === Z) {
        if (!ts.startsWith(lastPrefix) || !lastPrefix) {
          const prefix = ts.slice(0, 19);
          const ms = Date.parse(`${prefix}Z`);
          if (Number.isNaN(ms)) return NaN;
          lastPrefix = prefix;
          lastSec = ms / 1000 - baseSec;
        }
        const nanos = nanosOf(ts, ts.length - 1);
        return Number.isNaN(nanos) ? NaN : lastSec * 1e9 + nanos;
      }
      const ns = timestampNanos(ts);
      if (ns < 0n) return NaN;
      return (Number(ns / 1_000_000_000n) - baseSec) * 1e9 + Number(ns % 1_000_000_000n);
    },
    format(ns) {
      const sec = Math.floor(ns / 1e9);
      const nanos = ns - sec * 1e9;
      return `${new Date((baseSec + sec) * 1000).toISOString().slice(0, 19)}.${String(nanos).padStart(9, '0')}Z`;
    },
  };
}

/**
 * FNV-1a over the length and the first and last 64 bytes of text[start, end), taken 32 bits
 * at a time: enough to tell lines that share a timestamp, at a quarter of the steps.
 */
function textHash(text: Buffer, start: number, end: number): number {
  const n = end - start;
  let h = (0x811c9dc5 ^ n) >>> 0;
  const mix = (from: number, to: number) => {
    let i = from;
    for (; i + 4 <= to; i += 4) h = Math.imul(h ^ text.readInt32LE(i), 0x01000193);
    for (; i < to; i++) h = Math.imul(h ^ (text[i] as number), 0x01000193);
  };
  if (n <= 128) mix(start, end);
  else {
    mix(start, start + 64);
    mix(end - 64, end);
  }
  return h >>> 0;
}
