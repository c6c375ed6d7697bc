// kube-apiserver flushes a follow stream after every write the kubelet makes, so a busy
// container arrives as one small DATA frame (and TLS record) per line or few lines. A client
// that reads its socket the moment each lands wakes for every one of them; on a machine whose
// cores the apiserver and the kubelet share, those wakes (system time, context switches) cost
// more than the lines and slow the stream down for both ends. So after a small read a
// connection rests a moment before it reads again, and whatever arrived meanwhile comes in one
// read. A line waits at most that moment; a quiet connection reads its next line as it lands,
// and a busy one (large reads) is never held back.
// Figures: bench/NOTES.md ("One stream: reading in rests").
import type { Socket } from 'node:net';
import type { Readable } from 'node:stream';

export const REST_MS = 1;
/**
 * A turn that read at least this much was not woken by a trickle: reading on costs no extra
 * wakes, and a rest would only cap a bulk transfer (a backlog, --no-follow) at one read per rest.
 */
export const BUSY_READ = 16 << 10;

/** rests in a row that a write still waiting may add */
const MAX_WAITS = 50;

/** The native handle under a net or TLS socket: what libuv reads from. */
interface ReadHandle {
  readStart(): number;
  readStop(): number;
  /** bytes handed on so far */
  bytesRead: number;
  /** bytes given to the handle and not yet written */
  writeQueueSize?: number;
}

/**
 * Returns what to call when data arrived on `socket`. Once the turn's reads are done, a turn
 * that brought less than `busy` bytes stops the socket reading for `restMs`. Data already read
 * (a TLS record decrypted, frames parsed) is handed on at once; only the next read from the
 * kernel waits. Without a native handle (a socket Node wraps in JS) it does nothing.
 */
export function readPacer(socket: Socket, restMs = REST_MS, busy = BUSY_READ): () => void {
  const handle = (socket as unknown as { _handle?: Partial<ReadHandle> | null })._handle;
  if (typeof handle?.readStop !== 'function' || typeof handle.readStart !== 'function' || typeof handle.bytesRead !== 'number')
    return () => undefined;
  const h = handle as ReadHandle;
  const usable = () => !socket.destroyed && (socket as unknown as { _handle?: unknown })._handle === h;
  let mark = h.bytesRead;
  let pending = false;
  let resting = false;
  let waited = 0;
  const again = () => {
    if (!usable()) return;
    // Node's HTTP/2 session stops reading itself while one of its writes waits on the socket
    // (so that a peer that reads nothing cannot make it queue replies): not started under it,
    // for a while (the size is a figure the handle updates, not a promise it will)
    if (h.writeQueueSize && waited++ < MAX_WAITS) {
      setTimeout(again, restMs);
      return;
    }
    waited = 0;
    resting = false;
    h.readStart();
  };
  // after the poll phase: every read of this turn is counted, however many frames it held
  const decide = () => {
    pending = false;
    const read = h.bytesRead - mark;
    mark = h.bytesRead;
    if (read >= busy || !usable()) return;
    resting = true;
    h.readStop();
    setTimeout(again, restMs);
  };
  return () => {
    if (pending || resting) return;
    pending = true;
    setImmediate(decide);
  };
}

/**
 * Calls `arrived` whenever `stream` is given a chunk. The hook sits on `push` (where Node's
 * HTTP/2 session hands a stream its data) so that the stream's flowing or paused mode, which
 * its reader decides, stays untouched: a 'data' listener here would start it flowing.
 */
export function onChunk<T extends Readable>(stream: T, arrived: () => void): T {
  const push = stream.push;
  stream.push = function (chunk: unknown, encoding?: BufferEncoding) {
    if (chunk !== null) arrived();
    return push.call(this, chunk, encoding);
  };
  return stream;
}
