// Pod events → target added / removed. Keeps, per pod, the containers being tailed, so a
// re-list or a repeated event never starts a second stream for the same container, and a
// restart (new containerID) replaces the old stream.
import type { V1Pod } from '@kubernetes/client-node';
import { containersToTail } from './containers.js';
import { podMatches } from './pods.js';
import type { Cluster } from '../kubeconfig/clusters.js';
import type { ContainerQuery, PodQuery } from '../options/types.js';
import { clusterIdentity, streamKey, type ClusterIdentity, type Target } from '../shared/target.js';

/**
 * Why a target went away: its container restarted (a new instance replaces it), ended
 * (same instance, no longer in a wanted state), or is gone (pod deleted or filtered out).
 */
export type RemovalReason = 'restarted' | 'ended' | 'gone';

export interface TargetEvents {
  added(t: Target): void;
  removed(t: Target, why: RemovalReason): void;
}

export interface TargetTracker {
  upsert(pod: V1Pod): void;
  remove(pod: V1Pod): void;
  /** every target currently tracked */
  current(): Target[];
  /** whether the latest pod status shows this target's container running */
  running(t: Target): boolean;
}

export function targetTracker(cluster: Cluster, pods: PodQuery, containers: ContainerQuery, events: TargetEvents): TargetTracker {
  const byPod = new Map<string, Map<string, Target>>();
  const runningNow = new Set<string>();
  const identity = clusterIdentity(cluster);
  const podKey = (pod: V1Pod) => `${pod.metadata?.namespace}/${pod.metadata?.name}`;

  /** `ids`: the pod's current container IDs by name (empty when the pod is gone). */
  const sync = (key: string, wanted: Target[], ids: Map<string, string>) => {
    const before = byPod.get(key) ?? new Map<string, Target>();
    const after = new Map(wanted.map((t) => [streamKey(t), t]));
    for (const [k, t] of before) {
      if (after.has(k)) continue;
      runningNow.delete(k);
      const id = ids.get(t.container);
      events.removed(t, id === undefined ? 'gone' : id && id !== t.containerId ? 'restarted' : 'ended');
    }
    for (const [k, t] of after) if (!before.has(k)) events.added(t);
    if (after.size) byPod.set(key, after);
    else byPod.delete(key);
  };

  return {
    upsert(pod) {
      // A terminating pod is still tailed: its last lines (shutdown logs) matter most.
      const picks = podMatches(pod, pods) ? containersToTail(pod, containers) : [];
      const wanted = picks.map((c) => toTarget(identity, pod, c));
      wanted.forEach((t, i) => (picks[i]?.state === 'running' ? runningNow.add(streamKey(t)) : runningNow.delete(streamKey(t))));
      sync(podKey(pod), wanted, picks.length || podMatches(pod, pods) ? containerIds(pod) : new Map());
    },
    remove(pod) {
      sync(podKey(pod), [], new Map());
    },
    current() {
      return [...byPod.values()].flatMap((m) => [...m.values()]);
    },
    running: (t) => runningNow.has(streamKey(t)),
  };
}

function containerIds(pod: V1Pod): Map<string, string> {
  const s = pod.status;
  const all = [...(s?.initContainerStatuses ?? []), ...(s?.containerStatuses ?? []), ...(s?.ephemeralContainerStatuses ?? [])];
  return new Map(all.map((c) => [c.name, c.containerID ?? '']));
}

function toTarget(
  cluster: ClusterIdentity,
  pod: V1Pod,
  c: { name: string; kind: Target['kind']; containerId: string; restartCount: number },
): Target {
  return {
    cluster,
    namespace: pod.metadata?.namespace ?? '',
    pod: pod.metadata?.name ?? '',
    podUid: pod.metadata?.uid ?? '',
    container: c.name,
    kind: c.kind,
    containerId: c.containerId,
    restartCount: c.restartCount,
    nodeName: pod.spec?.nodeName ?? '',
    labels: pod.metadata?.labels ?? {},
    annotations: pod.metadata?.annotations ?? {},
  };
}
