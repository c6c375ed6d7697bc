// What the bench writes into container logs and how it counts what comes back. Every
// measured line is `<tag>.<stream>.<seq>` or `<tag>.<stream>.<seq>.<Date.now() at write>`,
// optionally followed by a space and any text, so lost and duplicated lines are counted
// exactly, per stream. Ready probes are
// `r.<tag>.<stream>`: a tailer started with --tail 0 only sees lines written after its
// stream opened, so probes are written until each stream has shown one.
import { appendFileSync } from 'node:fs';
import { criLine } from '../scripts/devcluster/index.js';
import type { Arrival } from './measure.js';

export interface Stream {
  cluster: string;
  namespace: string;
  pod: string;
  container: string;
  /** the live CRI log file the harness appends to */
  file: string;
}

export class LineCounter {
  private seen: Uint8Array;
  private readySeen: Uint8Array;
  readonly expected: number;
  unique = 0;
  duplicates = 0;
  /** lines that are neither a probe nor of this run */
  other = 0;
  readyCount = 0;
  /** arrival − write time (ms) of every line that carried one */
  latencies: number[] = [];
  lastUniqueAt = 0;
  private onComplete?: () => void;
  private readonly prefix: string;
  private readonly readyPrefix: string;

  constructor(
    readonly tag: string,
    readonly streams: number,
    readonly perStream: number,
  ) {
    this.seen = new Uint8Array(streams * (perStream + 1));
    this.readySeen = new Uint8Array(streams);
    this.expected = streams * perStream;
    this.prefix = `${tag}.`;
    this.readyPrefix = `r.${tag}.`;
  }

  /** called once, synchronously, when the last expected line arrives */
  whenComplete(fn: () => void): void {
    this.onComplete = fn;
  }

  get complete(): boolean {
    return this.unique >= this.expected;
  }

  get allReady(): boolean {
    return this.readyCount >= this.streams;
  }

  isReady(stream: number): boolean {
    return this.readySeen[stream] === 1;
  }

  onLine = (line: string, arrival: Arrival): void => {
    if (line.startsWith(this.prefix)) {
      const space = line.indexOf(' ', this.prefix.length);
      if (space >= 0) line = line.slice(0, space);
      const a = this.prefix.length;
      const b = line.indexOf('.', a);
      const c = line.indexOf('.', b + 1);
      const stream = Number(line.slice(a, b));
      const seq = Number(c < 0 ? line.slice(b + 1) : line.slice(b + 1, c));
      if (!(stream >= 0 && stream < this.streams && seq >= 1 && seq <= this.perStream)) {
        this.other++;
        return;
      }
      if (c >= 0) this.latencies.push(arrival.wall - Number(line.slice(c + 1)));
      const k = stream * (this.perStream + 1) + seq;
      if (this.seen[k]) {
        this.duplicates++;
        return;
      }
      this.seen[k] = 1;
      this.unique++;
      this.lastUniqueAt = arrival.at;
      if (this.unique === this.expected) this.onComplete?.();
    } else if (line.startsWith(this.readyPrefix)) {
      const stream = Number(line.slice(this.readyPrefix.length));
      if (stream >= 0 && stream < this.streams && !this.readySeen[stream]) {
        this.readySeen[stream] = 1;
        this.readyCount++;
      }
    } else {
      this.other++;
    }
  };
}

export const measuredLine = (tag: string, stream: number, seq: number, writtenAt?: number) =>
  writtenAt === undefined ? `${tag}.${stream}.${seq}` : `${tag}.${stream}.${seq}.${writtenAt}`;

export function writeProbe(s: Stream, tag: string, index: number): void {
  appendFileSync(s.file, criLine(`r.${tag}.${index}`));
}

const sleepMs = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** One line per stream per second for `seconds` seconds: line k of every stream is written at t0 + (k−1) s. */
export async function emitTrickle(streams: Stream[], tag: string, seconds: number): Promise<void> {
  const t0 = Date.now();
  for (let k = 1; k <= seconds; k++) {
    const wait = t0 + (k - 1) * 1000 - Date.now();
    if (wait > 0) await sleepMs(wait);
    streams.forEach((s, i) => appendFileSync(s.file, criLine(measuredLine(tag, i, k))));
  }
}

/**
 * `perStream` lines on every stream at `totalPerSec` lines/s over all streams, each line
 * carrying Date.now() at the moment it is written. Writes every few ms what is due.
 */
export async function emitAtRate(streams: Stream[], tag: string, perStream: number, totalPerSec: number): Promise<void> {
  const perStreamPerMs = totalPerSec / streams.length / 1000;
  const t0 = Date.now();
  let written = 0;
  while (written < perStream) {
    const due = Math.min(perStream, Math.floor((Date.now() - t0) * perStreamPerMs) + 1);
    if (due > written) {
      for (const [i, s] of streams.entries()) {
        let chunk = '';
        for (let seq = written + 1; seq <= due; seq++) chunk += criLine(measuredLine(tag, i, seq, Date.now()));
        appendFileSync(s.file, chunk);
      }
      written = due;
    }
    await sleepMs(4);
  }
}
