// --request-timeout on each kind of request. A stub listener because the e2e blackhole only
// ever reaches the pod list (a list that never answers is retried before any watch or log
// stream is opened): here a watch open and a log open meet a server that never answers,
// over plain HTTP (hence skipTLSVerify, which client-node demands for http:).
import assert from 'node:assert/strict';
import { createServer, type Socket } from 'node:net';
import { after, before, test } from 'node:test';
import { apiGate, gatedWatch } from '../../src/kubeconfig/apiGate.js';
import { NoAnswer } from '../../src/kubeconfig/deadline.js';
import { logClient } from '../../src/tail/logRequest.js';
import { stubTarget } from './stubTarget.js';

const sockets = new Set<Socket>();
const server = createServer((s) => void sockets.add(s.on('error', () => undefined)));
let url = '';

before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
after(() => {
  for (const s of sockets) s.destroy();
  server.close();
});

const gate = () => apiGate('c', { burst: 0, verbosity: 0, timeoutMs: 300 }, () => undefined);

test('a watch open that gets no answer ends with "no answer in 300ms"', { timeout: 20_000 }, async () => {
  const { cluster } = stubTarget(url, { skipTLSVerify: true });
  const why = await new Promise<unknown>((resolve, reject) => {
    gatedWatch(cluster.kc, gate())
      .watch('/api/v1/pods', {}, () => undefined, resolve)
      .catch(reject);
  });
  assert.ok(why instanceof NoAnswer, String(why));
  assert.equal(why.message, 'no answer in 300ms');
});

test('a log stream open that gets no answer rejects with "no answer in 300ms"', { timeout: 20_000 }, async () => {
  const { cluster, target: t } = stubTarget(url, { skipTLSVerify: true });
  const client = logClient(cluster, gate());
  try {
    await assert.rejects(
      client.open(t, { follow: true, timestamps: false }, new AbortController().signal),
      (err: unknown) => err instanceof NoAnswer && err.message === 'no answer in 300ms',
    );
  } finally {
    client.close();
  }
});
