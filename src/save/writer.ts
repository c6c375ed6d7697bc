// --save's writer, off the print path: a line is queued (never awaited) and one loop appends
// what is queued, per file, while stdout goes on. The queue is bounded: when the disk falls
// that far behind, or a write fails (ENOSPC, EACCES …), saving stops for the rest of the run
// with one warning and tailing goes on. A save with a hole in the middle would pass for a
// whole run, so the files always hold a run's lines up to a point, none missing before it.
import { appendFile, mkdir, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { describeError } from '../shared/errors.js';
import type { LogLine, Target } from '../shared/target.js';
import { criEntry } from './cri.js';
import { logFileOf } from './layout.js';

/** the file operations, injected so tests can stall them or fill the disk */
export interface SaveFs {
  mkdir(path: string): Promise<unknown>;
  append(path: string, data: Buffer): Promise<void>;
  truncate(path: string, size: number): Promise<void>;
}

export const nodeFs: SaveFs = {
  mkdir: (path) => mkdir(path, { recursive: true }),
  append: (path, data) => appendFile(path, data),
  truncate: (path, size) => truncate(path, size),
};

export interface SaveOptions {
  root: string;
  /** -p: the lines are of the instance before the current one */
  previous: boolean;
  /** bytes that may wait for the disk before saving gives up */
  maxQueued: number;
  warn(message: string): void;
  fs?: SaveFs;
}

export interface SaveWriter {
  /** queues the line; returns at once, whatever the disk does */
  write(line: LogLine): void;
  /** resolves once what was queued is written (or saving stopped) */
  close(): Promise<void>;
  readonly stopped: boolean;
}

export const DEFAULT_MAX_QUEUED = 64 * 1024 * 1024;

export function saveWriter(o: SaveOptions): SaveWriter {
  const fs = o.fs ?? nodeFs;
  let queue = new Map<string, { dir: string; chunks: Buffer[] }>();
  let queued = 0;
  // no more lines taken; `broken`: nor written (a write failed), else what is queued still goes out
  let stopped = false;
  let broken = false;
  let writing: Promise<void> | undefined;
  const made = new Set<string>();
  // bytes each file holds: a failed append may have written part of its lines, which is cut off again
  const sizes = new Map<string, number>();
  // per stream (a Target is one object for its stream's life): its file, and its last timestamp,
  // which a line the API sent without one (an in-band kubelet message) takes
  const files = new WeakMap<Target, { dir: string; file: string; stamp: string }>();
  const fileOf = (t: Target) => {
    let f = files.get(t);
    if (!f) files.set(t, (f = { ...logFileOf(t, o.previous), stamp: '' }));
    return f;
  };

  const stop = (why: string, writeFailed: boolean) => {
    broken ||= writeFailed;
    if (broken) {
      queue = new Map();
      queued = 0;
    }
    if (stopped) return;
    stopped = true;
    o.warn(`--save ${o.root}: ${why}; saving stopped (the files hold the lines up to here), tailing goes on`);
  };

  const writeAll = async () => {
    while (queue.size && !broken) {
      const batch = queue;
      queue = new Map();
      for (const [file, { dir, chunks }] of batch) {
        if (broken) return;
        const size = chunks.reduce((n, c) => n + c.length, 0);
        try {
          if (!made.has(dir)) await fs.mkdir(join(o.root, dir));
          made.add(dir);
          await fs.append(join(o.root, file), Buffer.concat(chunks, size));
          sizes.set(file, (sizes.get(file) ?? 0) + size);
        } catch (err) {
          await fs.truncate(join(o.root, file), sizes.get(file) ?? 0).catch(() => undefined);
          const code = (err as NodeJS.ErrnoException).code;
          return stop(code === 'ENOSPC' ? 'the disk is full (ENOSPC)' : `cannot write ${join(o.root, file)}: ${describeError(err)}`, true);
        }
        queued -= size;
      }
    }
  };

  const kick = () => {
    writing ??= writeAll().finally(() => {
      writing = undefined;
      if (queue.size && !broken) kick();
    });
  };

  return {
    write(line) {
      if (stopped) return;
      const f = fileOf(line.target);
      const { dir, file } = f;
      f.stamp = line.timestamp || f.stamp || new Date().toISOString();
      const entry = criEntry(f.stamp, line.bytes);
      if (queued + entry.length > o.maxQueued)
        return stop(`the disk is slower than the logs (more than ${o.maxQueued} bytes waiting)`, false);
      queued += entry.length;
      const q = queue.get(file);
      if (q) q.chunks.push(entry);
      else queue.set(file, { dir, chunks: [entry] });
      kick();
    },
    async close() {
      while (writing) await writing;
    },
    get stopped() {
      return stopped;
    },
  };
}
