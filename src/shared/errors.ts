// Errors that end ktail with a one-line message instead of a stack trace.

/** Bad flags or input: exit 2, like stern, kubectl and most CLIs. */
export class UsageError extends Error {
  readonly exitCode = 2;
}

/** Nothing usable to talk to (no kubeconfig, no context): exit 2. */
export class ConfigError extends Error {
  readonly exitCode = 2;
}

export function exitCodeOf(err: unknown): number {
  return err instanceof UsageError || err instanceof ConfigError ? 2 : 1;
}

/**
 * The one description of a failure, for every message about a cluster, a stream or a
 * request: what happened in words, on one line. Never a body in full or headers (they may
 * carry tokens): of an API answer only its `message`, or the first line of a text body.
 * The text is still untrusted (a kubelet's in-band error, an exec plugin's stderr): the
 * reporter neutralises it when it writes.
 */
export function describeError(err: unknown): string {
  const e = (err ?? {}) as { code?: unknown; statusCode?: unknown; message?: unknown; body?: unknown; cause?: unknown; syscall?: unknown };
  const status = typeof e.code === 'number' ? e.code : typeof e.statusCode === 'number' ? e.statusCode : undefined;
  if (status === 401) return 'unauthorized (401): credentials refused';
  if (status === 403) return `forbidden (403)${apiMessage(e.body)}`;
  if (status !== undefined && status >= 400) return `HTTP ${status}${apiMessage(e.body)}`;
  const cause = e.cause as { code?: unknown; message?: unknown } | undefined;
  const code = typeof e.code === 'string' ? e.code : typeof cause?.code === 'string' ? cause.code : undefined;
  const message = (typeof e.message === 'string' ? e.message : typeof err === 'string' ? err : '').trim();
  const words = code ? inWords(code, err, message) : undefined;
  if (words) return words;
  // a file's error: Node's message repeats the code and the path, which the caller names already
  if (code && typeof e.syscall === 'string' && message.startsWith(`${code}:`)) return code;
  if (!message) return code ? `failed (${code})` : 'failed without a message';
  // zlib says it in words (incorrect header check); its Z_ codes add nothing
  return code && !message.includes(code) && !code.startsWith('Z_') ? `${message} (${code})` : message;
}

/** The ones whose own message is a code or a URL: said as what happened. */
function inWords(code: string, err: unknown, message: string): string | undefined {
  const e = err as { address?: unknown; port?: unknown; hostname?: unknown };
  const peer =
    typeof e.address === 'string'
      ? `${e.address}${typeof e.port === 'number' ? `:${e.port}` : ''}`
      : /\b(?:connect|read|write) \w+ (\S+)/.exec(message)?.[1];
  switch (code) {
    case 'ECONNREFUSED':
      return `connection refused${peer ? ` by ${peer}` : ''} (nothing listening there)`;
    case 'ECONNRESET':
      return 'connection reset by the server';
    case 'EPIPE':
    case 'ERR_STREAM_PREMATURE_CLOSE':
    case 'ERR_HTTP2_STREAM_CANCEL':
    case 'ERR_HTTP2_GOAWAY_SESSION':
      return 'connection closed by the server';
    case 'ETIMEDOUT':
      return `connection timed out${peer ? ` (${peer})` : ''}`;
    case 'EHOSTUNREACH':
      return `host unreachable${peer ? ` (${peer})` : ''}`;
    case 'ENETUNREACH':
      return 'network unreachable';
    case 'ENOTFOUND':
    case 'EAI_AGAIN': {
      const host = typeof e.hostname === 'string' ? e.hostname : /\b(?:getaddrinfo) \w+ (\S+)/.exec(message)?.[1];
      return host ? `host ${host} not found (DNS)` : 'host not found (DNS)';
    }
    default:
      return undefined;
  }
}

/**
 * The cluster's credentials could not be had (an exec plugin, a token file or a certificate
 * file failing): no request reached the server. Its message is the cause's, as the pod watcher says it too.
 */
export class CredentialsError extends Error {
  constructor(cause: unknown) {
    super(describeError(cause), { cause });
  }
}

/** A failure that hits every stream of a cluster alike (credentials, RBAC): said once for the cluster. */
export function isClusterWide(err: unknown): boolean {
  if (err instanceof CredentialsError) return true;
  const e = (err ?? {}) as { code?: unknown; statusCode?: unknown };
  const status = typeof e.code === 'number' ? e.code : e.statusCode;
  return status === 401 || status === 403;
}

function apiMessage(body: unknown): string {
  const parsed = typeof body === 'string' ? safeJson(body) : body;
  const message = (parsed as { message?: unknown } | undefined)?.message;
  if (typeof message === 'string') return `: ${message}`;
  // not JSON (a proxy's or kubelet's text): its first line, not a page of it
  const firstLine = typeof body === 'string' && parsed === undefined ? body.trim().split('\n')[0]?.slice(0, 300) : undefined;
  return firstLine ? `: ${firstLine}` : '';
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
