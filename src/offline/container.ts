// One container's log across its files, in the order the kubelet wrote them: restarts
// ascending; within a restart the rotated files oldest first, then the live <n>.log.
// With --follow the live file stays open: appended bytes are read as they come, and when
// the kubelet renames it away (rotation) the open handle is read until a new <n>.log
// exists, then to its end, before the new one is read from its start: nothing lost,
// nothing twice. A newer <n+1>.log means the
// container restarted: the old live file is complete once it appears.
import { stat } from 'node:fs/promises';
import type { LineSplitter } from '../tail/lineSplitter.js';
import { fileDecoder, joiner, type Whole } from './entries.js';
import { drain, openLive, readWhole, reason, type LiveFile, type OnChunk } from './files.js';
import type { Selector } from './select.js';
import { listRestarts, type Restart, type Warn } from './tree.js';

export interface ReaderContext {
  follow: boolean;
  /** -p: only the instance before the latest */
  previous: boolean;
  warn: Warn;
  stopped: () => boolean;
}

export interface ContainerReader {
  /** reads what is there; following, the live file is left open */
  start(): Promise<void>;
  /** following: reads what changed since; false once the container's directory is gone */
  poll(): Promise<boolean>;
  close(): Promise<void>;
}

export function containerReader(dir: string, sel: Selector, ctx: ReaderContext): ContainerReader {
  const join = joiner();
  let restart = -1;
  let live: { file: LiveFile; decoder: LineSplitter } | undefined;
  // the decoder's callbacks are synchronous; what they complete is pushed after each chunk
  let batch: Whole[] = [];

  const decoderFor = (path: string) => fileDecoder(path, (e) => {
    const w = join.push(e);
    if (w) batch.push(w);
  }, (message) => ctx.warn(`parse ${path}`, message));
  const pushBatch = async () => {
    const b = batch;
    batch = [];
    for (const w of b) await sel.push(w);
  };
  const feed = (d: LineSplitter): OnChunk => async (chunk) => {
    d.push(chunk);
    await pushBatch();
  };
  const cannotRead = (path: string, err: unknown) => {
    if (!ctx.stopped()) ctx.warn(`read ${path}`, `cannot read ${path}: ${reason(err)}`);
  };

  const readFile = async (path: string) => {
    const d = decoderFor(path);
    await readWhole(path, feed(d), ctx.stopped).catch((err: unknown) => cannotRead(path, err));
    d.end();
    await pushBatch();
  };
  const drainLive = async () => {
    if (live) await drain(live.file, feed(live.decoder), ctx.stopped).catch((err: unknown) => cannotRead(live?.file.path ?? '', err));
  };
  const openLiveFile = async (path: string) => {
    try {
      live = { file: await openLive(path), decoder: decoderFor(path) };
    } catch (err) {
      // renamed between listing and opening: the next poll finds its successor
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') cannotRead(path, err);
      return;
    }
    await drainLive();
  };
  const closeLive = async () => {
    if (!live) return;
    const { file, decoder } = live;
    live = undefined;
    decoder.end();
    await pushBatch();
    await file.fh.close().catch(() => undefined);
  };
  const flushPartials = async () => {
    for (const w of join.flush()) await sel.push(w);
  };

  /** restarts not read yet, each complete; the last one's live file followed if asked to */
  const readRestarts = async (restarts: Restart[]) => {
    for (const [i, r] of restarts.entries()) {
      if (ctx.stopped()) return;
      // a new instance: whatever the old one left unfinished is all there will be
      await flushPartials();
      restart = r.n;
      for (const f of r.rotated) await readFile(f);
      if (!r.live) continue;
      if (ctx.follow && i === restarts.length - 1) await openLiveFile(r.live);
      else await readFile(r.live);
    }
  };

  return {
    async start() {
      const all = (await listRestarts(dir, ctx.warn)) ?? [];
      await readRestarts(ctx.previous ? all.slice(-2, -1) : all);
      if (!ctx.follow) await flushPartials();
      await sel.release();
    },
    async poll() {
      const all = await listRestarts(dir, ctx.warn);
      if (live) {
        // stat before draining: once the path names a new file the runtime writes there, and
        // the drain after it reads the old one to its end. Renamed with no successor yet, the
        // runtime may still be writing to the old one: keep reading it.
        const now = await stat(live.file.path).catch(() => undefined);
        await drainLive();
        const replaced = now !== undefined && now.ino !== live?.file.ino;
        if (!all || replaced || all.some((r) => r.n > restart)) await closeLive();
      }
      if (!all) {
        await flushPartials();
        return false;
      }
      const newer = all.filter((r) => r.n > restart);
      if (newer.length) await readRestarts(newer);
      else if (!live) {
        const current = all.find((r) => r.n === restart)?.live;
        if (current) await openLiveFile(current);
      }
      return true;
    },
    close: closeLive,
  };
}
