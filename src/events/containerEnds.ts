// A container's end (OOMKilled, Error with its exit code) as the pod's status shows it: the
// kubelet records no Event for it, so it is read from the status the pod watch already sees.
// Each instance's end is reported once, however often the pod is listed or modified again.
import type { V1ContainerStatus, V1ContainerStateTerminated, V1Pod } from '@kubernetes/client-node';
import type { ClusterIdentity } from '../shared/target.js';
import type { PodEvent } from '../shared/event.js';
import { stamp } from './fromApi.js';

const FIELD: Record<string, string> = {
  initContainerStatuses: 'initContainers',
  containerStatuses: 'containers',
  ephemeralContainerStatuses: 'ephemeralContainers',
};

export interface ContainerEnds {
  /** the ends this status shows that were not reported yet; `key` names the instance within its pod */
  seen(pod: V1Pod): { key: string; event: PodEvent }[];
  forget(pod: V1Pod): void;
}

export function containerEnds(cluster: ClusterIdentity): ContainerEnds {
  const reported = new Map<string, Set<string>>();
  return {
    seen(pod) {
      const uid = pod.metadata?.uid ?? '';
      const done = reported.get(uid) ?? new Set<string>();
      reported.set(uid, done);
      const ends: { key: string; event: PodEvent }[] = [];
      for (const [list, field] of Object.entries(FIELD)) {
        for (const s of (pod.status?.[list as keyof typeof pod.status] ?? []) as V1ContainerStatus[]) {
          // the instance that ended before a restart, and the one that ended now
          for (const [t, instance] of [
            [s.lastState?.terminated, Math.max(s.restartCount - 1, 0)],
            [s.state?.terminated, s.restartCount],
          ] as const) {
            const key = t && `${s.name}\0${t.containerID || instance}`;
            if (!t || !key || done.has(key)) continue;
            done.add(key);
            ends.push({ key, event: endOf(cluster, pod, field, s.name, t) });
          }
        }
      }
      return ends;
    },
    forget(pod) {
      reported.delete(pod.metadata?.uid ?? '');
    },
  };
}

function endOf(cluster: ClusterIdentity, pod: V1Pod, field: string, container: string, t: V1ContainerStateTerminated): PodEvent {
  const m = pod.metadata;
  const signal = t.signal ? `, signal ${t.signal}` : '';
  return {
    cluster,
    involvedObject: {
      kind: 'Pod',
      namespace: m?.namespace ?? '',
      name: m?.name ?? '',
      uid: m?.uid ?? '',
      fieldPath: `spec.${field}{${container}}`,
      container,
    },
    type: t.exitCode === 0 ? 'Normal' : 'Warning',
    reason: t.reason || (t.exitCode === 0 ? 'Completed' : 'Error'),
    message: `container ended, exit code ${t.exitCode}${signal}${t.message ? `: ${t.message}` : ''}`,
    count: 1,
    timestamp: stamp(t.finishedAt) ?? stamp(m?.creationTimestamp) ?? '',
    source: 'pod status',
  };
}
