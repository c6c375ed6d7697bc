// One container's lines on their way from its files to the output, in file order, held back
// while the output is congested.
import type { LineSplitter } from '../tail/lineSplitter.js';
import { fileDecoder, joiner, type Whole } from './entries.js';
import type { OnChunk } from './files.js';
import type { Selector } from './select.js';
import type { Warn } from './tree.js';

/**
 * The lines of one container's files on their way to the output, in order. The decoder's
 * callbacks are synchronous: a line goes on at once while the output takes it (kept lines
 * would outlive young-generation GCs); once it is congested, the rest of the chunk waits
 * here, in order, until it drains. Pieces of a split line are joined across files.
 */
export function orderedSink(sel: Selector, warn: Warn, stream: string | undefined) {
  const join = joiner();
  let batch: Whole[] = [];
  let congested: Promise<void> | undefined;
  const decoderFor = (path: string) =>
    fileDecoder(
      path,
      sel.target,
      (e) => {
        if (stream && e.stream !== stream) return;
        const w = join.push(e);
        if (!w) return;
        if (congested) batch.push(w);
        else congested = sel.push(w);
      },
      (message) => warn(`parse ${path}`, message),
    );
  const pushBatch = async () => {
    while (congested) {
      await congested;
      congested = undefined;
      const b = batch;
      batch = [];
      for (const [i, w] of b.entries()) {
        congested = sel.push(w);
        if (congested) {
          batch = [...b.slice(i + 1), ...batch];
          break;
        }
      }
    }
  };
  const feed =
    (d: LineSplitter): OnChunk =>
    async (chunk) => {
      d.push(chunk);
      await pushBatch();
    };
  /** a new instance, or the end: whatever the old one left unfinished is all there will be */
  const flushPartials = async () => {
    for (const w of join.flush()) await sel.push(w);
  };
  return { decoderFor, pushBatch, feed, flushPartials };
}
