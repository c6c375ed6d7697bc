// --request-timeout on each kind of request. A stub listener because the e2e blackhole only
// ever reaches the pod list (a list that never answers is retried before any watch or log
// stream is opened): here a watch open and a log read meet a server that never answers,
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

test('a log read (no follow) that gets no answer rejects with "no answer in 300ms"', { timeout: 20_000 }, async () => {
  const { cluster, target: t } = stubTarget(url, { skipTLSVerify: true });
  const client = logClient(cluster, gate());
  try {
    await assert.rejects(
      client.open(t, { follow: false, timestamps: false }, new AbortController().signal),
      (err: unknown) => err instanceof NoAnswer && err.message === 'no answer in 300ms',
    );
  } finally {
    client.close();
  }
});

// The kubelet sends a follow stream's headers with its first line: a quiet container answers
// late, and that is not a cluster that stopped answering. A stub, because how long a real
// container stays quiet is not ours to choose in a test of this timeout.
test('a follow stream whose headers come with its first line, after the timeout, is not cut', { timeout: 20_000 }, async () => {
  const { createServer: httpServer } = await import('node:http');
  const quiet = httpServer((_req, res) => {
    setTimeout(() => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('2026-12-02T00:00:00.000000000Z first\n');
    }, 900);
  });
  await new Promise<void>((resolve) => quiet.listen(0, '127.0.0.1', resolve));
  const { cluster, target: t } = stubTarget(`http://127.0.0.1:${(quiet.address() as { port: number }).port}`, { skipTLSVerify: true });
  const client = logClient(cluster, gate());
  try {
    const body = await client.open(t, { follow: true, timestamps: true }, new AbortController().signal);
    let text = '';
    for await (const chunk of body) text += String(chunk);
    assert.equal(text, '2026-12-02T00:00:00.000000000Z first\n');
  } finally {
    client.close();
    quiet.close();
  }
});
