// The run's one cancellation root reaches tails that are finishing: a catch-up read (what a
// restarted container wrote last) stops when the run aborts, instead of reading on after
// shutdown. A stub server holds the catch-up read open so the moment can be chosen; on the
// real clusters the read ends in milliseconds.
import { createServer, type ServerResponse } from 'node:http';
import { test } from 'node:test';
import { logClient } from '../../src/tail/logRequest.js';
import { startTail } from '../../src/tail/tailer.js';
import { streamQueue } from '../../src/tail/streamQueue.js';
import { stubTarget } from './stubTarget.js';

test('aborting the run stops a tail in its catch-up read and closes that stream', { timeout: 10_000 }, async () => {
  let catchUp: ServerResponse | undefined;
  let caughtUp: () => void = () => undefined;
  const catchUpOpen = new Promise<void>((r) => (caughtUp = r));
  const server = createServer((req, res) => {
    res.writeHead(200);
    res.write('2026-11-23T10:00:01.000000001Z line\n');
    if (!req.url?.includes('follow=true')) {
      catchUp = res;
      caughtUp();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  const { cluster, target: t } = stubTarget(`http://127.0.0.1:${port}`, { skipTLSVerify: true });
  const root = new AbortController();
  let printed = 0;
  const tail = startTail(t, {
    logs: { follow: true, tailLines: -1, previous: false, insecureSkipTLSVerifyBackend: false, timestamps: false },
    client: logClient(cluster),
    queue: streamQueue(5, () => undefined),
    emit: () => {
      printed++;
      return true;
    },
    whenDrained: () => undefined,
    signal: root.signal,
    running: () => true,
    failed: () => undefined,
    recovered: () => undefined,
  });
  try {
    while (!printed) await new Promise((r) => setTimeout(r, 20));
    tail.finish(true);
    await catchUpOpen;
    const closed = new Promise((r) => catchUp?.once('close', r));
    root.abort();
    await tail.done;
    await closed;
  } finally {
    server.closeAllConnections();
    server.close();
  }
});
