// At most --max-log-requests streams open per cluster. Past that, streams wait their turn
// (a warning says so once); ktail never refuses to start.
import pLimit from 'p-limit';

export interface StreamQueue {
  run<T>(open: () => Promise<T>): Promise<T>;
  /** streams waiting for a free slot */
  readonly waiting: number;
}

export function streamQueue(max: number, onFirstWait: () => void): StreamQueue {
  const limit = pLimit(max);
  let warned = false;
  return {
    run(open) {
      if (!warned && limit.activeCount + limit.pendingCount >= max) {
        warned = true;
        onFirstWait();
      }
      return limit(open);
    },
    get waiting() {
      return limit.pendingCount;
    },
  };
}
