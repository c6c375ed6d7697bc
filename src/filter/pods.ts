// Client-side pod filters: the pod-name query and --exclude-pod.
import type { V1Pod } from '@kubernetes/client-node';
import type { PodQuery } from '../options/types.js';

export function podMatches(pod: V1Pod, q: Pick<PodQuery, 'podName' | 'excludePod'>): boolean {
  const name = pod.metadata?.name ?? '';
  return q.podName.test(name) && !q.excludePod.some((re) => re.test(name));
}
