// Lines of a container log file → entries → whole log lines. Two formats, told apart per line:
// CRI (`<RFC3339Nano> <stdout|stderr> <F|P>[:tags] <message>`, what containerd and CRI-O write)
// and Docker json-file (`{"log":"text\n","stream":"stdout","time":"…"}`). Both split long
// lines into fragments (CRI: tag P; Docker: no trailing \n) that are joined again here.
import { lineSplitter, type LineSplitter } from '../tail/lineSplitter.js';
import { timestampNanos } from '../shared/time.js';
import { stampChecker } from './stamp.js';

export interface Whole {
  readonly timestamp: string;
  bytes: Buffer;
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
/** `stdout` or `stderr` between a and b, without making a string of every line's */
const streamAt = (line: Buffer, a: number, b: number): string | undefined => {
  if (b - a !== 6 || line[a] !== 0x73 || line[a + 1] !== 0x74 || line[a + 2] !== 0x64) return undefined;
  if (line[a + 3] === 0x6f && line[a + 4] === 0x75 && line[a + 5] === 0x74) return 'stdout';
  return line[a + 3] === 0x65 && line[a + 4] === 0x72 && line[a + 5] === 0x72 ? 'stderr' : undefined;
};

/** A CRI entry: its timestamp becomes a string only if something reads it (-t, json, --since). */
class CriEntry implements Entry {
  #timestamp: string | undefined;
  constructor(
    private readonly line: Buffer,
    private readonly stampEnd: number,
    readonly stream: string,
    readonly partial: boolean,
    readonly bytes: Buffer,
  ) {}
  get timestamp(): string {
    return (this.#timestamp ??= this.line.toString('latin1', 0, this.stampEnd));
  }
}

/** the next space at or after `from`, -1 if none (a loop: the fields are short, a native call per field costs more) */
function spaceAfter(line: Buffer, from: number): number {
  for (let i = from; i < line.length; i++) if (line[i] === SPACE) return i;
  return -1;
}

/** `validStamp`: whether line[0, end) is a timestamp this file's lines may carry (stampChecker) */
export function parseEntry(line: Buffer, validStamp: (line: Buffer, end: number) => boolean = stampChecker()): Entry | undefined {
  if (line[0] === BRACE) return parseJson(line);
  const a = spaceAfter(line, 0);
  const b = a < 0 ? -1 : spaceAfter(line, a + 1);
  if (b < 0) return undefined;
  const c = spaceAfter(line, b + 1);
  // the tag is F or P, maybe followed by :more:tags
  const tag = line[b + 1];
  const tagEnd = b + 2;
  if ((tag !== F && tag !== P) || (tagEnd !== (c < 0 ? line.length : c) && line[tagEnd] !== COLON)) return undefined;
  const stream = streamAt(line, a + 1, b);
  if (!stream) return undefined;
  if (!validStamp(line, a)) return undefined;
  // the message is kept as the bytes the container wrote (no decoding, no copy)
  return new CriEntry(line, a, stream, tag === P, c < 0 ? EMPTY : line.subarray(c + 1));
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
export function fileDecoder(path: string, onEntry: (e: Entry) => void, warn: (message: string) => void): LineSplitter {
  let last: Entry | undefined;
  let lineNo = 0;
  let bad = 0;
  const validStamp = stampChecker();
  return lineSplitter((line, continued) => {
    if (!continued) lineNo++;
    // a line over the splitter's limit comes in pieces: each piece carries on the same entry
    const e = continued
      ? last && { timestamp: last.timestamp, stream: last.stream, partial: last.partial, bytes: line }
      : parseEntry(line, validStamp);
    if (e) {
      last = e;
      onEntry(e);
    } else if (line.length && bad++ === 0) {
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
