// One cluster's pod watcher: list then watch (client-node's ListWatch) per namespace, with
// server-side label/field selectors. ListWatch re-lists by itself on 410 Gone and re-watches
// when a watch ends quietly; when it gives up on an error, we start it again with backoff.
import { CoreV1Api, ListWatch, type V1Pod, type V1PodList } from '@kubernetes/client-node';
import { backoff } from '../backoff.js';
import { describeError } from '../errors.js';
import { callOptions, gatedWatch, OPEN_GATE, type ApiGate } from '../kubeconfig/apiGate.js';
import type { Cluster } from '../kubeconfig/clusters.js';
import type { PodScope } from './resources.js';

export type ClusterState = { ok: true } | { ok: false; reason: string };

export interface PodEvents {
  upsert(pod: V1Pod): void;
  remove(pod: V1Pod): void;
  /** reported on every success or failure; the listener reports changes only */
  state(s: ClusterState): void;
  /** every namespace listed once (for --no-follow) */
  synced(): void;
}

export interface PodWatcher {
  stop(): void;
}

/** follow=false: list once, report, stop. follow=true: list+watch until stopped. `gate`: --qps, --verbosity. */
export function watchPods(cluster: Cluster, scopes: PodScope[], follow: boolean, events: PodEvents, gate: ApiGate = OPEN_GATE): PodWatcher {
  const core = cluster.kc.makeApiClient(CoreV1Api);
  let stopped = false;
  let pendingSync = scopes.length;
  if (!pendingSync) queueMicrotask(() => events.synced());
  const timers = new Set<NodeJS.Timeout>();
  const informers: ListWatch<V1Pod>[] = [];

  const listFn = ({ namespace, labelSelector, fieldSelector }: PodScope) => async (): Promise<V1PodList> => {
    const params = { labelSelector, fieldSelector };
    const list = namespace ? await core.listNamespacedPod({ namespace, ...params }, callOptions(gate)) : await core.listPodForAllNamespaces(params, callOptions(gate));
    events.state({ ok: true });
    return list;
  };

  for (const scope of scopes) {
    const { namespace } = scope;
    const path = namespace ? `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods` : '/api/v1/pods';
    if (!follow) {
      void listOnce(listFn(scope), events, () => stopped).finally(() => {
        if (--pendingSync === 0) events.synced();
      });
      continue;
    }
    const informer = new ListWatch<V1Pod>(path, gatedWatch(cluster.kc, gate), listFn(scope), false, scope.labelSelector, scope.fieldSelector);
    const retry = backoff(1000, 30_000);
    informer.on('add', (p) => { retry.reset(); events.upsert(p); });
    informer.on('update', (p) => { retry.reset(); events.upsert(p); });
    informer.on('delete', (p) => events.remove(p));
    informer.on('error', (err) => {
      if (stopped) return;
      events.state({ ok: false, reason: describeError(err) });
      const t = setTimeout(() => {
        timers.delete(t);
        if (!stopped) void informer.start().catch(() => undefined);
      }, retry.next());
      timers.add(t);
    });
    informers.push(informer);
    void informer.start().catch(() => undefined);
  }

  return {
    stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      for (const i of informers) void i.stop();
    },
  };
}

async function listOnce(list: () => Promise<V1PodList>, events: PodEvents, stopped: () => boolean): Promise<void> {
  try {
    const pods = await list();
    if (!stopped()) for (const p of pods.items) events.upsert(p);
  } catch (err) {
    events.state({ ok: false, reason: describeError(err) });
  }
}
