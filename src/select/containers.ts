// Which containers of a pod to tail: name include/exclude, init and ephemeral containers,
// and the container states asked for.
import type { V1ContainerStatus, V1Pod } from '@kubernetes/client-node';
import type { ContainerQuery, ContainerState } from '../options/types.js';
import type { ContainerKind } from '../shared/target.js';

export interface ContainerPick {
  name: string;
  kind: ContainerKind;
  containerId: string;
  state: ContainerState;
  /** the kubelet's count for this container: names its log file (<n>.log) */
  restartCount: number;
}

export function stateOf(status: V1ContainerStatus | undefined): ContainerState {
  if (status?.state?.running) return 'running';
  if (status?.state?.terminated) return 'terminated';
  return 'waiting';
}

/**
 * Whether the kubelet has a log to serve (stern's chooseContainerID): a container that is
 * running or ended, or waiting after an earlier run (CrashLoopBackOff); not one never started.
 */
export function hasLog(status: V1ContainerStatus | undefined): boolean {
  if (status?.state?.running) return Boolean(status.containerID);
  if (status?.state?.terminated && (status.state.terminated.containerID || status.containerID)) return true;
  return Boolean(status?.lastState?.terminated?.containerID);
}

/** -c / -E on a container name. */
export function containerNameMatches(name: string, q: Pick<ContainerQuery, 'include' | 'exclude'>): boolean {
  return q.include.test(name) && !q.exclude.some((re) => re.test(name));
}

export function containersToTail(pod: V1Pod, q: ContainerQuery): ContainerPick[] {
  const spec = pod.spec;
  const status = pod.status;
  const groups: [ContainerKind, { name: string }[] | undefined, V1ContainerStatus[] | undefined, boolean][] = [
    ['init', spec?.initContainers, status?.initContainerStatuses, q.initContainers],
    ['container', spec?.containers, status?.containerStatuses, true],
    ['ephemeral', spec?.ephemeralContainers, status?.ephemeralContainerStatuses, q.ephemeralContainers],
  ];
  const picks: ContainerPick[] = [];
  for (const [kind, containers, statuses, wanted] of groups) {
    if (!wanted) continue;
    for (const c of containers ?? []) {
      if (!containerNameMatches(c.name, q)) continue;
      const st = statuses?.find((s) => s.name === c.name);
      const state = stateOf(st);
      if (!q.states.has(state) || !hasLog(st)) continue;
      if (q.previousOnly && !st?.lastState?.terminated) continue;
      picks.push({ name: c.name, kind, containerId: st?.containerID ?? '', state, restartCount: st?.restartCount ?? 0 });
    }
  }
  return picks;
}
