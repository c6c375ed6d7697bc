// A Kubernetes Event of a matched pod (or a container's end read from the pod's status), as
// the printer shows it next to the log lines. Names only, as a LogLine: no credentials.
import type { ClusterIdentity } from './target.js';

export type EventLevel = 'all' | 'warnings';

export interface InvolvedPod {
  kind: string;
  namespace: string;
  name: string;
  uid: string;
  /** e.g. spec.containers{app}: the part of the pod the event is about */
  fieldPath?: string;
  /** the container fieldPath names */
  container?: string;
}

export interface PodEvent {
  cluster: ClusterIdentity;
  involvedObject: InvolvedPod;
  /** Normal or Warning (any other text the API carries is passed on) */
  type: string;
  reason: string;
  message: string;
  /** how often it happened (an event's count or series count; 1 for a single one) */
  count: number;
  /** RFC3339: when it (last) happened */
  timestamp: string;
  /** who reported it: the event's component (kubelet, default-scheduler), or `pod status` for a container's end */
  source: string;
}

export const isWarning = (e: Pick<PodEvent, 'type'>) => e.type === 'Warning';
