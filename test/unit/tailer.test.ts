// The kubelet answers 200 and then, when it shuts down mid-stream, writes its error
// ("context cancelled") into the body. A stub apiserver replays that byte for byte: the
// real kwok does it only when the shutdown races the stream, too rarely to test on.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { test } from 'node:test';
import { KubeConfig } from '@kubernetes/client-node';
import { logClient } from '../../src/tail/logRequest.js';
import { startTail } from '../../src/tail/tailer.js';
import { streamQueue } from '../../src/tail/streamQueue.js';
import type { Target } from '../../src/target.js';

test('an error the kubelet writes into a stream is not a log line, and the resumed stream repeats nothing', { timeout: 10_000 }, async () => {
  const ts = (s: number) => `2026-11-23T10:00:0${s}.000000001Z`;
  const queries: URLSearchParams[] = [];
  const server = createServer((req, res) => {
    const q = new URL(req.url ?? '', 'http://x').searchParams;
    queries.push(q);
    res.writeHead(200);
    if (queries.length === 1) res.end(`${ts(1)} one\n${ts(2)} two\ncontext cancelled`);
    else res.write(`${ts(1)} one\n${ts(2)} two\n${ts(3)} three\n`); // sinceTime is whole seconds: repeats
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  const kc = new KubeConfig();
  kc.loadFromOptions({ clusters: [{ name: 'c', server: `http://127.0.0.1:${port}`, skipTLSVerify: true }], users: [{ name: 'u' }], contexts: [{ name: 'c', cluster: 'c', user: 'u' }], currentContext: 'c' });
  const t: Target = {
    cluster: { name: 'c', context: 'c', file: '', server: `http://127.0.0.1:${port}`, namespace: 'default', kc },
    namespace: 'ns', pod: 'p', podUid: 'u', container: 'app', kind: 'container', containerId: 'x', nodeName: 'n', labels: {},
  };
  const printed: string[] = [];
  const failures: string[] = [];
  let gotThree: () => void = () => undefined;
  const three = new Promise<void>((r) => (gotThree = r));
  const tail = startTail(t, {
    logs: { follow: true, tailLines: -1, previous: false, insecureSkipTLSVerifyBackend: false, timestamps: false },
    client: logClient(t.cluster),
    queue: streamQueue(5, () => undefined),
    emit: (l) => {
      printed.push(l.message);
      if (l.message === 'three') gotThree();
      return true;
    },
    whenDrained: () => undefined,
    running: () => true,
    failed: (_, reason) => failures.push(reason),
    recovered: () => undefined,
  });
  try {
    await three;
    assert.deepEqual(printed, ['one', 'two', 'three']);
    assert.deepEqual(failures, ['context cancelled']);
    assert.equal(queries[1]?.get('sinceTime'), ts(2));
  } finally {
    tail.stop();
    server.closeAllConnections();
    server.close();
    await tail.done;
  }
});
