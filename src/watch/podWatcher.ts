// One cluster's pod watcher: list then watch (listWatch.ts) per namespace, with server-side
// label/field selectors. The cluster's health is one state, not one per namespace: it fails
// when any of its watches fails and is ok again once every one of them got an answer.
import type { V1Pod, V1PodList } from '@kubernetes/client-node';
import { CORE, resourcePath } from '../api/paths.js';
import type { ApiClient } from '../api/request.js';
import { describeError } from '../shared/errors.js';
import { gatedWatch } from '../kubeconfig/apiGate.js';
import type { Cluster } from '../kubeconfig/clusters.js';
import { listWatch } from './listWatch.js';
import type { PodScope } from './resources.js';

export type ClusterState = { ok: true } | { ok: false; reason: string };

export interface PodEvents {
  upsert(pod: V1Pod): void;
  remove(pod: V1Pod): void;
  /** reported on every failure and on every success that leaves no scope failing; the listener reports changes only */
  state(s: ClusterState): void;
  /** every namespace listed once (for --no-follow) */
  synced(): void;
}

/**
 * follow=false: list once, report, done. follow=true: list+watch until `signal` aborts. Lists
 * go through `api` (the cluster's shared connection), watches through its gate (--qps, --verbosity).
 */
export function watchPods(
  cluster: Cluster,
  api: ApiClient,
  scopes: PodScope[],
  follow: boolean,
  events: PodEvents,
  signal = new AbortController().signal,
): void {
  const watch = gatedWatch(cluster.kc, api.gate);
  const listedOnce = syncCount(scopes.length, () => events.synced());
  const health = clusterHealth(events.state);

  scopes.forEach((scope, i) => {
    const list = podLister(api, scope, signal);
    const synced = listedOnce();
    if (!follow) {
      void listOnce(list, events, health.of(i), signal).finally(synced);
      return;
    }
    const { namespace, labelSelector, fieldSelector } = scope;
    void listWatch(
      { list, watch, path: resourcePath(CORE, 'pods', namespace), labelSelector, fieldSelector },
      {
        upsert: events.upsert,
        remove: events.remove,
        ok: () => health.of(i)(undefined),
        failed: (err) => health.of(i)(describeError(err)),
        listed: synced,
      },
      signal,
    );
  });
}

/** One scope's pod list. */
function podLister(api: ApiClient, scope: PodScope, signal: AbortSignal): () => Promise<V1PodList> {
  const { namespace, labelSelector, fieldSelector } = scope;
  return () => api.get<V1PodList>(resourcePath(CORE, 'pods', namespace), { labelSelector, fieldSelector }, signal);
}

/**
 * `synced` once every scope was listed: each scope gets its own `listed`, which counts its
 * first call only (a watch lists again after a 410).
 */
function syncCount(scopes: number, synced: () => void): () => () => void {
  let pending = scopes;
  if (!pending) queueMicrotask(synced);
  return () => {
    let listed = false;
    return () => {
      if (listed) return;
      listed = true;
      if (--pending === 0) synced();
    };
  };
}

/** Per-scope results → one cluster state: a failure is passed on, ok only when no scope fails. */
function clusterHealth(report: (s: ClusterState) => void) {
  const failing = new Map<number, string>();
  return {
    of: (scope: number) => (reason: string | undefined) => {
      if (reason === undefined) {
        failing.delete(scope);
        if (!failing.size) report({ ok: true });
      } else {
        failing.set(scope, reason);
        report({ ok: false, reason });
      }
    },
  };
}

async function listOnce(
  list: () => Promise<V1PodList>,
  events: PodEvents,
  result: (reason: string | undefined) => void,
  signal: AbortSignal,
): Promise<void> {
  try {
    const pods = await list();
    result(undefined);
    if (!signal.aborted) for (const p of pods.items) events.upsert(p);
  } catch (err) {
    result(describeError(err));
  }
}
