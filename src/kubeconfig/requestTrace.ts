// --verbosity: the requests ktail makes, on stderr, at client-go's -v levels: 6 a line per
// answer (verb, URL, status, milliseconds); 7 also the request with its headers; 8 also the
// response headers. Credentials never show: Authorization and cookies are masked as
// client-go masks them, and user:password in a URL is dropped.
import { STATUS_CODES } from 'node:http';
export type Headers = Record<string, string | string[] | number | undefined>;

export interface RequestTrace {
  request(verb: string, url: string, headers: Headers): void;
  /** status: the HTTP status, or why there was none */
  response(verb: string, url: string, status: number | string, ms: number, headers?: Headers): void;
}

export const SILENT: RequestTrace = { request: () => undefined, response: () => undefined };

const SECRET = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie']);

/** client-go's maskValue: keep a known scheme (Bearer, Basic), mask the rest. */
export function masked(name: string, value: string): string {
  if (!SECRET.has(name.toLowerCase())) return value;
  const scheme = /^(bearer|basic|negotiate)\b/i.exec(value)?.[0];
  return scheme ? `${scheme} <masked>` : '<masked>';
}

const safeUrl = (url: string) => url.replace(/^(\w+:\/\/)[^/@]*@/, '$1');
// as Go writes a header's name (http.CanonicalHeaderKey): HTTP/2 sends them in lower case
const canonical = (name: string) => name.toLowerCase().replace(/(^|-)([a-z])/g, (_, dash: string, ch: string) => dash + ch.toUpperCase());
const headerText = (h: Headers) =>
  Object.entries(h)
    .filter(([k, v]) => v !== undefined && !k.startsWith(':'))
    .map(([k, v]) => `${canonical(k)}: ${masked(k, Array.isArray(v) ? v.join(', ') : String(v))}`)
    .join('; ');
const statusText = (s: number | string) => (typeof s === 'number' ? `${s} ${STATUS_CODES[s] ?? ''}`.trim() : `error: ${s}`);

export function requestTrace(level: number, cluster: string, write: (line: string) => void): RequestTrace {
  if (level < 6) return SILENT;
  const at = `${cluster ? `${cluster} ` : ''}`;
  return {
    request(verb, url, headers) {
      if (level >= 7) write(`${at}"Request" verb="${verb}" url="${safeUrl(url)}" headers="${headerText(headers)}"`);
    },
    response(verb, url, status, ms, headers) {
      const extra = level >= 8 && headers ? ` headers="${headerText(headers)}"` : '';
      write(`${at}"Response" verb="${verb}" url="${safeUrl(url)}" status="${statusText(status)}" milliseconds=${Math.round(ms)}${extra}`);
    },
  };
}
