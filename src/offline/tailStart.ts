// --tail N: where to start reading a container's files so that its last N whole lines come
// out as a full read gives them, found by reading backwards from the end of the newest file
// (then the rotated file before it, only if needed; a .gz is decompressed only then). The
// cost follows N, not the size of the tree.
//
// A start is exact when no line a stream continues after it began before it: the entry of
// each stream seen after the start that comes last before it must end its line (tag F, or
// Docker's trailing \n), or the instance must begin there. The scan goes on until that holds.
// A stream that wrote nothing after the start is not waited for: a fragment it left
// unfinished before the last N lines is not shown (the kubelet's own --tail counts file
// lines and cuts fragments too).
import { open } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { parseEntry } from './entries.js';
import { stampReader } from './stamp.js';
import type { Restart } from './tree.js';

const gunzipped = promisify(gunzip);
const BLOCK = 64 * 1024;
const NEWLINE = 0x0a;

export interface StartAt {
  /** the instance (restart) to start in */
  n: number;
  /** the rotation key of the file to start in; undefined: the live file */
  key?: string;
  path: string;
  /** where in that file (0 for a .gz, read whole); applies to the file with this inode only */
  offset: number;
  ino: number;
}

interface Line {
  bytes: Buffer;
  offset: number;
  terminated: boolean;
}

/** A plain file's lines, last first, read in blocks from its end. */
async function* backwardsPlain(path: string, info: { ino: number; size: number }): AsyncGenerator<Line> {
  const fh = await open(path, 'r');
  try {
    const st = await fh.stat();
    info.ino = st.ino;
    info.size = st.size;
    let end = st.size;
    let carry = Buffer.alloc(0);
    let terminated = true;
    let first = true;
    while (end > 0) {
      const start = Math.max(0, end - BLOCK);
      const buf = Buffer.allocUnsafe(end - start);
      await fh.read(buf, 0, buf.length, start);
      let chunk = carry.length ? Buffer.concat([buf, carry]) : buf;
      if (first) {
        terminated = chunk[chunk.length - 1] === NEWLINE;
        if (terminated) chunk = chunk.subarray(0, -1);
        first = false;
      }
      // lines after the last newline in this chunk are whole; the part before it waits for the block before
      for (let nl = chunk.lastIndexOf(NEWLINE); nl >= 0; nl = chunk.lastIndexOf(NEWLINE, nl - 1)) {
        yield { bytes: chunk.subarray(nl + 1), offset: start + nl + 1, terminated };
        terminated = true;
        chunk = chunk.subarray(0, nl);
        if (nl === 0) break;
      }
      carry = chunk;
      end = start;
    }
    if (carry.length || !terminated) yield { bytes: carry, offset: 0, terminated };
  } finally {
    await fh.close();
  }
}

/** A compressed file's lines, last first (decompressed whole: gzip cannot be read backwards). */
async function* backwardsGzip(path: string): AsyncGenerator<Line> {
  const fh = await open(path, 'r');
  let all: Buffer;
  try {
    all = await gunzipped(await fh.readFile());
  } finally {
    await fh.close();
  }
  let end = all.length;
  let terminated = end === 0 || all[end - 1] === NEWLINE;
  if (end && terminated) end--;
  for (;;) {
    // (lastIndexOf counts a negative start from the end)
    const nl = end > 0 ? all.lastIndexOf(NEWLINE, end - 1) : -1;
    yield { bytes: all.subarray(nl + 1, end), offset: 0, terminated };
    terminated = true;
    if (nl < 0) return;
    end = nl;
  }
}

/** undefined: start at the beginning (fewer than N lines, or a file that went away meanwhile) */
export async function tailStart(restarts: Restart[], lines: number): Promise<StartAt | undefined> {
  try {
    return await scan(restarts, lines);
  } catch {
    return undefined;
  }
}

async function scan(restarts: Restart[], lines: number): Promise<StartAt | undefined> {
  const stampEnd = stampReader();
  let counted = 0;
  let cut: StartAt | undefined;
  /** streams of the lines after the cut, whose entry before the cut is not known yet; undefined: still counting */
  let unresolved: Set<string> | undefined;
  for (const r of [...restarts].reverse()) {
    // a new instance starts clean: a cut where it begins is exact
    if (unresolved && cut) return cut;
    const seen = new Set<string>();
    const files = [
      ...r.rotated.map((f) => ({ key: f.key as string | undefined, path: f.path })),
      ...(r.live ? [{ key: undefined, path: r.live }] : []),
    ].reverse();
    for (const f of files) {
      const gz = f.path.endsWith('.gz');
      const info = { ino: -1, size: 0 };
      const at = (offset: number): StartAt => ({ n: r.n, key: f.key, path: f.path, offset: gz ? 0 : offset, ino: info.ino });
      for await (const line of gz ? backwardsGzip(f.path) : backwardsPlain(f.path, info)) {
        if (lines === 0) return at(info.size);
        const e = line.bytes.length ? parseEntry(line.bytes, 0, line.bytes.length, stampEnd) : undefined;
        if (!e) continue;
        if (!unresolved) {
          cut = at(line.offset);
          seen.add(e.stream);
          // a last line still being written may stay unfinished (with --follow): not counted
          if (!e.partial && line.terminated) counted++;
          if (counted >= lines) unresolved = new Set(seen);
          continue;
        }
        if (!unresolved.has(e.stream)) {
          seen.add(e.stream);
          continue;
        }
        seen.add(e.stream);
        if (e.partial) {
          // this stream's line began earlier: start there, and look again before it
          cut = at(line.offset);
          unresolved = new Set(seen);
        } else {
          unresolved.delete(e.stream);
          if (!unresolved.size) return cut;
        }
      }
      if (lines === 0) return at(0);
    }
  }
  return undefined;
}
