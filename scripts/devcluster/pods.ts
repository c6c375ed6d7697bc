// Pods on a local cluster's kwok node, with log files the test controls: create, emit,
// restart, rotate, delete. State lives in the apiserver (the pod and its kwok Logs object),
// so any process can act on a pod another one created.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AppsV1Api, CoreV1Api, CustomObjectsApi, type V1LabelSelector, type V1Pod } from '@kubernetes/client-node';
import { appendLines, type EmitOptions } from './crilog.js';
import { loadKubeconfig } from './kubeconfig.js';
import { clusterPaths, NODE_NAME } from './paths.js';
import { waitFor } from './processes.js';

const LOGS = { group: 'kwok.x-k8s.io', version: 'v1alpha1', plural: 'logs' };
const POD_TIMEOUT_MS = 60_000;

interface LogEntry {
  containers: string[];
  logsFile: string;
  previousLogsFile?: string;
  follow: boolean;
}
interface LogsObject {
  metadata: { name: string; namespace: string; resourceVersion?: string };
  spec: { logs: LogEntry[] };
}

export interface PodSpec {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  containers?: string[];
  initContainers?: string[];
}

/** container name → absolute path of its live log file */
export type PodLogFiles = Record<string, string>;

function clients(cluster: string) {
  const kc = loadKubeconfig(clusterPaths(cluster).kubeconfig);
  return { core: kc.makeApiClient(CoreV1Api), custom: kc.makeApiClient(CustomObjectsApi) };
}

export function splitRef(ref: string): { namespace: string; name: string } {
  const [namespace, name, ...rest] = ref.split('/');
  if (!namespace || !name || rest.length) throw new Error(`expected <namespace>/<pod>, got ${JSON.stringify(ref)}`);
  return { namespace, name };
}

const ignoreConflict = (err: { code?: number }) => {
  if (err.code !== 409) throw err;
};
const newContainerId = () => `containerd://${randomBytes(32).toString('hex')}`;

export async function createPod(cluster: string, ref: string, spec: PodSpec = {}): Promise<PodLogFiles> {
  const { namespace, name } = splitRef(ref);
  const { core, custom } = clients(cluster);
  const containers = spec.containers?.length ? spec.containers : ['app'];
  const inits = spec.initContainers ?? [];
  await core.createNamespace({ body: { metadata: { name: namespace } } }).catch(ignoreConflict);
  const pod = await core.createNamespacedPod({
    namespace,
    body: {
      metadata: { name, namespace, labels: spec.labels, annotations: spec.annotations },
      spec: {
        nodeName: NODE_NAME,
        containers: containers.map((c) => ({ name: c, image: `ktail.local/${c}:dev` })),
        initContainers: inits.map((c) => ({ name: c, image: `ktail.local/${c}:dev` })),
        terminationGracePeriodSeconds: 0,
      },
    },
  });
  const podDir = join(clusterPaths(cluster).podLogs, `${namespace}_${name}_${pod.metadata?.uid}`);
  const files: PodLogFiles = {};
  for (const c of [...inits, ...containers]) {
    files[c] = join(podDir, c, '0.log');
    mkdirSync(dirname(files[c]), { recursive: true });
    writeFileSync(files[c], '');
  }
  const logs: LogsObject = {
    metadata: { name, namespace },
    spec: { logs: Object.entries(files).map(([c, f]) => ({ containers: [c], logsFile: f, follow: true })) },
  };
  await custom.createNamespacedCustomObject({
    ...LOGS,
    namespace,
    body: { apiVersion: `${LOGS.group}/${LOGS.version}`, kind: 'Logs', ...logs },
  });
  await waitFor(
    `pod ${ref} Running on ${cluster}`,
    async () => {
      const p = await core.readNamespacedPod({ name, namespace });
      return p.status?.phase === 'Running' && Boolean(p.status.podIP);
    },
    POD_TIMEOUT_MS,
  );
  await setContainerIds(cluster, namespace, name);
  await waitFor(`logs of ${ref} served on ${cluster}`, () => logsServed(cluster, namespace, name, containers[0] ?? 'app'), POD_TIMEOUT_MS);
  return files;
}

/** kwok's stages make statuses without container IDs; a kubelet always has them. */
async function setContainerIds(cluster: string, namespace: string, name: string): Promise<void> {
  await updatePodStatus(cluster, namespace, name, (pod) => {
    for (const s of [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])])
      s.containerID ??= newContainerId();
  });
}

async function logsServed(cluster: string, namespace: string, name: string, container: string): Promise<boolean> {
  await clients(cluster).core.readNamespacedPodLog({ name, namespace, container, limitBytes: 1 });
  return true;
}

/** The new instance's log is empty until something is emitted into it. */
async function servesEmptyLog(cluster: string, namespace: string, name: string, container: string): Promise<boolean> {
  return (await clients(cluster).core.readNamespacedPodLog({ name, namespace, container, tailLines: 1 })) === '';
}

async function updatePodStatus(cluster: string, namespace: string, name: string, change: (pod: V1Pod) => void): Promise<V1Pod> {
  const { core } = clients(cluster);
  for (let attempt = 0; ; attempt++) {
    const pod = await core.readNamespacedPod({ name, namespace });
    change(pod);
    try {
      return await core.replaceNamespacedPodStatus({ name, namespace, body: pod });
    } catch (err) {
      if ((err as { code?: number }).code !== 409 || attempt > 10) throw err;
    }
  }
}

