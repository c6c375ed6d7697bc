// One pods/log request. client-node supplies the credentials, TLS and proxy agent
// (applyToHTTPSOptions); the request itself is ours because client-node's Log helper
// drops tailLines=0, lacks insecureSkipTLSVerifyBackend, loses error bodies and does not
// let us pause the response for backpressure. Requests go over HTTP/2 connections shared
// per cluster (http2Sessions.ts), or HTTP/1.1 through a proxy or to a server without HTTP/2.
import { request as httpRequest, type IncomingHttpHeaders, type RequestOptions } from 'node:http';
import type { ClientHttp2Stream } from 'node:http2';
import { request as httpsRequest, type RequestOptions as HttpsRequestOptions } from 'node:https';
import type { Readable } from 'node:stream';
import { OPEN_GATE, type ApiGate } from '../kubeconfig/apiGate.js';
import type { Cluster } from '../kubeconfig/clusters.js';
import { CredentialsError, describeError } from '../shared/errors.js';
import { deadline } from '../kubeconfig/deadline.js';
import type { Target } from '../shared/target.js';
import { authHeaders, type AuthHeaders } from './authHeaders.js';
import { http2Sessions, NotHttp2, type Http2Sessions } from './http2Sessions.js';

export interface LogParams {
  follow: boolean;
  timestamps: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  sinceTime?: string;
  previous?: boolean;
  limitBytes?: number;
  insecureSkipTLSVerifyBackend?: boolean;
  /** PodLogOptions.stream, lower case (stdout, stderr): sent as the API spells it (Stdout, Stderr) */
  stream?: string;
}

export class LogRequestError extends Error {
  constructor(
    readonly code: number,
    readonly body: string,
  ) {
    super(`HTTP ${code}`);
  }
}

export function logUrl(server: string, t: Pick<Target, 'namespace' | 'pod' | 'container'>, p: LogParams): URL {
  const url = new URL(server);
  url.pathname = `${url.pathname.replace(/\/$/, '')}/api/v1/namespaces/${encodeURIComponent(t.namespace)}/pods/${encodeURIComponent(t.pod)}/log`;
  const q = url.searchParams;
  q.set('container', t.container);
  if (p.follow) q.set('follow', 'true');
  if (p.timestamps) q.set('timestamps', 'true');
  if (p.tailLines !== undefined && p.tailLines >= 0) q.set('tailLines', String(p.tailLines));
  if (p.sinceTime) q.set('sinceTime', p.sinceTime);
  else if (p.sinceSeconds) q.set('sinceSeconds', String(p.sinceSeconds));
  if (p.previous) q.set('previous', 'true');
  if (p.limitBytes) q.set('limitBytes', String(p.limitBytes));
  if (p.insecureSkipTLSVerifyBackend) q.set('insecureSkipTLSVerifyBackend', 'true');
  if (p.stream) q.set('stream', p.stream.charAt(0).toUpperCase() + p.stream.slice(1));
  return url;
}

export interface LogClient {
  /** opens the stream; resolves with the body once the server said 200 */
  open(t: Target, p: LogParams, signal: AbortSignal): Promise<Readable>;
  close(): void;
}

type Open = LogClient['open'];

/** One per cluster: its log streams share HTTP/2 connections. `gate`: --qps, --verbosity. */
export function logClient(cluster: Cluster, gate: ApiGate = OPEN_GATE): LogClient {
  const options = () => requestOptions(cluster);
  const auth = authHeaders(options);
  const sessions = http2Sessions(new URL(cluster.server).origin, () => tlsOf(options), undefined, gate.timeoutMs || undefined);
  let http1 = cluster.server.startsWith('http:') || Boolean(cluster.kc.getCurrentCluster()?.proxyUrl);

  const open: Open = async (t, p, signal) => {
    if (!http1) {
      try {
        return await openHttp2(sessions, auth, logUrl(cluster.server, t, p), signal);
      } catch (err) {
        if (!(err instanceof NotHttp2)) throw err;
        http1 = true;
      }
    }
    return openHttp1(logUrl(cluster.server, t, p), { ...(await options()), signal });
  };

  const timed = withDeadline(gate.timeoutMs, open);
  return {
    open: gate === OPEN_GATE ? timed : gated(gate, cluster.server, auth, timed),
    close: () => sessions.close(),
  };
}

