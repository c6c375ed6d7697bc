// One container's log across its files, in the order the kubelet wrote them: restarts
// ascending; within a restart the rotated files oldest first, then the live <n>.log.
// The kubelet renames, compresses and deletes files while they are read, so a file is
// followed by identity, not by name: each is read through an open descriptor to its end,
// and the directory is listed again after every file. The live file is complete once
// <n>.log names another file (the runtime reopened) or a newer restart exists; it then has
// a rotation name, found by its inode, or by size and first bytes once it is compressed.
// Rotation names sort in rotation order, so "what is still to read" is every rotated name
// after the last one read: nothing lost, nothing twice. A listed file deleted before it
// could be read (containerLogMaxFiles) is named on stderr.
import { stat } from 'node:fs/promises';
import { describeError } from '../shared/errors.js';
import type { LineSplitter } from '../tail/lineSplitter.js';
import { drain, gzipHolds, openLive, readWhole, type LiveFile } from './files.js';
import { orderedSink } from './orderedSink.js';
import type { Selector } from './select.js';
import { tailStart, type StartAt } from './tailStart.js';
import { listRestarts, type Restart, type Warn } from './tree.js';

export interface ReaderContext {
  follow: boolean;
  /** -p: only the instance before the latest */
  previous: boolean;
  warn: Warn;
  stopped: () => boolean;
  /** --tail N (without --since): start where the last N lines begin; -1: read everything */
  tailFrom: number;
  /** --stream: only the entries of this stream (each CRI or json-file entry names its own) */
  stream?: string;
}

export interface ContainerReader {
  /** reads what is there; following, the live file is left open */
  start(): Promise<void>;
  /** following: reads what changed since; false once the container's directory is gone */
  poll(): Promise<boolean>;
  close(): Promise<void>;
}

interface Current {
  file: LiveFile;
  decoder: LineSplitter;
  /** its rotation name; undefined while it is (or just was) the live file */
  key?: string;
}

const inoOf = (path: string | undefined) =>
  path
    ? stat(path).then(
        (s) => s.ino,
        () => undefined,
      )
    : Promise.resolve(undefined);
const isMissing = (err: unknown) => (err as NodeJS.ErrnoException).code === 'ENOENT';

