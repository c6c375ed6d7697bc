// Lines of a container log file → entries → whole log lines. Two formats, told apart per line:
// CRI (`<RFC3339Nano> <stdout|stderr> <F|P>[:tags] <message>`, what containerd and CRI-O write)
// and Docker json-file (`{"log":"text\n","stream":"stdout","time":"…"}`). Both split long
// lines into fragments (CRI: tag P; Docker: no trailing \n) that are joined again here.
import { spanSplitter, type LineSplitter } from '../tail/lineSplitter.js';
import { timestampNanos } from '../shared/time.js';
import { spaceAfter, stampReader } from './stamp.js';
import type { ByteSpan, LogLine, Target } from '../shared/target.js';

export interface Whole {
  readonly timestamp: string;
  bytes: Buffer;
  /** where the bytes lie in the chunk read, if they were not joined from several */
  readonly span?: ByteSpan;
  /** the line as the printer takes it, when this is one already (an entry read for its container) */
  readonly line?: LogLine;
}

export interface Entry extends Whole {
  stream: string;
  /** a fragment: the line goes on in the next entry of the same stream */
  partial: boolean;
}

const SPACE = 0x20;
const BRACE = 0x7b;
const COLON = 0x3a;
const F = 0x46;
const P = 0x50;
const EMPTY = Buffer.alloc(0);
/** a line of fragments that never ends is passed on in pieces this big, as live mode does */
const MAX_LINE = 1 << 20;
/** `stdout` or `stderr` on [a, a + 6), without making a string of every line's */
const streamAt = (line: Buffer, a: number): string | undefined => {
  if (line[a] !== 0x73 || line[a + 1] !== 0x74 || line[a + 2] !== 0x64) return undefined;
  if (line[a + 3] === 0x6f && line[a + 4] === 0x75 && line[a + 5] === 0x74) return 'stdout';
  return line[a + 3] === 0x65 && line[a + 4] === 0x72 && line[a + 5] === 0x72 ? 'stderr' : undefined;
};

/**
 * A CRI entry where it lies in the file's chunk: its timestamp becomes a string, and its
 * message a Buffer or text, only if something reads them (-t, json, --since, filters); -o
 * raw copies the message from the chunk through `span`, the entry itself. Read for a
 * container, it is the line the printer takes too: one object per line, not two.
 */
class CriEntry implements Entry, ByteSpan {
  #bytes: Buffer | undefined;
  #message: string | undefined;
  constructor(
    readonly target: Target | undefined,
    readonly buf: Buffer,
    private readonly lineStart: number,
    private readonly stampEnd: number,
    /** where the message starts */
    readonly start: number,
    readonly end: number,
    readonly stream: string,
    readonly partial: boolean,
  ) {}
  get timestamp(): string {
    // read once or twice a line at most (--since, -t): not worth a field on every line
    return this.buf.toString('latin1', this.lineStart, this.stampEnd);
  }
  get bytes(): Buffer {
    // the message is kept as the bytes the container wrote (no decoding, no copy)
    return (this.#bytes ??= this.start < this.end ? this.buf.subarray(this.start, this.end) : EMPTY);
  }
  get message(): string {
    return (this.#message ??= this.bytes.toString('utf8'));
  }
  get span(): ByteSpan {
    return this;
  }
  get line(): LogLine | undefined {
    return this.target && (this as LogLine);
  }
}

/**
 * The entry on buf[start, end); `stampEnd`: where the line's timestamp ends, if it is one
 * this file's lines may carry (stampReader).
 */
export function parseEntry(
  buf: Buffer,
  start = 0,
  end = buf.length,
  stampEnd: (buf: Buffer, start: number, end: number) => number = stampReader(),
  /** whose lines these are, when they go on to be printed */
  target?: Target,
): Entry | undefined {
  if (buf[start] === BRACE) return parseJson(buf.subarray(start, end));
  const a = stampEnd(buf, start, end);
  // `stdout` or `stderr`, a space, and the tag: F or P, maybe followed by :more:tags
  const b = a + 7;
  if (a < 0 || b + 1 >= end || buf[b] !== SPACE) return undefined;
  const stream = streamAt(buf, a + 1);
  const tag = buf[b + 1];
  if (!stream || (tag !== F && tag !== P)) return undefined;
  const tagEnd = b + 2;
  let message: number;
  if (tagEnd === end) message = end;
  else if (buf[tagEnd] === SPACE) message = tagEnd + 1;
  else if (buf[tagEnd] === COLON) {
    const c = spaceAfter(buf, tagEnd, end);
    message = c < 0 ? end : c + 1;
  } else return undefined;
  return new CriEntry(target, buf, start, a, message, end, stream, tag === P);
}

function parseJson(line: Buffer): Entry | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line.toString('utf8'));
  } catch {
    return undefined;
  }
  const { log, stream, time } = (value ?? {}) as Record<string, unknown>;
  if (typeof log !== 'string' || typeof stream !== 'string' || typeof time !== 'string') return undefined;
  if (timestampNanos(time) < 0n) return undefined;
  const partial = !log.endsWith('\n');
  return { timestamp: time, stream, partial, bytes: Buffer.from(partial ? log : log.slice(0, -1)) };
}

/**
 * A file's bytes → entries. Lines that are neither format are skipped with one warning per
 * file (a corrupt file should not flood stderr).
 */
export function fileDecoder(
  path: string,
  target: Target | undefined,
  onEntry: (e: Entry) => void,
  warn: (message: string) => void,
): LineSplitter {
  let last: Entry | undefined;
  let lineNo = 0;
  let bad = 0;
  const stampEnd = stampReader();
  return spanSplitter((buf, start, end, continued) => {
    if (!continued) lineNo++;
    // a line over the splitter's limit comes in pieces: each piece carries on the same entry
    const e = continued
      ? last && { timestamp: last.timestamp, stream: last.stream, partial: last.partial, bytes: buf.subarray(start, end) }
      : parseEntry(buf, start, end, stampEnd, target);
    if (e) {
      last = e;
      onEntry(e);
    } else if (end > start && bad++ === 0) {
      warn(`${path}: line ${lineNo} is not a CRI or Docker json-file log line; skipped (and any others like it in this file)`);
    }
  });
}

/** Joins fragments per stream (stdout and stderr interleave); a line keeps its first timestamp. */
export function joiner() {
  const pending = new Map<string, { first: Entry; parts: Buffer[]; size: number }>();
  const joined = (p: { first: Entry; parts: Buffer[] }): Whole => ({ timestamp: p.first.timestamp, bytes: Buffer.concat(p.parts) });
  return {
    push(e: Entry): Whole | undefined {
      if (!e.partial && !pending.size) return e;
      const p = pending.get(e.stream);
      if (!p) {
        if (!e.partial) return e;
        pending.set(e.stream, { first: e, parts: [e.bytes], size: e.bytes.length });
        return undefined;
      }
      p.parts.push(e.bytes);
      p.size += e.bytes.length;
      if (e.partial && p.size < MAX_LINE) return undefined;
      pending.delete(e.stream);
      return joined(p);
    },
    /** fragments whose end never came (the container stopped mid-line), oldest first */
    flush(): Whole[] {
      const ns = (p: { first: Entry }) => timestampNanos(p.first.timestamp);
      const rest = [...pending.values()].sort((a, b) => (ns(a) < ns(b) ? -1 : 1)).map(joined);
      pending.clear();
      return rest;
    },
  };
}
