// The bench's side of the local clusters: which are up, pods with many containers created
// with limited concurrency, kube dirs for -m, and cleaning up the bench's namespaces.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api, CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import pLimit from 'p-limit';
import { apiserverReady, clusterName, clusterPaths, createPod, up } from '../scripts/devcluster/index.js';
import { clusterDown } from '../scripts/devcluster/cluster.js';
import type { Stream } from './lines.js';

export const NS_PREFIX = 'bench-';

export interface BenchEnv {
  quick: boolean;
  /** unique per bench run: namespaces and line tags carry it */
  runId: string;
  /** HOME for the tailers: no user config file of ktail, stern or kubectl applies */
  home: string;
  /** node flags for every ktail run, e.g. --cpu-prof */
  ktailNodeArgs: string[];
  /** how many times each timed scenario runs every tailer (interleaved); figures are medians */
  rounds: number;
  log(msg: string): void;
}

export function makeEnv(quick: boolean, ktailNodeArgs: string[] = [], rounds = 3): BenchEnv {
  const home = mkdtempSync(join(tmpdir(), 'ktail-bench-'));
  return {
    quick,
    ktailNodeArgs,
    rounds,
    runId: Date.now().toString(36),
    home,
    log: (msg) => process.stderr.write(`bench: ${msg}\n`),
  };
}

const isUp = (i: number) => apiserverReady(clusterPaths(i)).catch(() => false);

/** Clusters 1..n up; remembers which ones this process started. */
export class Clusters {
  private started = new Set<number>();
  private checked = new Set<number>();

  async ensure(n: number, env: BenchEnv): Promise<string[]> {
    for (let i = 1; i <= n; i++) {
      if (this.checked.has(i)) continue;
      this.checked.add(i);
      if (!(await isUp(i))) this.started.add(i);
    }
    const starting = [...this.started].filter((i) => i <= n);
    if (starting.length) env.log(`bringing clusters up: ${n} needed (${starting.map(clusterName).join(', ')} were not up)`);
    return up(n);
  }

  /** Stops the clusters beyond `keep` (and beyond the first 3) that this process started. */
  async release(keep: number, env: BenchEnv): Promise<void> {
    const stop = [...this.started].filter((i) => i > Math.max(3, keep));
    if (!stop.length) return;
    env.log(`stopping ${stop.map(clusterName).join(', ')} (started by the bench)`);
    await Promise.all(stop.map((i) => clusterDown(i)));
    for (const i of stop) {
      this.started.delete(i);
      this.checked.delete(i);
    }
  }
}

/** A kube dir holding exactly the kubeconfigs of these clusters, for `ktail -m --kube-dir`. */
export function kubeDirFor(env: BenchEnv, clusters: string[]): string {
  const dir = join(env.home, `kube-${clusters.length}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const c of clusters) copyFileSync(clusterPaths(c).kubeconfig, join(dir, c));
  return dir;
}

function apis(cluster: string) {
  const kc = new KubeConfig();
  kc.loadFromFile(clusterPaths(cluster).kubeconfig);
  return { core: kc.makeApiClient(CoreV1Api), custom: kc.makeApiClient(CustomObjectsApi) };
}

const podName = (i: number) => `p${String(i).padStart(3, '0')}`;

/**
 * `pods` Running pods of `containersPerPod` containers each in a fresh namespace; returns
 * one Stream per container, in a stable order (pod, then container).
 */
export async function createStreams(
  cluster: string,
  namespace: string,
  pods: number,
  containersPerPod: number,
  concurrency = 8,
): Promise<Stream[]> {
  const limit = pLimit(concurrency);
  const containers = Array.from({ length: containersPerPod }, (_, i) => `c${i}`);
  const perPod = await Promise.all(
    Array.from({ length: pods }, (_, p) =>
      limit(async () => {
        const files = await createPod(cluster, `${namespace}/${podName(p)}`, { containers, labels: { app: 'ktail-bench' } });
        return containers.map((container) => ({ cluster, namespace, pod: podName(p), container, file: files[container] as string }));
      }),
    ),
  );
  return perPod.flat();
}

/** The same layout on several clusters side by side. */
export async function createStreamsOn(clusters: string[], namespace: string, pods: number, containersPerPod: number): Promise<Stream[]> {
  const per = await Promise.all(clusters.map((c) => createStreams(c, namespace, pods, containersPerPod)));
  return per.flat();
}

/** Deletes the pods (at once), kwok Logs objects and log files of a bench namespace, then the namespace. */
export async function removeNamespace(cluster: string, namespace: string): Promise<void> {
  if (!namespace.startsWith(NS_PREFIX)) throw new Error(`refusing to clean up ${namespace}: not a bench namespace`);
  const { core, custom } = apis(cluster);
  await core.deleteCollectionNamespacedPod({ namespace, gracePeriodSeconds: 0 }).catch(() => undefined);
  await custom
    .deleteCollectionNamespacedCustomObject({ group: 'kwok.x-k8s.io', version: 'v1alpha1', plural: 'logs', namespace })
    .catch(() => undefined);
  await core.deleteNamespace({ name: namespace }).catch(() => undefined);
  const logs = clusterPaths(cluster).podLogs;
  if (existsSync(logs)) {
    for (const d of readdirSync(logs)) if (d.startsWith(`${namespace}_`)) rmSync(join(logs, d), { recursive: true, force: true });
  }
}

export async function removeNamespaceOn(clusters: string[], namespace: string): Promise<void> {
  await Promise.all(clusters.map((c) => removeNamespace(c, namespace)));
}

/** Pods left in bench namespaces by an interrupted earlier run (the e2e suite's namespaces are never touched). */
export async function sweepOldRuns(clusters: string[], env: BenchEnv): Promise<void> {
  for (const c of clusters) {
    const { core } = apis(c);
    const pods = await core.listPodForAllNamespaces({ limit: 5000 }).catch(() => undefined);
    const stale = new Set(
      (pods?.items ?? []).map((p) => p.metadata?.namespace ?? '').filter((ns) => ns.startsWith(NS_PREFIX) && !ns.includes(env.runId)),
    );
    if (stale.size) env.log(`${c}: removing pods of ${stale.size} bench namespace(s) from an earlier run`);
    for (const ns of stale) await removeNamespace(c, ns);
  }
}

/**
 * kwok holds one inotify instance per followed file (the kubelet's log reader makes one per
 * follow request): the 20,000-stream fan-out needs 20,000 at once, beside whatever else the
 * same user runs. Raised when allowed, never lowered.
 */
export function raiseInotifyLimits(env: BenchEnv): void {
  const set = (name: string, value: number) => {
    const file = `/proc/sys/fs/inotify/${name}`;
    try {
      if (Number(readFileSync(file, 'utf8')) >= value) return;
      writeFileSync(file, String(value));
    } catch {
      env.log(`could not raise ${file} to ${value} (not root?); the fan-out may lose streams`);
    }
  };
  set('max_user_instances', 65536);
  set('max_user_watches', 1048576);
}
