// HTTP/2 connections to one apiserver, shared by all of that cluster's log streams, as Go
// clients (stern, kubectl) do. Over HTTP/1.1 every follow stream holds its own TLS
// connection: at 1,000 streams that was 1,000 handshakes and ~130 KB of memory each.
// A connection carries up to the server's stream limit; past it another one is opened.
import { connect, type ClientHttp2Session, type ClientHttp2Stream, type OutgoingHttpHeaders } from 'node:http2';
import type { SecureContextOptions } from 'node:tls';

export interface Http2Sessions {
  /** starts a request; rejects with NotHttp2 when the server does not speak HTTP/2 */
  request(path: string, headers: OutgoingHttpHeaders, signal: AbortSignal): Promise<ClientHttp2Stream>;
  close(): void;
}

export class NotHttp2 extends Error {}

interface Entry {
  session?: ClientHttp2Session;
  /** resolves once the server's settings (its stream limit) are known */
  ready: Promise<ClientHttp2Session>;
  active: number;
  dead: boolean;
}

// kube-apiserver allows 1,000 (--http2-max-streams-per-connection); other servers say less
// and Go's server closes a connection that exceeds its limit: no request before the limit is known.
const MAX_STREAMS = 1000;
// What the server may send before ktail reads it. Under backpressure (slow stdout) every
// stream pauses with up to its window buffered in ktail. Throughput bench (90 streams), peak
// RSS: 1 MB windows 360 MB, 512 KB 241 MB, 256 KB 192 MB; but at 256 KB one fast stream
// slowed down. 512 KB is 5 MB/s per stream at 100 ms round trip.
const CONNECTION_WINDOW = 8 << 20;
const STREAM_WINDOW = 512 << 10;
const PINGS = { everyMs: 30_000, timeoutMs: 15_000 };

type TlsOptions = SecureContextOptions & { rejectUnauthorized?: boolean; servername?: string };

export function http2Sessions(origin: string, tls: () => Promise<TlsOptions>, pings = PINGS): Http2Sessions {
  const entries = new Set<Entry>();

  const limit = (e: Entry) => Math.min(MAX_STREAMS, e.session?.remoteSettings.maxConcurrentStreams ?? MAX_STREAMS);

  const connectTo = (entry: Entry, options: TlsOptions) => new Promise<ClientHttp2Session>((resolve, reject) => {
    const session = connect(origin, { ...options, settings: { initialWindowSize: STREAM_WINDOW, enablePush: false } });
    entry.session = session;
    const notHttp2 = () => new NotHttp2(`${origin} does not speak HTTP/2`);
    session.once('remoteSettings', () => resolve(session));
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
      if (!entry.active || session.destroyed) return;
      const deadline = setTimeout(() => session.destroy(new Error('the apiserver stopped answering (HTTP/2 ping timed out)')), pings.timeoutMs).unref();
      session.ping(() => clearTimeout(deadline));
    }, pings.everyMs).unref();
    const forget = () => {
      clearInterval(pinger);
      entry.dead = true;
      entries.delete(entry);
    };
    session.on('close', forget).on('goaway', forget);
  });

  // synchronous up to the entry being listed, so that concurrent requests share it
  const open = (): Entry => {
    const entry: Entry = { active: 0, dead: false, ready: Promise.resolve(undefined as never) };
    entries.add(entry);
    entry.ready = tls().then((options) => connectTo(entry, options));
    entry.ready.catch(() => {
      entry.dead = true;
      entries.delete(entry);
    });
    return entry;
  };

  const pick = (): Entry => {
    for (const e of entries) if (!e.dead && e.active < limit(e)) return e;
    return open();
  };

  return {
    async request(path, headers, signal) {
      for (;;) {
        const entry = pick();
        entry.active++;
        let counted = true;
        const release = () => {
          if (!counted) return;
          counted = false;
          if (--entry.active === 0) entry.session?.unref();
        };
        try {
          const session = await entry.ready;
          signal.throwIfAborted();
          // more requests waited on this connection than the server turned out to allow
          if (entry.active > limit(entry) || entry.dead) {
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
    close() {
      for (const e of entries) e.session?.close();
    },
  };
}
