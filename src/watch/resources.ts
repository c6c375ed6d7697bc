// `deploy/web`-style queries: the object's pod selector, looked up in each cluster (and
// namespace) on its own, so a deployment missing from one cluster only warns.
import { AppsV1Api, BatchV1Api, CoreV1Api, type ConfigurationOptions, type V1LabelSelector } from '@kubernetes/client-node';
import { gatedCall, OPEN_GATE, type ApiGate } from '../kubeconfig/apiGate.js';
import type { Cluster } from '../kubeconfig/clusters.js';
import type { PodQuery, ResourceKind, ResourceRef } from '../options/types.js';

export interface PodScope {
  /** undefined = every namespace */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

type Call = ConfigurationOptions | undefined;
type Lookup = (
  cluster: Cluster,
  namespace: string,
  name: string,
  call: Call,
) => Promise<Record<string, string> | V1LabelSelector | undefined>;

const apps = (c: Cluster) => c.kc.makeApiClient(AppsV1Api);
const LOOKUPS: Record<Exclude<ResourceKind, 'pod'>, Lookup> = {
  deployment: async (c, namespace, name, call) => (await apps(c).readNamespacedDeployment({ namespace, name }, call)).spec?.selector,
  statefulset: async (c, namespace, name, call) => (await apps(c).readNamespacedStatefulSet({ namespace, name }, call)).spec?.selector,
  daemonset: async (c, namespace, name, call) => (await apps(c).readNamespacedDaemonSet({ namespace, name }, call)).spec?.selector,
  replicaset: async (c, namespace, name, call) => (await apps(c).readNamespacedReplicaSet({ namespace, name }, call)).spec?.selector,
  job: async (c, namespace, name, call) =>
    (await c.kc.makeApiClient(BatchV1Api).readNamespacedJob({ namespace, name }, call)).spec?.selector,
  replicationcontroller: async (c, namespace, name, call) =>
    (await c.kc.makeApiClient(CoreV1Api).readNamespacedReplicationController({ namespace, name }, call)).spec?.selector,
  service: async (c, namespace, name, call) =>
    (await c.kc.makeApiClient(CoreV1Api).readNamespacedService({ namespace, name }, call)).spec?.selector,
};

/** A label selector in the apiserver's string form. */
export function selectorString(sel: Record<string, string> | V1LabelSelector): string {
  const isLabelSelector = 'matchLabels' in sel || 'matchExpressions' in sel;
  const labels = (isLabelSelector ? (sel as V1LabelSelector).matchLabels : (sel as Record<string, string>)) ?? {};
  const parts = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
  for (const e of isLabelSelector ? ((sel as V1LabelSelector).matchExpressions ?? []) : []) {
    const values = (e.values ?? []).join(',');
    if (e.operator === 'In') parts.push(`${e.key} in (${values})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${values})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
  }
  return parts.join(',');
}

const join = (...parts: (string | undefined)[]) => parts.filter(Boolean).join(',') || undefined;

/**
 * Where to watch pods for a `TYPE/NAME` query in one namespace. Resolves to undefined
 * (with the reason) when the object is not there; a lookup error other than 404 throws.
 */
export async function scopeFor(
  cluster: Cluster,
  ref: ResourceRef,
  namespace: string,
  base: PodScope,
  gate: ApiGate = OPEN_GATE,
  signal?: AbortSignal,
): Promise<PodScope | string> {
  if (ref.kind === 'pod') return { ...base, namespace, fieldSelector: join(base.fieldSelector, `metadata.name=${ref.name}`) };
  const lookup = LOOKUPS[ref.kind];
  try {
    const sel = await gatedCall(gate, (call) => lookup(cluster, namespace, ref.name, call), signal);
    if (!sel) return `${ref.kind}/${ref.name} in namespace ${namespace} has no pod selector`;
    return { ...base, namespace, labelSelector: join(base.labelSelector, selectorString(sel)) };
  } catch (err) {
    if ((err as { code?: number }).code === 404) return `${ref.kind}/${ref.name} not found in namespace ${namespace}`;
    throw err;
  }
}

/**
 * The (namespace, selectors) pairs to watch in one cluster. For a TYPE/NAME query the
 * object is looked up in each namespace (through `gate`: throttled, traced, --request-timeout);
 * `skipped` says where it was not found.
 */
export async function scopesFor(
  cluster: Cluster,
  q: PodQuery,
  gate: ApiGate = OPEN_GATE,
  signal?: AbortSignal,
): Promise<{ scopes: PodScope[]; skipped: string[] }> {
  const base = { labelSelector: q.labelSelector, fieldSelector: q.fieldSelector };
  if (q.allNamespaces) return { scopes: [{ ...base, namespace: undefined }], skipped: [] };
  const namespaces = q.namespaces.length ? [...new Set(q.namespaces)] : cluster.namespaces;
  if (!q.resource) return { scopes: namespaces.map((namespace) => ({ ...base, namespace })), skipped: [] };
  const found = await Promise.all(namespaces.map((ns) => scopeFor(cluster, q.resource as ResourceRef, ns, base, gate, signal)));
  return {
    scopes: found.filter((f): f is PodScope => typeof f !== 'string'),
    skipped: found.filter((f): f is string => typeof f === 'string'),
  };
}
