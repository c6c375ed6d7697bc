// One HTTP/2 connection of the pool in http2Sessions.ts: ready once the server's settings
// (its stream limit) are known, pinged while it carries streams, and closed only once its
// last stream ended.
import type { Socket } from 'node:net';
import { connect, type ClientHttp2Session } from 'node:http2';
import type { SecureContextOptions } from 'node:tls';
import { readPacer } from './readPacing.js';

export class NotHttp2 extends Error {}

export type TlsOptions = SecureContextOptions & { rejectUnauthorized?: boolean; servername?: string };

export interface Connection {
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
  /** a stream on it was given data: the socket rests before its next read (readPacing.ts) */
  dataArrived(): void;
  active: number;
  dead: boolean;
}

export interface ConnectionSettings {
  pings: { everyMs: number; timeoutMs: number };
  /** how long a handshake may stall */
  connectTimeoutMs: number;
  /** what the server may send before ktail reads it: on the whole connection, on each stream */
  connectionWindow: number;
  streamWindow: number;
}

/** Opens `c.session` at once; resolves when it is ready. `retire`: takes `c` out of the pool. */
export function connectSession(
  origin: string,
  options: TlsOptions,
  c: Connection,
  settings: ConnectionSettings,
  retire: (c: Connection) => void,
): Promise<ClientHttp2Session> {
  return new Promise<ClientHttp2Session>((resolve, reject) => {
    const session = connect(origin, { ...options, settings: { initialWindowSize: settings.streamWindow, enablePush: false } });
    c.session = session;
    closeOnceIdle(session, c, retire);
    const notHttp2 = () => new NotHttp2(`${origin} does not speak HTTP/2`);
    // a handshake that stalls, or a close before the server's settings, must not leave requests waiting
    const stalled = setTimeout(
      () => session.destroy(new Error(`no HTTP/2 settings from ${origin} within ${settings.connectTimeoutMs / 1000} s`)),
      settings.connectTimeoutMs,
    ).unref();
    session.once('remoteSettings', () => {
      c.settled = true;
      clearTimeout(stalled);
      resolve(session);
    });
    session.once('connect', (_s, socket) => {
      if ('alpnProtocol' in socket && socket.alpnProtocol !== 'h2') {
        reject(notHttp2());
        session.destroy();
      } else {
        session.setLocalWindowSize(settings.connectionWindow);
        // as Go's clients (stern, kubectl) have it: a WINDOW_UPDATE or a PING that waits for
        // Nagle's algorithm holds back the server's next frames
        (socket as Socket).setNoDelay(true);
        c.dataArrived = readPacer(socket as Socket);
      }
    });
    session.on('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'ERR_SSL_TLSV1_ALERT_NO_APPLICATION_PROTOCOL' ? notHttp2() : err),
    );
    const pinger = keepPinging(session, c, settings.pings);
    const gone = () => {
      clearTimeout(stalled);
      retire(c);
      reject(new Error(`the HTTP/2 connection to ${origin} closed`));
    };
    // after a GOAWAY the streams already open carry on: keep pinging them until the last ends
    session.on('goaway', gone).on('close', () => {
      gone();
      clearInterval(pinger);
    });
  });
}

/**
 * Node closes a session the moment a GOAWAY arrives, and a closed session refuses to be
 * pinged; but the streams open on it carry on (kube-apiserver's --goaway-chance leaves
 * follow streams there for good) and need their liveness pings: a session is closed once
 * its last stream ended, however it was retired.
 */
function closeOnceIdle(session: ClientHttp2Session, c: Connection, retire: (c: Connection) => void): void {
  const closeNow = session.close.bind(session);
  session.close = (callback?: () => void) => {
    retire(c);
    if (callback) session.once('close', callback);
    if (!c.active) closeNow();
  };
  c.closeIfIdle = () => c.dead && !c.active && closeNow();
}

/** A connection that dies without a FIN (a network partition) would leave every stream waiting forever: ping it while it carries streams. */
function keepPinging(session: ClientHttp2Session, c: Connection, pings: ConnectionSettings['pings']): NodeJS.Timeout {
  return setInterval(() => {
    if (!c.active || session.destroyed || session.connecting) return;
    const deadline = setTimeout(
      () => session.destroy(new Error('the apiserver stopped answering (HTTP/2 ping timed out)')),
      pings.timeoutMs,
    ).unref();
    session.ping(() => clearTimeout(deadline));
  }, pings.everyMs).unref();
}
