// A core/v1 Event (what kubectl get events and kubectl describe read; the kubelet's
// recorder writes them) → the PodEvent record the printer shows.
import type { CoreV1Event } from '@kubernetes/client-node';
import type { ClusterIdentity } from '../shared/target.js';
import type { PodEvent } from '../shared/event.js';

/** A list's objects carry Dates, a watch's the JSON strings: one form for both (a re-list prints the same). */
export function stamp(d: Date | string | undefined): string | undefined {
  if (d === undefined) return undefined;
  const t = d instanceof Date ? d : new Date(d);
  return Number.isNaN(t.getTime()) ? String(d) : t.toISOString();
}

/** `spec.containers{app}`, `spec.initContainers{init}` → the container's name */
export function containerOf(fieldPath: string | undefined): string | undefined {
  return /^spec\.(?:initContainers|containers|ephemeralContainers)\{([^}]+)\}$/.exec(fieldPath ?? '')?.[1];
}

export function podEventOf(cluster: ClusterIdentity, e: CoreV1Event): PodEvent {
  const o = e.involvedObject;
  const fieldPath = o.fieldPath || undefined;
  return {
    cluster,
    involvedObject: {
      kind: o.kind ?? 'Pod',
      namespace: o.namespace ?? e.metadata.namespace ?? '',
      name: o.name ?? '',
      uid: o.uid ?? '',
      fieldPath,
      container: containerOf(fieldPath),
    },
    type: e.type ?? 'Normal',
    reason: e.reason ?? '',
    message: e.message ?? '',
    // events.k8s.io writers count in series; the legacy recorder in count
    count: Math.max(e.series?.count ?? 0, e.count ?? 0, 1),
    timestamp:
      stamp(e.series?.lastObservedTime ?? e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata.creationTimestamp) ?? '',
    source: e.reportingComponent || e.source?.component || '',
  };
}

/** What makes an event worth printing again: another occurrence or another text. */
export const occurrence = (e: PodEvent) => `${e.count}\0${e.reason}\0${e.message}`;
