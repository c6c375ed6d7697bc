// Pod Events as a kubelet records them (core/v1, the legacy recorder: a count that grows
// and lastTimestamp), since kwok's stages record none: the harness creates them through the API.
import { randomBytes } from 'node:crypto';
import { CoreV1Api, type CoreV1Event } from '@kubernetes/client-node';
import { loadKubeconfig } from './kubeconfig.js';
import { clusterPaths, NODE_NAME } from './paths.js';
import { splitRef } from './pods.js';

export interface EventSpec {
  reason: string;
  /** Normal (default) or Warning */
  type?: string;
  message?: string;
  /** how often it happened already (default 1) */
  count?: number;
  /** the container it is about (fieldPath spec.containers{NAME}) */
  container?: string;
}

const core = (cluster: string) => loadKubeconfig(clusterPaths(cluster).kubeconfig).makeApiClient(CoreV1Api);

/** Creates an Event about pod `<namespace>/<pod>`; resolves to its name (for bumpEvent). */
export async function createEvent(cluster: string, podRef: string, spec: EventSpec): Promise<string> {
  const { namespace, name } = splitRef(podRef);
  const api = core(cluster);
  const pod = await api.readNamespacedPod({ namespace, name });
  const now = new Date();
  // the recorder's names: the object's name, a dot, a unique suffix
  const eventName = `${name}.${randomBytes(8).toString('hex')}`;
  const body: CoreV1Event = {
    metadata: { name: eventName, namespace },
    involvedObject: {
      apiVersion: 'v1',
      kind: 'Pod',
      namespace,
      name,
      uid: pod.metadata?.uid,
      resourceVersion: pod.metadata?.resourceVersion,
      fieldPath: spec.container ? `spec.containers{${spec.container}}` : undefined,
    },
    reason: spec.reason,
    message: spec.message ?? spec.reason,
    type: spec.type ?? 'Normal',
    count: spec.count ?? 1,
    firstTimestamp: now,
    lastTimestamp: now,
    source: { component: 'kubelet', host: NODE_NAME },
    reportingComponent: 'kubelet',
    reportingInstance: NODE_NAME,
  };
  await api.createNamespacedEvent({ namespace, body });
  return eventName;
}

/** The same event happening again, as the recorder shows it: count + 1, a new lastTimestamp. */
export async function bumpEvent(cluster: string, namespace: string, eventName: string): Promise<number> {
  const api = core(cluster);
  const e = await api.readNamespacedEvent({ namespace, name: eventName });
  e.count = (e.count ?? 1) + 1;
  e.lastTimestamp = new Date();
  await api.replaceNamespacedEvent({ namespace, name: eventName, body: e });
  return e.count;
}
