// Client-side pod filters: the pod-name query, --exclude-pod and --condition.
import type { V1Pod } from '@kubernetes/client-node';
import type { PodCondition, PodQuery } from '../options/types.js';

export function podMatches(pod: V1Pod, q: Pick<PodQuery, 'podName' | 'excludePod' | 'condition'>): boolean {
  const name = pod.metadata?.name ?? '';
  return q.podName.test(name) && !q.excludePod.some((re) => re.test(name)) && (!q.condition || conditionMatches(pod, q.condition));
}

/** stern's rule: the pod's condition of that type has that status; a pod without it does not match. */
export function conditionMatches(pod: V1Pod, c: PodCondition): boolean {
  return pod.status?.conditions?.find((pc) => pc.type === c.type)?.status === c.status;
}
