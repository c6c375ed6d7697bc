// One cluster's pod Events: core/v1 (what kubectl get events and kubectl describe read), list
// then watch per namespace through the same loop as the pods (listWatch.ts: re-watch from the
// last version, re-list on 410, backoff), and the cluster's gate (--qps, --verbosity,
// --request-timeout). Only events about pods are asked for (a server-side field selector).
import type { CoreV1Event, CoreV1EventList } from '@kubernetes/client-node';
import { CORE, resourcePath } from '../api/paths.js';
import type { ApiClient } from '../api/request.js';
import { gatedWatch } from '../kubeconfig/apiGate.js';
import type { Cluster } from '../kubeconfig/clusters.js';
import { listWatch } from '../watch/listWatch.js';
import type { PodScope } from '../watch/resources.js';

export interface EventStream {
  upsert(e: CoreV1Event): void;
  remove(e: CoreV1Event): void;
  /** the apiserver answered */
  ok(): void;
  failed(err: unknown): void;
  /** every namespace listed once */
  synced(): void;
}

const FIELD_SELECTOR = 'involvedObject.kind=Pod';

/** The namespaces of the pod scopes, once each; one scope of every namespace covers them all. */
export function eventNamespaces(scopes: PodScope[]): (string | undefined)[] {
  if (scopes.some((s) => s.namespace === undefined)) return [undefined];
  return [...new Set(scopes.map((s) => s.namespace))];
}

/** follow=false: list once. follow=true: list+watch until `signal` aborts. */
export function watchEvents(
  cluster: Cluster,
  api: ApiClient,
  scopes: PodScope[],
  follow: boolean,
  events: EventStream,
  signal: AbortSignal,
): void {
  const watch = gatedWatch(cluster.kc, api.gate);
  const namespaces = eventNamespaces(scopes);
  let pending = namespaces.length;
  const synced = () => --pending === 0 && events.synced();
  if (!pending) queueMicrotask(() => events.synced());
  for (const namespace of namespaces) {
    const fieldSelector = FIELD_SELECTOR;
    const path = resourcePath(CORE, 'events', namespace);
    const list = () => api.get<CoreV1EventList>(path, { fieldSelector }, signal);
    if (!follow) {
      void list()
        .then((l) => {
          events.ok();
          for (const e of l.items) events.upsert(e);
        }, events.failed)
        .finally(synced);
      continue;
    }
    let listedOnce = false;
    void listWatch<CoreV1Event>(
      { list, watch, path, fieldSelector },
      {
        upsert: events.upsert,
        remove: events.remove,
        ok: events.ok,
        failed: events.failed,
        listed: () => {
          if (listedOnce) return;
          listedOnce = true;
          synced();
        },
      },
      signal,
    );
  }
}
