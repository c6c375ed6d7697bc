// The one writer that owns stdout. Lines from every stream arrive whole and leave whole,
// copied into one buffer that goes out in few writes. When stdout cannot keep up, write()
// says so and the streams pause until it drains: memory stays bounded and nothing is dropped.
import type { Writable } from 'node:stream';
import type { ByteSpan } from '../shared/target.js';

/**
 * One line's text: a string, bytes, or the pieces it is made of in order (a prefix, the log's
 * own bytes where they were read, a newline), copied straight into the batch so no line is
 * assembled on its own.
 */
export type Text = string | Buffer | readonly Piece[];
export type Piece = string | Buffer | ByteSpan;

const pieceBytes = (p: Piece): Buffer => (typeof p === 'string' ? Buffer.from(p) : Buffer.isBuffer(p) ? p : p.buf.subarray(p.start, p.end));
/** the text as the bytes written */
export const textBytes = (t: Text): Buffer =>
  typeof t === 'string' ? Buffer.from(t) : Buffer.isBuffer(t) ? t : Buffer.concat(t.map(pieceBytes));
/** the text as one string (for the rare caller that must look into it) */
export const textString = (t: Text): string => (typeof t === 'string' ? t : textBytes(t).toString());

export interface Mux {
  /** queues a whole line; false = congested, call whenDrained before writing more */
  write(text: Text): boolean;
  whenDrained(resume: () => void): void;
  /** writes what is queued; resolves once the stream took it */
  flush(): Promise<void>;
  /** lines accepted so far */
  readonly lines: number;
}

/** a batch goes out once it holds this much */
const FLUSH_AT = 64 * 1024;
/** room past FLUSH_AT, so a line of ordinary length never makes a write of its own */
const BATCH = FLUSH_AT + 16 * 1024;
/** a batch filled less than this leaves as a copy of its bytes */
const KEEP_BELOW = 16 * 1024;
/** how much of a chunk is copied behind the batch at once, for its lines to be moved from there */
const STAGE = 16 * 1024;

/** a span, told from a Buffer by its own field (a Buffer has no `buf`): cheaper than instanceof */
const isSpan = (p: Exclude<Piece, string>): p is ByteSpan => (p as Partial<ByteSpan>).buf !== undefined;
/** at least the bytes `p` takes in UTF-8 (a UTF-16 unit takes at most 3), without counting them */
const bound = (p: Piece) => (typeof p === 'string' ? p.length * 3 : isSpan(p) ? p.end - p.start : p.length);

/** `around`: how to write (a status line on the same terminal wraps it). */
export function mux(out: Writable, around: (write: () => void) => void = (w) => w()): Mux {
  // The batch and a staging area behind it share one ArrayBuffer. A line's own bytes lie in
  // the chunk they were read in; copying them out needs a typed array over them, made per
  // line, and that was most of what this writer cost. So once a second line in a row comes
  // from one chunk, a stretch of it is copied behind the batch, and its lines move from there
  // with copyWithin, which makes nothing. Lines that take turns between chunks (merged by
  // time) are copied one by one, as before. A chunk is never written again once read (lines
  // point into it), so what was staged from it stays true; it is let go at each write, so an
  // idle stream holds no chunk here.
  // The stream may still hold what it was given: a batch handed over is not filled again.
  let arena = Buffer.allocUnsafeSlow(BATCH + STAGE);
  let batch = arena.subarray(0, BATCH);
  /** the chunk the last span came from */
  let lastChunk: Buffer | undefined;
  /** the chunk staged, and which of its bytes: staged[from, to) lies at arena[BATCH, …) */
  let staged: Buffer | undefined;
  let stagedFrom = 0;
  let stagedTo = 0;
  let used = 0;
  let scheduled = false;
  let congested = false;
  let lines = 0;
  const waiting: (() => void)[] = [];

  const drained = () => {
    congested = false;
    for (const resume of waiting.splice(0)) resume();
  };

  const send = (chunk: string | Buffer) => {
    let accepted = true;
    around(() => (accepted = out.write(chunk)));
    if (!accepted && !congested) {
      congested = true;
      out.once('drain', drained);
    }
  };

  const writeOut = () => {
    scheduled = false;
    if (!used) return;
    let chunk: Buffer;
    if (used < KEEP_BELOW) {
      // a few lines at a low rate: a stream that queues (a socket) would hold a whole batch
      // for each of them, so they leave as a copy and the batch is filled again
      chunk = Buffer.from(batch.subarray(0, used));
    } else {
      chunk = batch.subarray(0, used);
      arena = Buffer.allocUnsafeSlow(BATCH + STAGE);
      batch = arena.subarray(0, BATCH);
    }
    staged = undefined;
    lastChunk = undefined;
    used = 0;
    send(chunk);
  };

  /** a plain Uint8Array view: Buffer's own copy and subarray build a Buffer view, which costs more */
  const view = (buf: Buffer, start: number, end: number) => new Uint8Array(buf.buffer, buf.byteOffset + start, end - start);
  const putSpan = ({ buf, start, end }: ByteSpan) => {
    if (buf !== staged || start < stagedFrom || end > stagedTo) {
      const first = buf !== lastChunk;
      lastChunk = buf;
      if (first || end - start > STAGE / 4) {
        // the first line from this chunk in a row, or a long line: one copy of its own
        arena.set(view(buf, start, end), used);
        used += end - start;
        return;
      }
      staged = buf;
      stagedFrom = start;
      stagedTo = Math.min(buf.length, start + STAGE);
      arena.set(view(buf, stagedFrom, stagedTo), BATCH);
    }
    arena.copyWithin(used, BATCH + start - stagedFrom, BATCH + end - stagedFrom);
    used += end - start;
  };

  const put = (p: Piece) => {
    if (typeof p === 'string') used += batch.write(p, used, 'utf8');
    else if (isSpan(p)) putSpan(p);
    // a newline: a store costs less than a native copy
    else if (p.length === 1) batch[used++] = p[0] as number;
    else used += p.copy(batch, used);
  };

  return {
    write(text) {
      lines++;
      const pieces = Array.isArray(text) ? (text as readonly Piece[]) : undefined;
      let size = 0;
      if (pieces) for (let i = 0; i < pieces.length; i++) size += bound(pieces[i] as Piece);
      else size = bound(text as string | Buffer);
      if (used + size > BATCH) writeOut();
      if (size > BATCH) {
        // a line bigger than a batch (a long line, a --multiline record) goes out as it is
        send(pieces ? textBytes(pieces) : (text as string | Buffer));
        return !congested;
      }
      if (pieces) for (let i = 0; i < pieces.length; i++) put(pieces[i] as Piece);
      else put(text as string | Buffer);
      if (used >= FLUSH_AT) writeOut();
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
