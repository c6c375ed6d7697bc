// The one-line live status on a terminal's stderr: clusters, streams, lines/s. Anything else
// written to the terminal first clears it and then draws it again, so it never ends up
// inside a log line or a warning. Never used when stderr is not a terminal.
import type { Writable } from 'node:stream';

export interface StatusLine {
  /** wrap a write to the same terminal */
  around(write: () => void): void;
  stop(): void;
}

export interface StatusFacts {
  clusters: number;
  failedClusters: number;
  streams: number;
  queued: number;
  lines: number;
}

export function statusLine(err: Writable & { columns?: number }, facts: () => StatusFacts, intervalMs = 1000): StatusLine {
  let shown = false;
  let lastLines = 0;
  let lastAt = Date.now();
  let rate = 0;
  const text = () => {
    const f = facts();
    const ok = f.clusters - f.failedClusters;
    const parts = [`${ok}/${f.clusters} clusters${f.failedClusters ? ` (${f.failedClusters} failing)` : ''}`, `${f.streams} streams${f.queued ? ` (${f.queued} queued)` : ''}`, `${Math.round(rate)} lines/s`];
    return `ktail: ${parts.join(' · ')}`.slice(0, Math.max(20, (err.columns ?? 80) - 1));
  };
  const draw = () => {
    err.write(`\r\u001b[K\u001b[2m${text()}\u001b[22m`);
    shown = true;
  };
  const clear = () => {
    if (shown) err.write('\r\u001b[K');
    shown = false;
  };
  const timer = setInterval(() => {
    const now = Date.now();
    const lines = facts().lines;
    rate = ((lines - lastLines) * 1000) / Math.max(1, now - lastAt);
    lastLines = lines;
    lastAt = now;
    draw();
  }, intervalMs);
  timer.unref();
  return {
    around(write) {
      const was = shown;
      clear();
      write();
      if (was) draw();
    },
    stop() {
      clearInterval(timer);
      clear();
    },
  };
}