async function readLogs(cluster: string, namespace: string, name: string): Promise<LogsObject> {
  return (await clients(cluster).custom.getNamespacedCustomObject({ ...LOGS, namespace, name })) as LogsObject;
}

function entryFor(logs: LogsObject, container: string): LogEntry {
  const entry = logs.spec.logs.find((l) => l.containers.includes(container));
  if (!entry) throw new Error(`pod ${logs.metadata.namespace}/${logs.metadata.name} has no container ${JSON.stringify(container)}`);
  return entry;
}

export async function logFileOf(cluster: string, ref: string, container: string): Promise<string> {
  const { namespace, name } = splitRef(ref);
  return entryFor(await readLogs(cluster, namespace, name), container).logsFile;
}

export async function emit(cluster: string, ref: string, container: string, opts: EmitOptions): Promise<void> {
  await appendLines(await logFileOf(cluster, ref, container), opts);
}

/** As a kubelet shows a restart: restartCount+1, new containerID, old log as `previous`, new empty log. */
export async function restartContainer(
  cluster: string,
  ref: string,
  container: string,
  ended = { reason: 'Error', exitCode: 1 },
): Promise<string> {
  const { namespace, name } = splitRef(ref);
  const { custom } = clients(cluster);
  const logs = await readLogs(cluster, namespace, name);
  const entry = entryFor(logs, container);
  const pod = await clients(cluster).core.readNamespacedPod({ name, namespace });
  const status = pod.status?.containerStatuses?.find((s) => s.name === container);
  if (!status) throw new Error(`pod ${ref} has no running container ${JSON.stringify(container)}`);
  const next = join(dirname(entry.logsFile), `${status.restartCount + 1}.log`);
  writeFileSync(next, '');
  entry.previousLogsFile = entry.logsFile;
  entry.logsFile = next;
  await custom.replaceNamespacedCustomObject({ ...LOGS, namespace, name, body: logs });
  // A kubelet never serves the old instance's file as the new container's log; kwok takes the
  // Logs object from its own watch, later (much later after an apiserver restart). Shown the
  // new containerID before that, a tailer would read the old lines again as the new instance's.
  await waitFor(`kwok serving ${ref}/${container}'s new log`, () => servesEmptyLog(cluster, namespace, name, container), POD_TIMEOUT_MS);
  const now = new Date();
  await updatePodStatus(cluster, namespace, name, (p) => {
    const s = p.status?.containerStatuses?.find((x) => x.name === container);
    if (!s) return;
    s.lastState = {
      terminated: {
        exitCode: ended.exitCode,
        reason: ended.reason,
        containerID: s.containerID,
        startedAt: s.state?.running?.startedAt,
        finishedAt: now,
      },
    };
    s.state = { running: { startedAt: now } };
    s.restartCount += 1;
    s.containerID = newContainerId();
  });
  return next;
}

/** As the kubelet's log manager rotates: live file renamed to `<file>.<timestamp>`, a new empty one in its place. */
export async function rotateLog(cluster: string, ref: string, container: string): Promise<string> {
  const file = await logFileOf(cluster, ref, container);
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  // the kubelet's names have one-second resolution: never overwrite an earlier rotation
  let rotated = `${file}.${stamp}`;
  for (let n = 1; existsSync(rotated); n++) rotated = `${file}.${stamp}.${n}`;
  renameSync(file, rotated);
  writeFileSync(file, '');
  return rotated;
}

export async function deletePod(cluster: string, ref: string): Promise<void> {
  const { namespace, name } = splitRef(ref);
  const { core, custom } = clients(cluster);
  await core.deleteNamespacedPod({ name, namespace, gracePeriodSeconds: 0 });
  await custom.deleteNamespacedCustomObject({ ...LOGS, namespace, name }).catch(() => undefined);
  await waitFor(
    `pod ${ref} gone from ${cluster}`,
    async () => {
      try {
        await core.readNamespacedPod({ name, namespace });
        return false;
      } catch (err) {
        return (err as { code?: number }).code === 404;
      }
    },
    POD_TIMEOUT_MS,
  );
}

/**
 * A Deployment object only: no controller-manager runs here, so it never makes pods; what
 * ktail reads of it is its selector. Pods are made with createPod and matching labels.
 */
export async function createDeployment(cluster: string, ref: string, selector: V1LabelSelector): Promise<void> {
  const { namespace, name } = splitRef(ref);
  const { core } = clients(cluster);
  await core.createNamespace({ body: { metadata: { name: namespace } } }).catch(ignoreConflict);
  const kc = loadKubeconfig(clusterPaths(cluster).kubeconfig);
  const labels = {
    ...selector.matchLabels,
    ...Object.fromEntries((selector.matchExpressions ?? []).filter((e) => e.operator === 'In').map((e) => [e.key, e.values?.[0] ?? ''])),
  };
  await kc.makeApiClient(AppsV1Api).createNamespacedDeployment({
    namespace,
    body: {
      metadata: { name },
      spec: { selector, template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: 'x' }] } } },
    },
  });
}
