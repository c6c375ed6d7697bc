// The local multi-cluster harness, as functions for tests, benchmarks and the demo.
// `cli.ts` is the same thing as `npm run devcluster -- <command>`.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { clusterDown, clusterUp } from './cluster.js';
import { withUpLock } from './lock.js';
import { binaries, CLUSTER_PREFIX, clusterName, kubeDir, stateDir } from './paths.js';

export { startComponent, stopComponent, componentRunning, apiserverReady, setFeatureGates } from './cluster.js';
export {
  createDeployment,
  createPod,
  emit,
  restartContainer,
  rotateLog,
  deletePod,
  logFileOf,
  type PodSpec,
  type PodLogFiles,
} from './pods.js';
export { criFragments, criLine, criTimestamp, appendLines } from './crilog.js';
export { createEvent, bumpEvent, type EventSpec } from './events.js';
export { compactEtcd } from './etcd.js';
export { blackhole, type Blackhole } from './blackhole.js';
export { clusterPaths, clusterName, kubeDir, binaries, VERSIONS } from './paths.js';
export type { Component } from './daemons.js';

/** Builds (or finds cached) the binaries; `all` adds the benchmark peer stern. */
export function ensureBinaries(which: 'cluster' | 'all' = 'cluster'): void {
  const needed = which === 'all' ? Object.values(binaries) : [binaries.etcd, binaries.apiserver, binaries.kubectl, binaries.kwok];
  if (needed.every((b) => existsSync(b()))) return;
  const script = fileURLToPath(new URL('./build-binaries.sh', import.meta.url));
  const res = spawnSync('bash', [script], { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, KTAIL_BUILD: which } });
  if (res.status !== 0) throw new Error(`building the cluster binaries failed (exit ${res.status ?? res.signal})`);
}

/** Indexes of the clusters that have state on disk. */
export function knownClusters(): number[] {
  if (!existsSync(stateDir())) return [];
  return readdirSync(stateDir())
    .filter((d) => d.startsWith(CLUSTER_PREFIX))
    .map((d) => Number(d.slice(CLUSTER_PREFIX.length)))
    .filter((n) => Number.isInteger(n) && n > 0)
    .sort((a, b) => a - b);
}

/** Brings clusters 1..n up (idempotent) and returns their names. Starts them side by side. */
export async function up(n = 3): Promise<string[]> {
  ensureBinaries();
  const indexes = Array.from({ length: n }, (_, i) => i + 1);
  await withUpLock(() => Promise.all(indexes.map((i) => clusterUp(i))));
  return indexes.map(clusterName);
}

export async function down(): Promise<void> {
  await Promise.all(knownClusters().map((i) => clusterDown(i)));
}

export function envLine(): string {
  return `KTAIL_DEV_KUBE_DIR=${kubeDir()}`;
}
