// One pods/log request. client-node supplies the credentials, TLS and proxy agent
// (applyToHTTPSOptions); the request itself is ours because client-node's Log helper
// drops tailLines=0, lacks insecureSkipTLSVerifyBackend, loses error bodies and does not
// let us pause the response for backpressure. Requests go over HTTP/2 connections shared
// per cluster (http2Sessions.ts), or HTTP/1.1 through a proxy or to a server without HTTP/2.
import { request as httpRequest, type IncomingHttpHeaders, type RequestOptions } from 'node:http';
import type { ClientHttp2Stream, OutgoingHttpHeaders } from 'node:http2';
import { request as httpsRequest, type RequestOptions as HttpsRequestOptions } from 'node:https';
import type { Readable } from 'node:stream';
import { OPEN_GATE, type ApiGate } from '../kubeconfig/apiGate.js';
import type { Cluster } from '../kubeconfig/clusters.js';
import { CredentialsError, describeError } from '../shared/errors.js';
import { deadline } from '../kubeconfig/deadline.js';
import type { Target } from '../shared/target.js';
import { http2Sessions, NotHttp2 } from './http2Sessions.js';

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
  constructor(readonly code: number, readonly body: string) {
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

/** One per cluster: its log streams share HTTP/2 connections. `gate`: --qps, --verbosity. */
export function logClient(cluster: Cluster, gate: ApiGate = OPEN_GATE): LogClient {
  // only local work happens here (an exec plugin, a token file, certificate files): a failure
  // is the cluster's client setup, the same for every stream
  const options = async () => {
    const opts: HttpsRequestOptions = { method: 'GET', headers: { Accept: '*/*' } };
    await cluster.kc.applyToHTTPSOptions(opts).catch((err: unknown) => {
      throw new CredentialsError(err);
    });
    return opts;
  };
  let http1 = cluster.server.startsWith('http:') || Boolean(cluster.kc.getCurrentCluster()?.proxyUrl);
  const sessions = http2Sessions(new URL(cluster.server).origin, async () => {
    const { ca, cert, key, pfx, passphrase, rejectUnauthorized, servername } = await options();
    return { ca, cert, key, pfx, passphrase, rejectUnauthorized, servername };
  }, undefined, gate.timeoutMs || undefined);

  // Credentials (exec plugins, OIDC tokens) are asked for again every few seconds, not per
  // request: client-node renews them, and a thousand streams opening at once share one answer.
  let headers: { at: number; value: Promise<OutgoingHttpHeaders> } | undefined;
  const authHeaders = () => {
    if (!headers || Date.now() - headers.at > 5000) {
      const value = options().then((opts) => {
        const h: OutgoingHttpHeaders = Object.fromEntries(Object.entries(opts.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
        if (opts.auth) h.authorization = `Basic ${Buffer.from(opts.auth).toString('base64')}`;
        return h;
      });
      headers = { at: Date.now(), value };
      value.catch(() => (headers = undefined));
    }
    return headers.value;
  };

  const overHttp2 = async (t: Target, p: LogParams, signal: AbortSignal): Promise<Readable> => {
    const url = logUrl(cluster.server, t, p);
    // :authority is the server's host as written (Node would put tls-server-name there)
    const stream = await sessions.request(url.pathname + url.search, { ...await authHeaders(), ':authority': url.host }, signal);
    return new Promise((resolve, reject) => {
      const closed = () => reject(new Error('the stream closed before the apiserver answered'));
      stream.once('error', reject).once('close', closed);
      stream.once('response', (h: IncomingHttpHeaders & { ':status'?: number }) => {
        stream.off('error', reject).off('close', closed);
        if (h[':status'] === 200) return resolve(quiet(stream));
        if (h[':status'] === 401) {
          // renewed credentials may be waiting: a new token, or a new client certificate (a new connection)
          headers = undefined;
          sessions.retire(stream);
        }
        readBody(stream).then((body) => reject(new LogRequestError(h[':status'] ?? 0, body)), reject);
      });
    });
  };

  // --request-timeout bounds the wait for the answer's headers, not the stream that follows
  const openStream = async (t: Target, p: LogParams, signal: AbortSignal): Promise<Readable> => {
    const late = deadline(gate.timeoutMs);
    try {
      return await openUntimed(t, p, late.signal ? AbortSignal.any([signal, late.signal]) : signal);
    } catch (err) {
      throw late.explain(err);
    } finally {
      late.stop();
    }
  };

  const openUntimed = async (t: Target, p: LogParams, signal: AbortSignal): Promise<Readable> => {
    if (!http1) {
      try {
        return await overHttp2(t, p, signal);
      } catch (err) {
        if (!(err instanceof NotHttp2)) throw err;
        http1 = true;
      }
    }
    return openHttp1(logUrl(cluster.server, t, p), { ...await options(), signal });
  };

  return {
    open: gate === OPEN_GATE ? openStream : async (t, p, signal) => {
      await gate.throttle.wait(signal);
      const url = logUrl(cluster.server, t, p).href;
      gate.trace.request('GET', url, await authHeaders());
      const started = performance.now();
      try {
        const body = await openStream(t, p, signal);
        gate.trace.response('GET', url, 200, performance.now() - started);
        return body;
      } catch (err) {
        gate.trace.response('GET', url, err instanceof LogRequestError ? err.code : describeError(err), performance.now() - started);
        throw err;
      }
    },
    close: () => sessions.close(),
  };
}

/** HTTP/1.1: one connection per stream, through client-node's agent (proxies included). */
function openHttp1(url: URL, opts: RequestOptions): Promise<Readable> {
  const request = url.protocol === 'http:' ? httpRequest : httpsRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, opts, (res) => {
      if (res.statusCode === 200) return resolve(quiet(res));
      readBody(res).then((body) => reject(new LogRequestError(res.statusCode ?? 0, body)), reject);
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
