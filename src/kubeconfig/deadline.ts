// --request-timeout: how long one request to a cluster may wait for the server's answer (its
// response headers; a streamed body is not bounded). A VPN that is down accepts connections
// and never answers: without this, a --no-follow run waits on such a cluster forever.

/** The reason a request gave up; stable text, so the reporter warns once per cluster. */
export class NoAnswer extends Error {
  constructor(readonly ms: number) {
    super(`no answer in ${formatMs(ms)}`);
  }
}

export function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

export interface Deadline {
  /** aborted when the answer is late; undefined when there is no timeout */
  signal: AbortSignal | undefined;
  /** the answer arrived (or the request failed): the timer stops */
  stop(): void;
  /** `err`, or NoAnswer when the request failed because it was late */
  explain(err: unknown): unknown;
}

/** Starts the clock for one request; `ms` 0 = no timeout. */
export function deadline(ms: number): Deadline {
  if (!ms) return { signal: undefined, stop: () => undefined, explain: (err) => err };
  const controller = new AbortController();
  const late = new NoAnswer(ms);
  const timer = setTimeout(() => controller.abort(late), ms);
  return {
    signal: controller.signal,
    stop: () => clearTimeout(timer),
    explain: (err) => (controller.signal.aborted ? late : err),
  };
}
