// One cluster's GET requests: its pod and event lists, its lookups and its pods/log streams,
// all on the cluster's shared HTTP/2 connections (http2Sessions.ts), or HTTP/1.1 through a
// proxy or to a server without HTTP/2. client-node supplies the credentials, TLS and proxy
// agent (applyToHTTPSOptions); the requests are ours because its generated API classes are
// most of its code (parsing them was most of ktail's time to a first line, bench/NOTES.md)
// and its Log helper drops tailLines=0, loses error bodies and cannot pause a response.
import { request as httpRequest, type IncomingHttpHeaders, type RequestOptions } from 'node:http';
import type { ClientHttp2Stream } from 'node:http2';
import { request as httpsRequest, type RequestOptions as HttpsRequestOptions } from 'node:https';
import type { Readable } from 'node:stream';
import { OPEN_GATE, type ApiGate } from '../kubeconfig/apiGate.js';
import type { Cluster } from '../kubeconfig/clusters.js';
import { deadline } from '../kubeconfig/deadline.js';
import { CredentialsError, describeError } from '../shared/errors.js';
import { monotonicMs } from '../shared/time.js';
import { authHeaders, type AuthHeaders } from './authHeaders.js';
import { apiUrl, type Query } from './paths.js';
import { http2Sessions, NotHttp2, type Http2Sessions } from './http2Sessions.js';

/** The apiserver (or the kubelet behind it) answered with another status than 200. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly body: string,
  ) {
    super(`HTTP ${code}`);
  }
}

export interface ApiClient {
  /** what its requests go through: the cluster's watches (client-node's Watch) go through it too */
  readonly gate: ApiGate;
  /**
   * GET `path` (below the server's own path); resolves with the body once the server said 200.
   * `streamed`: the answer is a stream that may start late (a follow log, a watch), so
   * --request-timeout does not bound the wait for its headers.
   */
  open(path: string, query: Query, signal: AbortSignal, streamed?: boolean): Promise<Readable>;
  /** GET `path` and parse its JSON answer */
  get<T>(path: string, query: Query, signal?: AbortSignal): Promise<T>;
  /** refuses new requests; open streams end as they will */
  close(): void;
}

/** A 200 answer: its body, and its headers for --verbosity 8 */
interface Answer {
  body: Readable;
  headers: IncomingHttpHeaders;
}

type Open = (url: URL, signal: AbortSignal, streamed: boolean) => Promise<Answer>;

/** One per cluster: its requests share HTTP/2 connections. `gate`: --qps, --verbosity, --request-timeout. */
export function apiClient(cluster: Cluster, gate: ApiGate = OPEN_GATE): ApiClient {
  const options = () => requestOptions(cluster);
  const auth = authHeaders(options);
  const sessions = http2Sessions(new URL(cluster.server).origin, () => tlsOf(options), undefined, gate.timeoutMs || undefined);
  let http1 = cluster.server.startsWith('http:') || Boolean(cluster.kc.getCurrentCluster()?.proxyUrl);

  const send: Open = async (url, signal) => {
    if (!http1) {
      try {
        return await openHttp2(sessions, auth, url, signal);
      } catch (err) {
        if (!(err instanceof NotHttp2)) throw err;
        http1 = true;
      }
    }
    return openHttp1(url, { ...(await options()), signal });
  };
  const timed = withDeadline(gate.timeoutMs, send);
  const open: Open = gate === OPEN_GATE ? timed : gated(gate, auth, timed);
  return {
    gate,
    open: async (path, query, signal, streamed = false) => (await open(apiUrl(cluster.server, path, query), signal, streamed)).body,
    async get<T>(path: string, query: Query, signal = new AbortController().signal) {
      const { body } = await open(apiUrl(cluster.server, path, query), signal, false);
      const text = await readBody(body, Infinity);
      try {
        return JSON.parse(text) as T;
      } catch {
        // a proxy's page, or a body cut short: said in words, not as a parser's position
        throw new Error(`the answer to ${path} is not JSON${text ? `: ${text.trim().split('\n')[0]?.slice(0, 200)}` : ' (empty)'}`);
      }
    },
    close: () => sessions.close(),
  };
}

