// The headers that carry a cluster's credentials on HTTP/2 log requests. Credentials (exec
// plugins, OIDC tokens) are asked for again every few seconds, not per request: client-node
// renews them, and a thousand streams opening at once share one answer.
import type { OutgoingHttpHeaders } from 'node:http2';
import type { RequestOptions } from 'node:https';

export interface AuthHeaders {
  get(): Promise<OutgoingHttpHeaders>;
  /** the server refused them: renewed credentials may be waiting, ask again */
  forget(): void;
}

const FRESH_MS = 5000;

/** `options`: client-node's request options, which carry the credentials */
export function authHeaders(options: () => Promise<RequestOptions>): AuthHeaders {
  let cached: { at: number; value: Promise<OutgoingHttpHeaders> } | undefined;
  return {
    get() {
      if (!cached || Date.now() - cached.at > FRESH_MS) {
        const value = options().then(headersOf);
        cached = { at: Date.now(), value };
        // a failed answer is not kept: the next request asks again
        value.catch(() => (cached = undefined));
      }
      return cached.value;
    },
    forget() {
      cached = undefined;
    },
  };
}

/** HTTP/2 wants lower-case names; HTTP/1.1's `auth` option becomes a header of its own. */
function headersOf(opts: RequestOptions): OutgoingHttpHeaders {
  const h: OutgoingHttpHeaders = Object.fromEntries(Object.entries(opts.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  if (opts.auth) h.authorization = `Basic ${Buffer.from(opts.auth).toString('base64')}`;
  return h;
}
