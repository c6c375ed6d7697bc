// Bringing one local cluster up and down: PKI, etcd, kube-apiserver, kwok's Logs CRD,
// the fake node, kwok itself; and stopping/starting single components for fault tests.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { ApiextensionsV1Api, CoreV1Api, loadYaml, type V1CustomResourceDefinition } from '@kubernetes/client-node';
import { ensurePki, pkiPaths } from './certs.js';
import { COMPONENTS, daemon, featureGatesFile, type Component } from './daemons.js';
import { loadKubeconfig, writeKubeconfig } from './kubeconfig.js';
import { binaries, clusterPaths, NODE_NAME, type ClusterPaths } from './paths.js';
import { logFile, runningPid, startDaemon, stopDaemon, waitFor } from './processes.js';

const READY_TIMEOUT_MS = 120_000;

/** GET an apiserver path with the admin client cert; resolves to the HTTP status. */
function apiGet(c: ClusterPaths, path: string): Promise<number> {
  const pki = pkiPaths(join(c.dir, 'pki'));
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: c.ports.apiserver,
        path,
        timeout: 2000,
        ca: readFileSync(pki.ca),
        cert: readFileSync(pki.admin.cert),
        key: readFileSync(pki.admin.key),
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

export const apiserverReady = async (c: ClusterPaths) => (await apiGet(c, '/readyz')) === 200;

export async function nodeReady(c: ClusterPaths): Promise<boolean> {
  const core = loadKubeconfig(c.kubeconfig).makeApiClient(CoreV1Api);
  const node = await core.readNode({ name: NODE_NAME });
  return node.status?.conditions?.some((cond) => cond.type === 'Ready' && cond.status === 'True') ?? false;
}

function writeKubeconfigs(c: ClusterPaths): void {
  const pki = pkiPaths(join(c.dir, 'pki'));
  const server = `https://127.0.0.1:${c.ports.apiserver}`;
  writeKubeconfig({ file: c.kubeconfig, name: c.name, server, ca: pki.ca, cert: pki.admin.cert, key: pki.admin.key });
  writeKubeconfig({
    file: c.limitedKubeconfig,
    name: `${c.name}-limited`,
    server,
    ca: pki.ca,
    cert: pki.limited.cert,
    key: pki.limited.key,
  });
  const token = readFileSync(pki.tokens, 'utf8').split(',')[0];
  writeKubeconfig({ file: c.tokenKubeconfig, name: `${c.name}-token`, server, ca: pki.ca, token });
}

async function installLogsCrd(c: ClusterPaths): Promise<void> {
  const api = loadKubeconfig(c.kubeconfig).makeApiClient(ApiextensionsV1Api);
  const crdFile = join(binaries.kwok(), '..', 'kwok.x-k8s.io_logs.yaml');
  const crd = loadYaml<V1CustomResourceDefinition>(readFileSync(crdFile, 'utf8'));
  const name = crd.metadata?.name ?? '';
  await api.createCustomResourceDefinition({ body: crd }).catch((err: { code?: number }) => {
    if (err.code !== 409) throw err;
  });
  await waitFor(
    `CRD ${name} on ${c.name}`,
    async () => {
      const got = await api.readCustomResourceDefinition({ name });
      return got.status?.conditions?.some((x) => x.type === 'Established' && x.status === 'True') ?? false;
    },
    READY_TIMEOUT_MS,
  );
}

async function ensureNode(c: ClusterPaths): Promise<void> {
  const core = loadKubeconfig(c.kubeconfig).makeApiClient(CoreV1Api);
  await core
    .createNode({
      body: {
        metadata: {
          name: NODE_NAME,
          labels: { type: 'kwok', 'kubernetes.io/hostname': NODE_NAME, 'kubernetes.io/os': 'linux' },
          annotations: { 'kwok.x-k8s.io/node': 'fake', 'node.alpha.kubernetes.io/ttl': '0' },
        },
      },
    })
    .catch((err: { code?: number }) => {
      if (err.code !== 409) throw err;
    });
}

/** Starts whatever of the cluster is not running and returns once its node is Ready. */
export async function clusterUp(index: number): Promise<ClusterPaths> {
  const c = clusterPaths(index);
  ensurePki(join(c.dir, 'pki'), c.name);
  writeKubeconfigs(c);
  startDaemon(daemon(c, 'etcd'));
  startDaemon(daemon(c, 'apiserver'));
  await waitFor(`kube-apiserver of ${c.name}`, () => apiserverReady(c), READY_TIMEOUT_MS, logFile(daemon(c, 'apiserver')));
  await installLogsCrd(c);
  await ensureNode(c);
  startDaemon(daemon(c, 'kwok'));
  await waitFor(`node ${NODE_NAME} Ready on ${c.name}`, () => nodeReady(c), READY_TIMEOUT_MS, logFile(daemon(c, 'kwok')));
  return c;
}

/**
 * Stops every daemon of the cluster and forgets its data. Its kubeconfig leaves env's kube
 * directory (a later `-m` over it must not find a cluster that is down); PKI stays.
 */
export async function clusterDown(index: number): Promise<void> {
  const c = clusterPaths(index);
  for (const component of [...COMPONENTS].reverse()) await stopDaemon(daemon(c, component));
  rmSync(c.kubeconfig, { force: true });
  rmSync(join(c.dir, 'etcd-data'), { recursive: true, force: true });
  rmSync(c.podLogs, { recursive: true, force: true });
}

export async function stopComponent(cluster: string, component: Component): Promise<void> {
  // kube-apiserver stops serving at once but its graceful shutdown then waits on open
  // long-running requests (watches, log streams): a fault is abrupt anyway.
  await stopDaemon(daemon(clusterPaths(cluster), component), component === 'apiserver' ? 1000 : 10_000);
}

/** Starts a component again and waits until it serves (apiserver ready, kwok's node Ready). */
export async function startComponent(cluster: string, component: Component): Promise<void> {
  const c = clusterPaths(cluster);
  const d = daemon(c, component);
  startDaemon(d);
  if (component === 'apiserver') {
    await waitFor(`kube-apiserver of ${c.name}`, () => apiserverReady(c), READY_TIMEOUT_MS, logFile(d));
    // kwok's client backs off for up to minutes after an outage and would not see new
    // pods for that long; a kubelet reconnects promptly, so restart kwok like one. Its log
    // streams were proxied through the apiserver and are already cut.
    if (componentRunning(cluster, 'kwok')) {
      await stopComponent(cluster, 'kwok');
      await startComponent(cluster, 'kwok');
    }
  }
  if (component === 'kwok') await waitFor(`kwok of ${c.name}`, () => kwokServing(c), READY_TIMEOUT_MS, logFile(d));
}

async function kwokServing(c: ClusterPaths): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port: c.ports.kwok, path: '/healthz', timeout: 1000, rejectUnauthorized: false }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.end();
  });
}

/**
 * The apiserver's extra feature gates (e.g. PodLogsQuerySplitStreams=true; '' for none), kept
 * for the cluster's later starts: a running apiserver whose gates change is restarted.
 */
export async function setFeatureGates(cluster: string, gates: string): Promise<void> {
  const c = clusterPaths(cluster);
  const file = featureGatesFile(c);
  const before = existsSync(file) ? readFileSync(file, 'utf8').trim() : '';
  if (before === gates) return;
  if (gates) writeFileSync(file, `${gates}\n`);
  else rmSync(file, { force: true });
  if (componentRunning(cluster, 'apiserver')) {
    await stopComponent(cluster, 'apiserver');
    await startComponent(cluster, 'apiserver');
  }
}

export function componentRunning(cluster: string, component: Component): boolean {
  return runningPid(daemon(clusterPaths(cluster), component)) !== undefined;
}

export function clusterExists(index: number): boolean {
  return existsSync(clusterPaths(index).dir);
}