/** client-node's options for one request: credentials, TLS and the proxy agent. */
async function requestOptions(cluster: Cluster): Promise<HttpsRequestOptions> {
  const opts: HttpsRequestOptions = { method: 'GET', headers: { Accept: 'application/json, */*' } };
  // only local work happens here (an exec plugin, a token file, certificate files): a failure
  // is the cluster's client setup, the same for every request
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
 * A streamed request's connection is still bounded: an HTTP/2 session that does not complete
 * its handshake in that time fails (http2Sessions), and the cluster's lists, which every
 * stream waits behind, have the timeout too.
 */
function withDeadline(timeoutMs: number, open: Open): Open {
  return async (url, signal, streamed) => {
    if (streamed) return open(url, signal, streamed);
    const late = deadline(timeoutMs);
    try {
      return await open(url, late.signal ? AbortSignal.any([signal, late.signal]) : signal, streamed);
    } catch (err) {
      throw late.explain(err);
    } finally {
      late.stop();
    }
  };
}

/** --qps waits before each request; --verbosity traces it and its answer. */
function gated(gate: ApiGate, auth: AuthHeaders, open: Open): Open {
  return async (url, signal, streamed) => {
    await gate.throttle.wait(signal);
    gate.trace.request('GET', url.href, await auth.get());
    const started = monotonicMs();
    try {
      const answer = await open(url, signal, streamed);
      gate.trace.response('GET', url.href, 200, monotonicMs() - started, answer.headers);
      return answer;
    } catch (err) {
      gate.trace.response('GET', url.href, err instanceof ApiError ? err.code : describeError(err), monotonicMs() - started);
      throw err;
    }
  };
}

/** HTTP/2: a stream on one of the cluster's shared connections. */
async function openHttp2(sessions: Http2Sessions, auth: AuthHeaders, url: URL, signal: AbortSignal): Promise<Answer> {
  // :authority is the server's host as written (Node would put tls-server-name there)
  const stream = await sessions.request(url.pathname + url.search, { ...(await auth.get()), ':authority': url.host }, signal);
  return new Promise((resolve, reject) => {
    const closed = () => reject(new Error('the stream closed before the apiserver answered'));
    stream.once('error', reject).once('close', closed);
    stream.once('response', (h: IncomingHttpHeaders & { ':status'?: number }) => {
      stream.off('error', reject).off('close', closed);
      if (h[':status'] === 200) return resolve({ body: quiet(stream), headers: h });
      if (h[':status'] === 401) {
        // renewed credentials may be waiting: a new token, or a new client certificate (a new connection)
        auth.forget();
        sessions.retire(stream);
      }
      // the refusal is read, then the stream let go: an abort of `signal` later (the run ending)
      // would otherwise raise an error on a stream nobody listens to any more
      readBody(quiet(stream))
        .then((body) => reject(new ApiError(h[':status'] ?? 0, body)), reject)
        .finally(() => stream.destroy());
    });
  });
}

/** HTTP/1.1: one connection per request, through client-node's agent (proxies included). */
function openHttp1(url: URL, opts: RequestOptions): Promise<Answer> {
  const request = url.protocol === 'http:' ? httpRequest : httpsRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, opts, (res) => {
      if (res.statusCode === 200) return resolve({ body: quiet(res), headers: res.headers });
      readBody(quiet(res)).then((body) => reject(new ApiError(res.statusCode ?? 0, body)), reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** An error between here and the reader's listeners must not crash ktail: the reader still sees 'close'. */
function quiet<T extends Readable>(body: T): T {
  return body.on('error', () => undefined);
}

/** The body as text; a refusal's is kept to `max` characters (it is only ever quoted in part). */
async function readBody(res: Readable | ClientHttp2Stream, max = 64 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res) {
    if (size >= max) continue;
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    chunks.push(b);
    size += b.length;
  }
  return Buffer.concat(chunks).toString('utf8').slice(0, max);
}
