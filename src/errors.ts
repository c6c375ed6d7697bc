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

/** A short reason for a failed request, without bodies or headers (which may carry tokens). */
export function describeError(err: unknown): string {
  const e = err as { code?: unknown; statusCode?: unknown; message?: unknown; body?: unknown; cause?: unknown };
  const status = typeof e.code === 'number' ? e.code : typeof e.statusCode === 'number' ? e.statusCode : undefined;
  if (status === 401) return 'unauthorized (401): credentials refused';
  if (status === 403) return `forbidden (403)${apiMessage(e.body)}`;
  if (status !== undefined && status >= 400) return `HTTP ${status}${apiMessage(e.body)}`;
  const cause = e.cause as { code?: string; message?: string } | undefined;
  const code = typeof e.code === 'string' ? e.code : cause?.code;
  const message = typeof e.message === 'string' ? e.message : String(err);
  return code && !message.includes(code) ? `${message} (${code})` : message;
}

function apiMessage(body: unknown): string {
  const parsed = typeof body === 'string' ? safeJson(body) : body;
  const message = (parsed as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? `: ${message}` : '';
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
