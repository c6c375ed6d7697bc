// One scope's objects (pods, events), as client-go's reflector keeps them: list, then watch from the list's
// resourceVersion; a watch that ends is opened again from the last version seen, 410 Gone
// means list again, and any failure (the apiserver down, credentials that cannot be renewed)
// is reported and retried with backoff until the signal aborts. The loop is ours because
// client-node's ListWatch loses exactly those failures: it calls its done handler without
// awaiting it (a failing re-watch is an unhandled rejection) and a failed start() ends it.
// client-node's Watch still makes each request (auth, TLS, proxies).
import { setTimeout as sleep } from 'node:timers/promises';
import type { V1ObjectMeta, Watch } from '@kubernetes/client-node';
import { backoff } from '../shared/backoff.js';

/** What the loop reads of an object: its namespace, name and resourceVersion. */
export interface Listed {
  metadata?: V1ObjectMeta;
}

export interface ListWatchSource<T extends Listed> {
  list(): Promise<{ items: T[]; metadata?: { resourceVersion?: string } }>;
  watch: Watch;
  /** the collection's path, e.g. /api/v1/namespaces/ns/pods */
  path: string;
  labelSelector?: string;
  fieldSelector?: string;
}

export interface ListWatchEvents<T extends Listed> {
  upsert(obj: T): void;
  remove(obj: T): void;
  /** the apiserver answered (a list, or a watch it accepted) */
  ok(): void;
  failed(err: unknown): void;
  /** after each full list */
  listed(): void;
}

interface Status {
  code?: number;
  message?: string;
  reason?: string;
}

/** An error the apiserver sent inside a watch (a Status object), or a 410 from a request. */
class WatchStatusError extends Error {
  readonly body: { message: string };
  constructor(
    readonly code: number | undefined,
    message: string,
  ) {
    super(message);
    this.body = { message };
  }
}

const gone = (err: unknown) => {
  const e = err as { code?: unknown; statusCode?: unknown };
  return e.code === 410 || e.statusCode === 410;
};

const keyOf = (p: Listed) => `${p.metadata?.namespace ?? ''}/${p.metadata?.name ?? ''}`;

/** Runs until `signal` aborts; never rejects. */
export async function listWatch<T extends Listed>(src: ListWatchSource<T>, events: ListWatchEvents<T>, signal: AbortSignal): Promise<void> {
  const retry = backoff(1000, 30_000);
  const known = new Map<string, T>();
  let version = '';
  const seen = (type: string, pod: T) => {
    if (type === 'DELETED') {
      known.delete(keyOf(pod));
      events.remove(pod);
    } else if (type === 'ADDED' || type === 'MODIFIED') {
      known.set(keyOf(pod), pod);
      events.upsert(pod);
    }
    version = pod.metadata?.resourceVersion || version;
  };
  while (!signal.aborted) {
    try {
      if (!version) {
        const list = await src.list();
        if (signal.aborted) return;
        relist(known, list.items, events);
        version = list.metadata?.resourceVersion ?? '';
        events.ok();
        events.listed();
        retry.reset();
      }
      await watchOnce(
        src,
        version,
        seen,
        () => {
          events.ok();
          retry.reset();
        },
        signal,
      );
    } catch (err) {
      if (signal.aborted) return;
      if (gone(err)) {
        version = '';
        continue;
      }
      events.failed(err);
      await sleep(retry.next(), undefined, { signal }).catch(() => undefined);
    }
  }
}

/** A fresh list replaces what was known: objects missing from it were deleted meanwhile. */
function relist<T extends Listed>(known: Map<string, T>, items: T[], events: ListWatchEvents<T>): void {
  const now = new Map(items.map((p) => [keyOf(p), p]));
  for (const [key, pod] of known) if (!now.has(key)) events.remove(pod);
  known.clear();
  for (const [key, pod] of now) {
    known.set(key, pod);
    events.upsert(pod);
  }
}

/** One watch request: resolves when it ends quietly, rejects with why it failed. */
function watchOnce<T extends Listed>(
  src: ListWatchSource<T>,
  version: string,
  seen: (type: string, obj: T) => void,
  accepted: () => void,
  signal: AbortSignal,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let ended = false;
    let inBand: WatchStatusError | undefined;
    let controller: AbortController | undefined;
    const onAbort = () => controller?.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    const end = (err: unknown) => {
      if (ended) return;
      ended = true;
      signal.removeEventListener('abort', onAbort);
      // the in-band Status first: aborting the request to end it makes client-node report an AbortError too
      const why = inBand ?? err;
      if (why) reject(why);
      else resolve();
    };
    const params = {
      resourceVersion: version,
      allowWatchBookmarks: true,
      labelSelector: src.labelSelector,
      fieldSelector: src.fieldSelector,
    };
    const onEvent = (type: string, obj: unknown) => {
      if (type !== 'ERROR') return seen(type, obj as T);
      const s = obj as Status;
      inBand = new WatchStatusError(s.code, s.message || s.reason || `watch error ${s.code ?? ''}`.trim());
      controller?.abort();
    };
    // Watch.watch rejects (without calling done) when the credentials cannot be had, and
    // calls done(err) for an answer other than 200 before it resolves.
    src.watch
      .watch(src.path, params, onEvent, (err: unknown) => end(err))
      .then((c) => {
        controller = c;
        if (signal.aborted || ended) c.abort();
        else accepted();
      }, end);
  });
}
