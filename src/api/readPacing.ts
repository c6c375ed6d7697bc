// kube-apiserver flushes a follow stream after every write the kubelet makes, so a busy
// container arrives as one small DATA frame (and TLS record) per line or few lines. A client
// that reads its socket the moment each lands wakes for every one of them; on a machine whose
// cores the apiserver and the kubelet share, those wakes (system time, context switches) cost
// more than the lines and slow the stream down for both ends. So after a read a connection
// rests a moment before it reads again, and whatever arrived meanwhile comes in one read.
// A line waits at most that moment; a quiet connection reads its next line as it lands.
// Figures: bench/NOTES.md ("One stream: reading in rests").
import type { Socket } from 'node:net';
import type { Readable } from 'node:stream';

export const REST_MS = 1;

/** The native handle under a net or TLS socket: what libuv reads from. */
interface ReadHandle {
  readStart(): number;
  readStop(): number;
}

/**
 * Returns what to call when data arrived on `socket`: the socket stops reading for `restMs`.
 * Data already read (a TLS record decrypted, frames parsed) is still handed on at once; only
 * the next read from the kernel waits. Without a native handle (a socket Node wraps in JS) it
 * does nothing.
 */
export function readPacer(socket: Socket, restMs = REST_MS): () => void {
  const handle = (socket as unknown as { _handle?: Partial<ReadHandle> | null })._handle;
  if (typeof handle?.readStop !== 'function' || typeof handle.readStart !== 'function') return () => undefined;
  const h = handle as ReadHandle;
  let resting = false;
  const again = () => {
    resting = false;
    // Node's HTTP/2 session also stops reading while one of its writes waits on the socket
    // (so a peer that reads nothing cannot make it queue replies); starting here during such a
    // write only lets replies queue for one more read, and the session pauses parsing itself
    if (!socket.destroyed && (socket as unknown as { _handle?: unknown })._handle === h) h.readStart();
  };
  return () => {
    if (resting || socket.destroyed) return;
    resting = true;
    h.readStop();
    setTimeout(again, restMs);
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
