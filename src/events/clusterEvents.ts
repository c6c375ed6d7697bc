// --events for one cluster: its event watch, the pods its pod watch matched, and the
// containers' ends in their statuses → the PodEvents to print. followCluster.ts feeds it
// the pods and starts it with the pod scopes.
import type { CoreV1Event, V1Pod } from '@kubernetes/client-node';
import type { ApiClient } from '../api/request.js';
import type { Cluster } from '../kubeconfig/clusters.js';
import { describeError } from '../shared/errors.js';
import type { EventLevel, PodEvent } from '../shared/event.js';
import { clusterIdentity } from '../shared/target.js';
import type { PodScope } from '../watch/resources.js';
import { containerEnds } from './containerEnds.js';
import { watchEvents } from './eventWatcher.js';
import { podEventOf } from './fromApi.js';
import { endId, matchedEvents } from './matchedEvents.js';

export interface ClusterEventsOptions {
  level: EventLevel;
  follow: boolean;
  print(e: PodEvent): void;
  /** the event watch fails (RBAC, the cluster down): said once per reason by the caller */
  trouble(reason: string): void;
}

export interface ClusterEvents {
  /** a pod of the pod watch, and whether the selection matches it */
  pod(pod: V1Pod, matches: boolean): void;
  podGone(pod: V1Pod): void;
  /** the pods are listed: start watching their events */
  start(scopes: PodScope[], signal: AbortSignal, api: ApiClient): void;
  /** with --no-follow: resolves once the listed events are printed */
  listed: Promise<void>;
}

export function clusterEvents(cluster: Cluster, o: ClusterEventsOptions): ClusterEvents {
  const identity = clusterIdentity(cluster);
  const matched = matchedEvents(o.level, o.print);
  const ends = containerEnds(identity);
  const id = (e: CoreV1Event) => e.metadata.uid ?? `${e.metadata.namespace}/${e.metadata.name}`;
  let listed!: () => void;
  const done = new Promise<void>((resolve) => (listed = resolve));
  return {
    pod(pod, matches) {
      const uid = pod.metadata?.uid ?? '';
      matched.pod(uid, matches);
      if (matches) for (const end of ends.seen(pod)) matched.event(endId(uid, end.key), end.event);
    },
    podGone(pod) {
      ends.forget(pod);
      matched.podGone(pod.metadata?.uid ?? '');
    },
    start(scopes, signal, api) {
      watchEvents(
        cluster,
        api,
        scopes,
        o.follow,
        {
          upsert: (e) => matched.event(id(e), podEventOf(identity, e)),
          remove: (e) => matched.eventGone(id(e)),
          ok: () => undefined,
          failed: (err) => o.trouble(describeError(err)),
          synced: () => {
            matched.ready();
            listed();
          },
        },
        signal,
      );
    },
    listed: done,
  };
}
