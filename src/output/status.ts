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
  const rate = lineRate();
  const draw = () => {
    err.write(`\r\u001b[K\u001b[2m${statusText(facts(), rate.perSecond, err.columns ?? 80)}\u001b[22m`);
    shown = true;
  };
  const clear = () => {
    if (shown) err.write('\r\u001b[K');
    shown = false;
  };
  const timer = setInterval(() => {
    rate.sample(facts().lines);
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

/** The line fits the terminal's width, so it never wraps (a wrapped line could not be cleared). */
function statusText(f: StatusFacts, linesPerSecond: number, columns: number): string {
  const ok = f.clusters - f.failedClusters;
  const parts = [
    `${ok}/${f.clusters} clusters${f.failedClusters ? ` (${f.failedClusters} failing)` : ''}`,
    `${f.streams} streams${f.queued ? ` (${f.queued} queued)` : ''}`,
    `${Math.round(linesPerSecond)} lines/s`,
  ];
  return `ktail: ${parts.join(' · ')}`.slice(0, Math.max(20, columns - 1));
}

/** Lines per second between the last two samples of the printed-lines count. */
function lineRate() {
  let lastLines = 0;
  let lastAt = Date.now();
  let perSecond = 0;
  return {
    sample(lines: number) {
      const now = Date.now();
      perSecond = ((lines - lastLines) * 1000) / Math.max(1, now - lastAt);
      lastLines = lines;
      lastAt = now;
    },
    get perSecond() {
      return perSecond;
    },
  };
}
