// The one writer that owns stdout. Lines from every stream arrive whole and leave whole,
// batched into few writes. When stdout cannot keep up, write() says so and the streams
// pause until it drains: memory stays bounded and nothing is dropped.
import type { Writable } from 'node:stream';

export interface Mux {
  /** queues whole lines; false = congested, call whenDrained before writing more */
  write(text: string | Buffer): boolean;
  whenDrained(resume: () => void): void;
  /** writes what is queued; resolves once the stream took it */
  flush(): Promise<void>;
  /** lines accepted so far */
  readonly lines: number;
}

const FLUSH_AT = 64 * 1024;

/** `around`: how to write (a status line on the same terminal wraps it). */
export function mux(out: Writable, around: (write: () => void) => void = (w) => w()): Mux {
  let pending: (string | Buffer)[] = [];
  let pendingBytes = 0;
  let scheduled = false;
  let congested = false;
  let lines = 0;
  const waiting: (() => void)[] = [];

  const drained = () => {
    congested = false;
    for (const resume of waiting.splice(0)) resume();
  };

  const writeOut = () => {
    scheduled = false;
    if (!pending.length) return;
    const chunk = joined(pending);
    pending = [];
    pendingBytes = 0;
    let accepted = true;
    around(() => (accepted = out.write(chunk)));
    if (!accepted && !congested) {
      congested = true;
      out.once('drain', drained);
    }
  };

  return {
    write(text) {
      lines++;
      pending.push(text);
      pendingBytes += text.length;
      if (pendingBytes >= FLUSH_AT) writeOut();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(writeOut);
      }
      return !congested;
    },
    whenDrained(resume) {
      if (congested) waiting.push(resume);
      else resume();
    },
    flush() {
      writeOut();
      return new Promise((resolve) => {
        if (out.writableNeedDrain) out.once('drain', () => resolve());
        else out.write('', () => resolve());
      });
    },
    get lines() {
      return lines;
    },
  };
}

/** One chunk for one write: text joined, or bytes once a line passes its own bytes through. */
function joined(pending: (string | Buffer)[]): string | Buffer {
  if (pending.length === 1) return pending[0] ?? '';
  return pending.some(Buffer.isBuffer) ? Buffer.concat(pending.map((p) => (typeof p === 'string' ? Buffer.from(p) : p))) : pending.join('');
}