/** client-node's options for one request: credentials, TLS and the proxy agent. */
async function requestOptions(cluster: Cluster): Promise<HttpsRequestOptions> {
  const opts: HttpsRequestOptions = { method: 'GET', headers: { Accept: '*/*' } };
  // only local work happens here (an exec plugin, a token file, certificate files): a failure
  // is the cluster's client setup, the same for every stream
  await cluster.kc.applyToHTTPSOptions(opts).catch((err: unknown) => {
    throw new CredentialsError(err);
  });
  return opts;
}

/** What an HTTP/2 connection needs of them: the rest goes in each request's headers. */
async function tlsOf(options: () => Promise<HttpsRequestOptions>) {
  const { ca, cert, key, pfx, passphrase, rejectUnauthorized, servername } = await options();
  return { ca, cert, key, pfx, passphrase, rejectUnauthorized, servername };
}

/**
 * --request-timeout bounds the wait for the answer's headers, not the stream that follows,
 * and only where an answer is due: the kubelet sends a follow stream's headers with its first
 * line, so a quiet container (--tail 0, nothing written yet) answers whenever it next writes.
 * A follow stream's connection is still bounded: an HTTP/2 session that does not complete its
 * handshake in that time fails (http2Sessions), and the cluster's lists and watches, which
 * every tail waits behind, have the timeout too.
 */
function withDeadline(timeoutMs: number, open: Open): Open {
  return async (t, p, signal) => {
    if (p.follow) return open(t, p, signal);
    const late = deadline(timeoutMs);
    try {
      return await open(t, p, late.signal ? AbortSignal.any([signal, late.signal]) : signal);
    } catch (err) {
      throw late.explain(err);
    } finally {
      late.stop();
    }
  };
}

/** --qps waits before each request; --verbosity traces it and its answer. */
function gated(gate: ApiGate, server: string, auth: AuthHeaders, open: Open): Open {
  return async (t, p, signal) => {
    await gate.throttle.wait(signal);
    const url = logUrl(server, t, p).href;
    gate.trace.request('GET', url, await auth.get());
    const started = performance.now();
    try {
      const body = await open(t, p, signal);
      gate.trace.response('GET', url, 200, performance.now() - started);
      return body;
    } catch (err) {
      gate.trace.response('GET', url, err instanceof LogRequestError ? err.code : describeError(err), performance.now() - started);
      throw err;
    }
  };
}

/** HTTP/2: a stream on one of the cluster's shared connections. */
async function openHttp2(sessions: Http2Sessions, auth: AuthHeaders, url: URL, signal: AbortSignal): Promise<Readable> {
  // :authority is the server's host as written (Node would put tls-server-name there)
  const stream = await sessions.request(url.pathname + url.search, { ...(await auth.get()), ':authority': url.host }, signal);
  return new Promise((resolve, reject) => {
    const closed = () => reject(new Error('the stream closed before the apiserver answered'));
    stream.once('error', reject).once('close', closed);
    stream.once('response', (h: IncomingHttpHeaders & { ':status'?: number }) => {
      stream.off('error', reject).off('close', closed);
      if (h[':status'] === 200) return resolve(quiet(stream));
      if (h[':status'] === 401) {
        // renewed credentials may be waiting: a new token, or a new client certificate (a new connection)
        auth.forget();
        sessions.retire(stream);
      }
      // the refusal is read, then the stream let go: an abort of `signal` later (the run ending)
      // would otherwise raise an error on a stream nobody listens to any more
      readBody(quiet(stream))
        .then((body) => reject(new LogRequestError(h[':status'] ?? 0, body)), reject)
        .finally(() => stream.destroy());
    });
  });
}

/** HTTP/1.1: one connection per stream, through client-node's agent (proxies included). */
function openHttp1(url: URL, opts: RequestOptions): Promise<Readable> {
  const request = url.protocol === 'http:' ? httpRequest : httpsRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, opts, (res) => {
      if (res.statusCode === 200) return resolve(quiet(res));
      readBody(quiet(res)).then((body) => reject(new LogRequestError(res.statusCode ?? 0, body)), reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** An error between here and the reader's listeners must not crash ktail: the reader still sees 'close'. */
function quiet<T extends Readable>(body: T): T {
  return body.on('error', () => undefined);
}

async function readBody(res: Readable | ClientHttp2Stream, max = 64 * 1024): Promise<string> {
  let body = '';
  for await (const chunk of res) {
    if (body.length < max) body += String(chunk);
  }
  return body.slice(0, max);
}
