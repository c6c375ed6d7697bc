// Where the local clusters live and which ports they use. Everything is derived from the
// cluster number so that any command (up, stop, start, emit…) can find a cluster again
// without a registry of its own.
import { homedir } from 'node:os';
import { join } from 'node:path';

export const CLUSTER_PREFIX = 'ktail-dev-';
export const NODE_NAME = 'kwok-node';

export const VERSIONS = {
  etcd: process.env.ETCD_VERSION ?? 'v3.5.21',
  kubernetes: process.env.K8S_VERSION ?? 'v1.33.13',
  kwok: process.env.KWOK_VERSION ?? 'v0.7.0',
  stern: process.env.STERN_VERSION ?? 'v1.34.0',
};

export function cacheDir(): string {
  return process.env.KTAIL_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'ktail');
}

export function stateDir(): string {
  return process.env.KTAIL_DEV_DIR ?? join(process.env.XDG_STATE_HOME ?? join(homedir(), '.local', 'state'), 'ktail-dev');
}

export const binaries = {
  etcd: () => join(cacheDir(), `etcd-${VERSIONS.etcd}`, 'etcd'),
  apiserver: () => join(cacheDir(), `kubernetes-${VERSIONS.kubernetes}`, 'kube-apiserver'),
  kubectl: () => join(cacheDir(), `kubernetes-${VERSIONS.kubernetes}`, 'kubectl'),
  kwok: () => join(cacheDir(), `kwok-${VERSIONS.kwok}`, 'kwok'),
  stern: () => join(cacheDir(), `stern-${VERSIONS.stern}`, 'stern'),
};

export interface ClusterPaths {
  name: string;
  index: number;
  dir: string;
  kubeconfig: string;
  limitedKubeconfig: string;
  /** admin through a static bearer token instead of a client certificate */
  tokenKubeconfig: string;
  podLogs: string;
  ports: { etcd: number; etcdPeer: number; apiserver: number; kwok: number };
}

/** KTAIL_DEV_PORT_BASE moves a second set of clusters (its own KTAIL_DEV_DIR) off the default ports. */
function portBase(): number {
  const base = Number(process.env.KTAIL_DEV_PORT_BASE ?? 31000);
  if (!Number.isInteger(base) || base < 1024 || base > 64000)
    throw new Error(`bad KTAIL_DEV_PORT_BASE ${JSON.stringify(process.env.KTAIL_DEV_PORT_BASE)} (expected 1024..64000)`);
  return base;
}

export function kubeDir(): string {
  return join(stateDir(), 'kube');
}

export function clusterName(index: number): string {
  return `${CLUSTER_PREFIX}${index}`;
}

export function clusterIndex(name: string): number {
  const index = Number(name.startsWith(CLUSTER_PREFIX) ? name.slice(CLUSTER_PREFIX.length) : name);
  if (!Number.isInteger(index) || index < 1 || index > 99)
    throw new Error(`unknown cluster ${JSON.stringify(name)} (expected ${CLUSTER_PREFIX}<1..99>)`);
  return index;
}

export function clusterPaths(nameOrIndex: string | number): ClusterPaths {
  const index = typeof nameOrIndex === 'number' ? nameOrIndex : clusterIndex(nameOrIndex);
  const name = clusterName(index);
  const dir = join(stateDir(), name);
  const base = portBase() + index * 10;
  return {
    name,
    index,
    dir,
    kubeconfig: join(kubeDir(), name),
    limitedKubeconfig: join(dir, 'limited.kubeconfig'),
    tokenKubeconfig: join(dir, 'token.kubeconfig'),
    podLogs: join(dir, 'pods'),
    ports: { etcd: base, etcdPeer: base + 1, apiserver: base + 2, kwok: base + 3 },
  };
}
