// --qps/--burst: client-go's client-side throttling, a token bucket per cluster. `burst`
// requests may start at once; after that one token comes back every 1/qps seconds. Waiters
// take tokens in the order they asked (a reservation each, as golang.org/x/time/rate does).
import { monotonicMs } from '../shared/time.js';

export interface Throttle {
  /** resolves when this request may start; rejects if the signal aborts first */
  wait(signal?: AbortSignal): Promise<void>;
}

export const UNTHROTTLED: Throttle = { wait: () => Promise.resolve() };

export function tokenBucket(qps: number, burst: number, now: () => number = monotonicMs): Throttle {
  let tokens = burst;
  let last = now();
  return {
    wait(signal) {
      const t = now();
      tokens = Math.min(burst, tokens + ((t - last) * qps) / 1000);
      last = t;
      tokens -= 1;
      if (tokens >= 0) return Promise.resolve();
      const delay = (-tokens * 1000) / qps;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          signal?.removeEventListener('abort', abort);
          resolve();
        }, delay);
        const abort = () => {
          clearTimeout(timer);
          tokens += 1;
          reject(signal?.reason ?? new Error('aborted'));
        };
        signal?.addEventListener('abort', abort, { once: true });
      });
    },
  };
}
