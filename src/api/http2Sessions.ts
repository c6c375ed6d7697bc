// HTTP/2 connections to one apiserver, shared by all of that cluster's log streams, as Go
// clients (stern, kubectl) do. Over HTTP/1.1 every follow stream holds its own TLS
// connection: a handshake and a connection's memory per stream (bench/NOTES.md).
// A connection carries up to the server's stream limit; past it another one is opened.
import type { ClientHttp2Stream, OutgoingHttpHeaders } from 'node:http2';
import { connectSession, type Connection, type ConnectionSettings, type TlsOptions } from './http2Connection.js';
import { onChunk } from './readPacing.js';

export interface Http2Sessions {
  /** starts a request; rejects with NotHttp2 when the server does not speak HTTP/2 */
  request(path: string, headers: OutgoingHttpHeaders, signal: AbortSignal): Promise<ClientHttp2Stream>;
  /**
   * `stream` was refused (401): new requests go over new connections (renewed client
   * certificates) instead of the one it used or any opened before it; current streams carry on.
   */
  retire(stream: ClientHttp2Stream): void;
  /** refuses new requests, cancels connects in flight; open streams end as they will */
  close(): void;
}

export { NotHttp2 } from './http2Connection.js';

// kube-apiserver allows 1,000 (--http2-max-streams-per-connection); other servers say less
// and Go's server closes a connection that exceeds its limit: no request before the limit is known.
const MAX_STREAMS = 1000;
// What the server may send before ktail reads it. Under backpressure (slow stdout) every
// stream pauses with up to its window buffered in ktail, so a smaller window costs less
// memory; but a stream carries at most a window per round trip, and too small a window
// slowed a fast stream down. The stream window is the smallest that kept its pace in the
// throughput bench (bench/NOTES.md).
const CONNECTION_WINDOW = 8 << 20;
const STREAM_WINDOW = 512 << 10;
const PINGS = { everyMs: 30_000, timeoutMs: 15_000 };
const CONNECT_TIMEOUT_MS = 30_000;

/** `connectTimeoutMs`: --request-timeout, how long a handshake may stall */
export function http2Sessions(
  origin: string,
  tls: () => Promise<TlsOptions>,
  pings = PINGS,
  connectTimeoutMs = CONNECT_TIMEOUT_MS,
): Http2Sessions {
  const pool = connectionPool(origin, tls, { pings, connectTimeoutMs, connectionWindow: CONNECTION_WINDOW, streamWindow: STREAM_WINDOW });
  return {
    async request(path, headers, signal) {
      // Waiters beyond the limit the server announced move on to another connection (each
      // round, `limit` of them get through); a connection that closed at once is tried again
      // a few times only.
      for (let closedEarly = 0; ;) {
        pool.throwIfClosed();
        const entry = pool.pick();
        const release = claim(entry);
        try {
          const session = await abortable(entry.ready, signal);
          if (!alive(entry) && ++closedEarly >= 3) throw new Error(`the HTTP/2 connection to ${origin} keeps closing`);
          if (limit(entry) === 0) throw new Error(`${origin} allows no HTTP/2 streams`);
          if (!alive(entry) || entry.active > limit(entry)) {
            release();
            continue;
          }
          session.ref();
          const stream = onChunk(session.request({ ':method': 'GET', ':path': path, ...headers }, { signal, endStream: true }), () =>
            entry.dataArrived(),
          );
          stream.once('close', release);
          return stream;
        } catch (err) {
          release();
          throw err;
        }
      }
    },
    retire: (stream) => pool.retire(stream),
    close: () => pool.close(),
  };
}

/** The connections to `origin`: opened on demand, retired when refused, all closed at the end. */
function connectionPool(origin: string, tls: () => Promise<TlsOptions>, settings: ConnectionSettings) {
  const entries = new Set<Connection>();
  // kept past retiring: a 401 may arrive on a connection retired by an earlier one
  const seqOf = new WeakMap<object, number>();
  let opened = 0;
  let closed = false;
  const closedError = () => new Error(`the connections to ${origin} are closed (ktail is stopping)`);
  const retire = (e: Connection) => {
    e.dead = true;
    entries.delete(e);
  };

  // synchronous up to the entry being listed, so that concurrent requests share it
  const open = (): Connection => {
    let cancel: (err: Error) => void = () => undefined;
    const cancelled = new Promise<never>((_, reject) => (cancel = reject));
    const entry: Connection = {
      seq: opened++,
      active: 0,
      dead: false,
      settled: false,
      cancel,
      closeIfIdle: () => undefined,
      dataArrived: () => undefined,
      ready: cancelled,
    };
    entries.add(entry);
    const connected = tls().then((options) => {
      if (closed) throw closedError();
      const ready = connectSession(origin, options, entry, settings, retire);
      if (entry.session) seqOf.set(entry.session, entry.seq);
      return ready;
    });
    entry.ready = Promise.race([connected, cancelled]);
    entry.ready.catch(() => retire(entry));
    return entry;
  };

  const pick = (): Connection => {
    for (const e of entries) if (usable(e)) return e;
    return open();
  };

  return {
    pick,
    throwIfClosed() {
      if (closed) throw closedError();
    },
    retire(stream: ClientHttp2Stream) {
      const refused = stream.session && seqOf.get(stream.session);
      for (const e of entries) {
        if (refused !== undefined && e.seq > refused) continue;
        retire(e);
        e.session?.close();
      }
    },
    close() {
      closed = true;
      for (const e of entries) {
        retire(e);
        // a connection still being made has nothing to finish
        if (e.settled) e.session?.close();
        else {
          e.cancel(closedError());
          e.session?.destroy();
        }
      }
    },
  };
}

const limit = (e: Connection) => Math.min(MAX_STREAMS, e.session?.remoteSettings.maxConcurrentStreams ?? MAX_STREAMS);
const alive = (e: Connection) => !e.dead && !e.session?.closed && !e.session?.destroyed;
const usable = (e: Connection) => alive(e) && e.active < limit(e);

/** Counts a stream on `e` until the returned release; the last one out lets a retired connection close. */
function claim(e: Connection): () => void {
  e.active++;
  let counted = true;
  return () => {
    if (!counted) return;
    counted = false;
    if (--e.active) return;
    e.session?.unref();
    e.closeIfIdle();
  };
}

/** `p`, or the signal's abort reason if that comes first. */
function abortable<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
