// One pods/log request. client-node supplies the credentials, TLS and proxy agent
// (applyToHTTPSOptions); the request itself is ours because client-node's Log helper
// drops tailLines=0, lacks insecureSkipTLSVerifyBackend, loses error bodies and does not
// let us pause the response for backpressure.
import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Target } from '../target.js';

export interface LogParams {
  follow: boolean;
  timestamps: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  sinceTime?: string;
  previous?: boolean;
  limitBytes?: number;
  insecureSkipTLSVerifyBackend?: boolean;
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
  return url;
}

/** Opens the stream; resolves with the response once the server said 200. */
export async function openLogStream(t: Target, p: LogParams, signal: AbortSignal): Promise<IncomingMessage> {
  const url = logUrl(t.cluster.server, t, p);
  const opts: RequestOptions = { method: 'GET', signal, headers: { Accept: '*/*' } };
  await t.cluster.kc.applyToHTTPSOptions(opts);
  const request = url.protocol === 'http:' ? httpRequest : httpsRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, opts, (res) => {
      if (res.statusCode === 200) return resolve(res);
      readBody(res).then((body) => reject(new LogRequestError(res.statusCode ?? 0, body)), reject);
    });
    req.on('error', reject);
    req.end();
  });
}

async function readBody(res: IncomingMessage, max = 64 * 1024): Promise<string> {
  let body = '';
  for await (const chunk of res) {
    if (body.length < max) body += String(chunk);
  }
  return body.slice(0, max);
}
