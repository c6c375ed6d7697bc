// Capped exponential backoff with jitter, for reconnecting watches and streams.
export interface Backoff {
  /** milliseconds to wait before the next attempt */
  next(): number;
  reset(): void;
}

export function backoff(initialMs = 500, maxMs = 30_000): Backoff {
  let attempt = 0;
  return {
    next() {
      const base = Math.min(maxMs, initialMs * 2 ** attempt);
      attempt++;
      return Math.round(base * (0.8 + Math.random() * 0.4));
    },
    reset() {
      attempt = 0;
    },
  };
}