export function containerReader(dir: string, sel: Selector, ctx: ReaderContext): ContainerReader {
  let restart = -1;
  /** -p: the one restart read */
  let only: number | undefined;
  /** rotated files of `restart` up to this name are read */
  let consumed = '';
  /** the live file of `restart` was read to its end and is still its live file: a newer restart took over */
  let liveDone = false;
  /** names listed but not read yet, to say so if they vanish */
  const pending = new Map<string, string>();
  let cur: Current | undefined;
  /** --tail: the file (by inode) and offset the first read starts at */
  let startAt: StartAt | undefined;
  const { decoderFor, pushBatch, feed, flushPartials } = orderedSink(sel, ctx.warn, ctx.stream);
  const cannotRead = (path: string, err: unknown) => {
    if (!ctx.stopped()) ctx.warn(`read ${path}`, `cannot read ${path}: ${describeError(err)}`);
  };
  const closeCur = async () => {
    if (!cur) return;
    const { file, decoder } = cur;
    cur = undefined;
    decoder.end();
    await pushBatch();
    await file.fh.close().catch(() => undefined);
  };
  /** false: gone before it was opened (renamed or compressed): list again */
  const openCur = async (path: string, key: string | undefined): Promise<boolean> => {
    try {
      cur = { file: await openLive(path, startAt), decoder: decoderFor(path), key };
      return true;
    } catch (err) {
      if (!isMissing(err)) {
        cannotRead(path, err);
        if (key !== undefined) consumed = key;
        return true;
      }
      return false;
    }
  };
  /** the rotation name the live file we read got, if it still exists */
  const renamedTo = async (c: Current): Promise<string | undefined> => {
    const r = (await listRestarts(dir, ctx.warn))?.find((x) => x.n === restart);
    const first = r?.rotated.find((f) => f.key > consumed);
    if (!first) return undefined;
    if (!first.path.endsWith('.gz')) return (await inoOf(first.path)) === c.file.ino ? first.key : undefined;
    return (await gzipHolds(first.path, c.file.offset, c.file.head)) ? first.key : undefined;
  };
  const view = (all: Restart[]) => (only === undefined ? all : all.filter((r) => r.n === only));
  /** --tail: skips what lies before the last N lines; the files from there are read as always */
  const seekTail = async () => {
    const all = await listRestarts(dir, ctx.warn);
    const at = all && (await tailStart(view(all), ctx.tailFrom));
    const r = at && all.find((x) => x.n === at.n);
    if (!at || !r) return;
    startAt = at;
    restart = at.n;
    consumed = r.rotated.filter((f) => at.key === undefined || f.key < at.key).at(-1)?.key ?? '';
  };

  /** drains the open file; true once it is complete (closed, its rotation name consumed) */
  const readCurrent = async (c: Current, r: Restart | undefined, later: boolean): Promise<boolean> => {
    // what follows is looked at before draining: once it exists, the drain reads to the end
    const liveIno = await inoOf(r?.live);
    const complete =
      later ||
      (c.key === undefined
        ? liveIno !== undefined && liveIno !== c.file.ino
        : liveIno !== undefined || Boolean(r?.rotated.some((f) => f.key > (c.key as string))));
    await drain(c.file, feed(c.decoder), ctx.stopped).catch((err: unknown) => cannotRead(c.file.path, err));
    if (!complete || ctx.stopped()) return false;
    if (c.key === undefined && liveIno === c.file.ino) liveDone = true;
    const key = c.key ?? (liveDone ? undefined : await renamedTo(c));
    if (key !== undefined && key > consumed) consumed = key;
    await closeCur();
    return true;
  };
  /** names every listed file that vanished unread; forgets those read or passed */
  const notePending = (r: Restart | undefined, next: Restart['rotated'][number] | undefined) => {
    for (const f of r?.rotated ?? []) if (f.key > consumed) pending.set(f.key, f.path);
    for (const [key, path] of pending) {
      if (key > consumed && (next === undefined || key < next.key) && !r?.rotated.some((f) => f.key === key)) {
        ctx.warn(`deleted ${path}`, `${path} was deleted (rotated away by the kubelet) before it could be read: its lines are missing`);
      }
      if (key <= consumed || (next && key < next.key)) pending.delete(key);
    }
  };
  /** a compressed file is read whole at once; a plain one is opened and drained as the current file */
  const readRotated = async (next: Restart['rotated'][number]) => {
    if (!next.path.endsWith('.gz')) {
      if (await openCur(next.path, next.key)) pending.delete(next.key);
      return;
    }
    const d = decoderFor(next.path);
    const err = await readWhole(next.path, feed(d), ctx.stopped).then(
      () => undefined,
      (e: unknown) => e,
    );
    d.end();
    await pushBatch();
    if (err && isMissing(err)) return; // compressed again or deleted meanwhile: list again
    if (err) cannotRead(next.path, err);
    consumed = next.key;
    pending.delete(next.key);
  };

  /** reads as far as the files go now; false once the container's directory is gone */
  const pump = async (): Promise<boolean> => {
    while (!ctx.stopped()) {
      const all = await listRestarts(dir, ctx.warn);
      if (!all) {
        await closeCur();
        await flushPartials();
        return false;
      }
      const r = view(all).find((x) => x.n === restart);
      const later = all.some((x) => x.n > restart);
      if (cur) {
        if (!(await readCurrent(cur, r, later)) || ctx.stopped()) return true;
        continue;
      }
      const next = r?.rotated.find((f) => f.key > consumed);
      notePending(r, next);
      if (next) {
        await readRotated(next);
        continue;
      }
      if (r?.live && !liveDone) {
        await openCur(r.live, undefined);
        continue;
      }
      const newer = view(all).find((x) => x.n > restart);
      if (!newer) return true;
      // a new instance: whatever the old one left unfinished is all there will be
      await flushPartials();
      restart = newer.n;
      consumed = '';
      liveDone = false;
      pending.clear();
    }
    return true;
  };

  return {
    async start() {
      if (ctx.previous) only = (await listRestarts(dir, ctx.warn))?.slice(-2, -1)[0]?.n ?? -2;
      if (ctx.tailFrom >= 0) await seekTail();
      await pump();
      if (!ctx.follow) {
        await closeCur();
        await flushPartials();
      }
      await sel.release();
    },
    poll: pump,
    close: closeCur,
  };
}
