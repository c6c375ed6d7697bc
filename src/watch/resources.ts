// `deploy/web`-style queries: the object's pod selector, looked up in each cluster (and
// namespace) on its own, so a deployment missing from one cluster only warns.
import type { V1LabelSelector } from '@kubernetes/client-node';
import { CORE, resourcePath } from '../api/paths.js';
import type { ApiClient } from '../api/request.js';
import type { Cluster } from '../kubeconfig/clusters.js';
import type { PodQuery, ResourceKind, ResourceRef } from '../options/types.js';

export interface PodScope {
  /** undefined = every namespace */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

/** Where each kind lives in the API (its group and version, and its plural) */
const PATHS: Record<Exclude<ResourceKind, 'pod'>, [string, string]> = {
  deployment: ['/apis/apps/v1', 'deployments'],
  statefulset: ['/apis/apps/v1', 'statefulsets'],
  daemonset: ['/apis/apps/v1', 'daemonsets'],
  replicaset: ['/apis/apps/v1', 'replicasets'],
  job: ['/apis/batch/v1', 'jobs'],
  replicationcontroller: [CORE, 'replicationcontrollers'],
  service: [CORE, 'services'],
};

/** The object's pod selector: a LabelSelector, or a service's and a replication controller's plain map. */
async function podSelectorOf(
  api: ApiClient,
  kind: Exclude<ResourceKind, 'pod'>,
  namespace: string,
  name: string,
  signal?: AbortSignal,
): Promise<Record<string, string> | V1LabelSelector | undefined> {
  const [group, plural] = PATHS[kind];
  const obj = await api.get<{ spec?: { selector?: Record<string, string> | V1LabelSelector } }>(
    resourcePath(group, plural, namespace, name),
    {},
    signal,
  );
  return obj.spec?.selector;
}

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
  api: ApiClient,
  ref: ResourceRef,
  namespace: string,
  base: PodScope,
  signal?: AbortSignal,
): Promise<PodScope | string> {
  if (ref.kind === 'pod') return { ...base, namespace, fieldSelector: join(base.fieldSelector, `metadata.name=${ref.name}`) };
  try {
    const sel = await podSelectorOf(api, ref.kind, namespace, ref.name, signal);
    if (!sel) return `${ref.kind}/${ref.name} in namespace ${namespace} has no pod selector`;
    return { ...base, namespace, labelSelector: join(base.labelSelector, selectorString(sel)) };
  } catch (err) {
    if ((err as { code?: number }).code === 404) return `${ref.kind}/${ref.name} not found in namespace ${namespace}`;
    throw err;
  }
}

/**
 * The (namespace, selectors) pairs to watch in one cluster. For a TYPE/NAME query the
 * object is looked up in each namespace (through `api`: throttled, traced, --request-timeout);
 * `skipped` says where it was not found.
 */
export async function scopesFor(
  cluster: Cluster,
  api: ApiClient,
  q: PodQuery,
  signal?: AbortSignal,
): Promise<{ scopes: PodScope[]; skipped: string[] }> {
  const base = { labelSelector: q.labelSelector, fieldSelector: q.fieldSelector };
  if (q.allNamespaces) return { scopes: [{ ...base, namespace: undefined }], skipped: [] };
  const namespaces = q.namespaces.length ? [...new Set(q.namespaces)] : cluster.namespaces;
  if (!q.resource) return { scopes: namespaces.map((namespace) => ({ ...base, namespace })), skipped: [] };
  const found = await Promise.all(namespaces.map((ns) => scopeFor(api, q.resource as ResourceRef, ns, base, signal)));
  return {
    scopes: found.filter((f): f is PodScope => typeof f !== 'string'),
    skipped: found.filter((f): f is string => typeof f === 'string'),
  };
}
