// HTTP/2 connections to one apiserver, shared by all of that cluster's log streams, as Go
// clients (stern, kubectl) do. Over HTTP/1.1 every follow stream holds its own TLS
// connection: a handshake and a connection's memory per stream (bench/NOTES.md).
// A connection carries up to the server's stream limit; past it another one is opened.
import { connect, type ClientHttp2Session, type ClientHttp2Stream, type OutgoingHttpHeaders } from 'node:http2';
import type { SecureContextOptions } from 'node:tls';

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

export class NotHttp2 extends Error {}

interface Entry {
  /** opening order: a connection opened later had credentials asked for later */
  seq: number;
  session?: ClientHttp2Session;
  /** resolves once the server's settings (its stream limit) are known */
  ready: Promise<ClientHttp2Session>;
  settled: boolean;
  /** ends a connect in flight */
  cancel(err: Error): void;
  /** a retired connection closes once its last stream ended */
  closeIfIdle(): void;
  active: number;
  dead: boolean;
}

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

type TlsOptions = SecureContextOptions & { rejectUnauthorized?: boolean; servername?: string };

/** `connectTimeoutMs`: --request-timeout, how long a handshake may stall */
export function http2Sessions(origin: string, tls: () => Promise<TlsOptions>, pings = PINGS, connectTimeoutMs = CONNECT_TIMEOUT_MS): Http2Sessions {
  const entries = new Set<Entry>();
  // kept past retiring: a 401 may arrive on a connection retired by an earlier one
  const seqOf = new WeakMap<object, number>();
  let opened = 0;
  let closed = false;
  const closedError = () => new Error(`the connections to ${origin} are closed (ktail is stopping)`);

  const limit = (e: Entry) => Math.min(MAX_STREAMS, e.session?.remoteSettings.maxConcurrentStreams ?? MAX_STREAMS);
  const retire = (e: Entry) => {
    e.dead = true;
    entries.delete(e);
  };

  const connectTo = (entry: Entry, options: TlsOptions) => new Promise<ClientHttp2Session>((resolve, reject) => {
    if (closed) return reject(closedError());
    const session = connect(origin, { ...options, settings: { initialWindowSize: STREAM_WINDOW, enablePush: false } });
    entry.session = session;
    seqOf.set(session, entry.seq);
    // Node closes a session the moment a GOAWAY arrives, and a closed session refuses to be
    // pinged; but the streams open on it carry on (kube-apiserver's --goaway-chance leaves
    // follow streams there for good) and need their liveness pings: a session is closed
    // once its last stream ended, however it was retired.
    const closeNow = session.close.bind(session);
    session.close = (callback?: () => void) => {
      retire(entry);
      if (callback) session.once('close', callback);
      if (!entry.active) closeNow();
    };
    entry.closeIfIdle = () => entry.dead && !entry.active && closeNow();
    const notHttp2 = () => new NotHttp2(`${origin} does not speak HTTP/2`);
    // a handshake that stalls, or a close before the server's settings, must not leave requests waiting
    const stalled = setTimeout(() => session.destroy(new Error(`no HTTP/2 settings from ${origin} within ${connectTimeoutMs / 1000} s`)), connectTimeoutMs).unref();
    session.once('remoteSettings', () => {
      entry.settled = true;
      clearTimeout(stalled);
      resolve(session);
    });
    session.once('connect', (_s, socket) => {
      if ('alpnProtocol' in socket && socket.alpnProtocol !== 'h2') {
        reject(notHttp2());
        session.destroy();
      } else session.setLocalWindowSize(CONNECTION_WINDOW);
    });
    session.on('error', (err: NodeJS.ErrnoException) => reject(err.code === 'ERR_SSL_TLSV1_ALERT_NO_APPLICATION_PROTOCOL' ? notHttp2() : err));
    // A connection that dies without a FIN (a network partition) would leave every stream
    // waiting forever: ping it while it carries streams.
    const pinger = setInterval(() => {
      if (!entry.active || session.destroyed || session.connecting) return;
      const deadline = setTimeout(() => session.destroy(new Error('the apiserver stopped answering (HTTP/2 ping timed out)')), pings.timeoutMs).unref();
      session.ping(() => clearTimeout(deadline));
    }, pings.everyMs).unref();
    const gone = () => {
      clearTimeout(stalled);
      retire(entry);
      reject(new Error(`the HTTP/2 connection to ${origin} closed`));
    };
    // after a GOAWAY the streams already open carry on: keep pinging them until the last ends
    session.on('goaway', gone).on('close', () => {
      gone();
      clearInterval(pinger);
    });
  });

  // synchronous up to the entry being listed, so that concurrent requests share it
  const open = (): Entry => {
    let cancel: (err: Error) => void = () => undefined;
    const cancelled = new Promise<never>((_, reject) => (cancel = reject));
    const entry: Entry = { seq: opened++, active: 0, dead: false, settled: false, cancel, closeIfIdle: () => undefined, ready: cancelled };
    entries.add(entry);
    entry.ready = Promise.race([tls().then((options) => connectTo(entry, options)), cancelled]);
    entry.ready.catch(() => retire(entry));
    return entry;
  };

  const alive = (e: Entry) => !e.dead && !e.session?.closed && !e.session?.destroyed;
  const usable = (e: Entry) => alive(e) && e.active < limit(e);
  const pick = (): Entry => {
    for (const e of entries) if (usable(e)) return e;
    return open();
  };

  return {
    async request(path, headers, signal) {
      // Waiters beyond the limit the server announced move on to another connection (each
      // round, `limit` of them get through); a connection that closed at once is tried again
      // a few times only.
      for (let closedEarly = 0; ;) {
        if (closed) throw closedError();
        const entry = pick();
        entry.active++;
        let counted = true;
        const release = () => {
          if (!counted) return;
          counted = false;
          if (--entry.active) return;
          entry.session?.unref();
          entry.closeIfIdle();
        };
        try {
          const session = await abortable(entry.ready, signal);
          if (!alive(entry) && ++closedEarly >= 3) throw new Error(`the HTTP/2 connection to ${origin} keeps closing`);
          if (limit(entry) === 0) throw new Error(`${origin} allows no HTTP/2 streams`);
          if (!alive(entry) || entry.active > limit(entry)) {
            release();
            continue;
          }
          session.ref();
          const stream = session.request({ ':method': 'GET', ':path': path, ...headers }, { signal, endStream: true });
          stream.once('close', release);
          return stream;
        } catch (err) {
          release();
          throw err;
        }
      }
    },
    retire(stream) {
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

/** `p`, or the signal's abort reason if that comes first. */
function abortable<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
