// Records carry names, not credentials: a Target and every LogLine built on the live path
// (kubeconfig → Cluster → tracker → tail) name their cluster and hold nothing of its
// KubeConfig, while the log client, which gets the Cluster itself, still authenticates.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { KubeConfig, type V1Pod } from '@kubernetes/client-node';
import { describeError } from '../../src/shared/errors.js';
import { resolveClusters } from '../../src/kubeconfig/clusters.js';
import { parseOptions } from '../../src/options/parse.js';
import { logClient } from '../../src/tail/logRequest.js';
import { streamQueue } from '../../src/tail/streamQueue.js';
import { startTail } from '../../src/tail/tailer.js';
import type { LogLine, Target } from '../../src/shared/target.js';
import { targetTracker } from '../../src/select/targets.js';

const TOKEN = 'tok-3f9a-never-in-a-record';
const CERT = 'CERT-DATA-never-in-a-record';
const KEY = 'KEY-DATA-never-in-a-record';
const b64 = (s: string) => Buffer.from(s).toString('base64');

function kubeconfigAt(server: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ktail-identity-'));
  const file = join(dir, 'config');
  writeFileSync(
    file,
    `apiVersion: v1
kind: Config
clusters:
- name: c
  cluster:
    server: ${server}
    insecure-skip-tls-verify: true
users:
- name: u
  user:
    token: ${TOKEN}
    client-certificate-data: ${b64(CERT)}
    client-key-data: ${b64(KEY)}
contexts:
- name: prod
  context:
    cluster: c
    user: u
current-context: prod
`,
  );
  return file;
}

const POD: V1Pod = {
  metadata: { name: 'web-1', namespace: 'shop', uid: 'uid-1', labels: { app: 'web' } },
  spec: { containers: [{ name: 'app' }], nodeName: 'node-a' },
  status: {
    containerStatuses: [
      {
        name: 'app',
        containerID: 'containerd://1',
        image: 'x',
        imageID: '',
        ready: true,
        restartCount: 0,
        state: { running: { startedAt: new Date() } },
      },
    ],
  },
};

/** Every object reachable from `root` (own properties, Maps, Sets), as a KubeConfig would be if held. */
function reachable(root: unknown): unknown[] {
  const seen = new Set<unknown>();
  const visit = (v: unknown) => {
    if (v === null || typeof v !== 'object' || seen.has(v) || Buffer.isBuffer(v)) return;
    seen.add(v);
    if (v instanceof Map || v instanceof Set) for (const x of v.entries()) visit(x);
    for (const x of Object.values(v)) visit(x);
  };
  visit(root);
  return [...seen];
}

function assertNoCredentials(record: unknown, what: string) {
  const text = JSON.stringify(record);
  for (const secret of [TOKEN, CERT, KEY, b64(CERT), b64(KEY)])
    assert.ok(!text.includes(secret), `${what} holds credential text ${secret}: ${text}`);
  assert.ok(!reachable(record).some((o) => o instanceof KubeConfig), `${what} holds a KubeConfig`);
}

test(
  'a Target and a LogLine from the live path name their cluster and hold no KubeConfig or credentials',
  { timeout: 10_000 },
  async () => {
    const auth: (string | undefined)[] = [];
    const server = createServer((req, res) => {
      auth.push(req.headers.authorization);
      res.writeHead(200);
      res.end('2026-11-23T10:00:01.000000001Z hello\n');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    try {
      const opts = parseOptions(undefined, { kubeconfig: kubeconfigAt(`http://127.0.0.1:${port}`) }, {});
      const [cluster] = resolveClusters(opts.clusters, {}).clusters;
      assert.ok(cluster, 'one cluster from the kubeconfig');
      const added: Target[] = [];
      targetTracker(cluster, opts.pods, opts.containers, { added: (t) => added.push(t), removed: () => undefined }).upsert(POD);
      const [target] = added;
      assert.ok(target, "the pod's container is a target");
      assert.deepEqual(target.cluster, { name: 'prod' });
      assertNoCredentials(target, 'the Target');

      const lines: LogLine[] = [];
      const failures: string[] = [];
      const tail = startTail(target, {
        logs: { ...opts.logs, follow: false, timestamps: true },
        client: logClient(cluster),
        queue: streamQueue(5, () => undefined),
        emit: (l) => lines.push(l) > 0,
        whenDrained: () => undefined,
        running: () => true,
        failed: (_, error) => failures.push(describeError(error)),
        recovered: () => undefined,
      });
      await tail.done;
      assert.deepEqual(failures, []);
      assert.deepEqual(
        lines.map((l) => l.message),
        ['hello'],
      );
      // the credentials did reach the server: through the client, not the record
      assert.deepEqual(auth, [`Bearer ${TOKEN}`]);
      assertNoCredentials(lines[0], 'the LogLine');
    } finally {
      server.close();
    }
  },
);
