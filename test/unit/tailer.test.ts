// The kubelet answers 200 and then, when it shuts down mid-stream, writes its error
// ("context cancelled") into the body. A stub apiserver replays that byte for byte: the
// real kwok does it only when the shutdown races the stream, too rarely to test on.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { test } from 'node:test';
import { describeError } from '../../src/shared/errors.js';
import { logClient } from '../../src/tail/logRequest.js';
import { startTail } from '../../src/tail/tailer.js';
import { streamQueue } from '../../src/tail/streamQueue.js';
import { stubTarget } from './stubTarget.js';

test(
  'an error the kubelet writes into a stream is not a log line, and the resumed stream repeats nothing',
  { timeout: 10_000 },
  async () => {
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
    const { cluster, target: t } = stubTarget(`http://127.0.0.1:${port}`, { skipTLSVerify: true });
    const printed: string[] = [];
    const failures: string[] = [];
    let gotThree: () => void = () => undefined;
    const three = new Promise<void>((r) => (gotThree = r));
    const tail = startTail(t, {
      logs: { follow: true, tailLines: -1, previous: false, insecureSkipTLSVerifyBackend: false, timestamps: false },
      client: logClient(cluster),
      queue: streamQueue(5, () => undefined),
      emit: (l) => {
        printed.push(l.message);
        if (l.message === 'three') gotThree();
        return true;
      },
      whenDrained: () => undefined,
      running: () => true,
      failed: (_, error) => failures.push(describeError(error)),
      recovered: () => undefined,
    });
    try {
      await three;
      assert.deepEqual(printed, ['one', 'two', 'three']);
      assert.deepEqual(failures, ['context cancelled']);
      assert.equal(queries[1]?.get('sinceTime'), ts(0), 'RESUME_WINDOW_MS (2 s) before the newest line printed');
    } finally {
      tail.stop();
      server.closeAllConnections();
      server.close();
      await tail.done;
    }
  },
);

test('a line without a timestamp in the middle of a stream is printed, not taken for an error', { timeout: 10_000 }, async () => {
  const server = createServer((_req, res) => {
    res.writeHead(200);
    res.end('2026-11-23T10:00:01.000000001Z one\nno timestamp here\n2026-11-23T10:00:02.000000001Z two\n');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  const { cluster, target: t } = stubTarget(`http://127.0.0.1:${port}`, { skipTLSVerify: true });
  const printed: string[] = [];
  const failures: string[] = [];
  const tail = startTail(t, {
    logs: { follow: false, tailLines: -1, previous: false, insecureSkipTLSVerifyBackend: false, timestamps: true },
    client: logClient(cluster),
    queue: streamQueue(5, () => undefined),
    emit: (l) => printed.push(l.message) > 0,
    whenDrained: () => undefined,
    running: () => true,
    failed: (_, error) => failures.push(describeError(error)),
    recovered: () => undefined,
  });
  try {
    await tail.done;
    assert.deepEqual(printed, ['one', 'no timestamp here', 'two']);
    assert.deepEqual(failures, []);
  } finally {
    server.close();
  }
});
