// Stub TLS servers stand in for edge cases the local kube-apiservers never show: a smaller
// stream limit than 1,000, and a server without HTTP/2. Also for what kube-apiserver cannot
// be made to do on demand: send a GOAWAY while streams stay open, answer 401 to one
// connection's credentials but not another's, or accept a connection and never answer.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createSecureServer, type ClientHttp2Stream, type ServerHttp2Stream } from 'node:http2';
import { createServer } from 'node:https';
import { connect, createServer as createTcpServer, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { http2Sessions } from '../../src/api/http2Sessions.js';
import { logClient } from '../../src/tail/logRequest.js';
import { stubTarget } from './stubTarget.js';

let dir = '';
let tls: { key: Buffer; cert: Buffer };

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'ktail-h2-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  tls = { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
});
after(() => rmSync(dir, { recursive: true, force: true }));

const listen = async (server: { listen(port: number, host: string, cb: () => void): unknown; address(): unknown }) => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as { port: number }).port;
};

/**
 * An HTTP/2 server that answers every stream with `open\n` (then `onStream`), reached through
 * a relay that can stop forwarding without closing anything, like a network partition.
 */
async function partitionable(onStream: (stream: ServerHttp2Stream) => void = () => undefined) {
  const server = createSecureServer(tls);
  server.on('stream', (stream) => {
    stream.respond({ ':status': 200 });
    stream.write('open\n');
    onStream(stream);
  });
  const serverPort = await listen(server);
  const sockets: Socket[] = [];
  const relay = createTcpServer((client) => {
    const upstream = connect(serverPort, '127.0.0.1');
    client.pipe(upstream).pipe(client);
    sockets.push(client, upstream);
  });
  const port = await listen(relay);
  return {
    origin: `https://127.0.0.1:${port}`,
    partition: () => sockets.forEach((s) => s.unpipe()),
    close() {
      for (const s of sockets) s.destroy();
      relay.close();
      server.close();
    },
  };
}

/** how `stream` ended: its error's message, or `closed without an error` */
const endOf = (stream: ClientHttp2Stream) =>
  new Promise<string>((r) => stream.on('error', (e: Error) => r(e.message)).on('close', () => r('closed without an error')));

const PING_TIMEOUT = /^the apiserver stopped answering \(HTTP\/2 ping timed out\)$/;

test("streams beyond the server's limit go over another connection, never over the limit", { timeout: 10_000 }, async () => {
  const open: ServerHttp2Stream[] = [];
  const sessions = new Set<unknown>();
  let refused = 0;
  const server = createSecureServer({ ...tls, settings: { maxConcurrentStreams: 5 } });
  server.on('stream', (stream) => {
    sessions.add(stream.session);
    stream.respond({ ':status': 200 });
    stream.write('open\n');
    open.push(stream);
  });
  server.on('session', (s) => s.on('frameError', () => refused++));
  const port = await listen(server);
  const pool = http2Sessions(`https://127.0.0.1:${port}`, async () => ({ ca: tls.cert }));
  try {
    const streams = await Promise.all(Array.from({ length: 12 }, () => pool.request('/', {}, new AbortController().signal)));
    const firstLines = await Promise.all(streams.map((s) => new Promise<string>((r) => s.once('data', (d: Buffer) => r(d.toString())))));
    assert.deepEqual(firstLines, Array(12).fill('open\n'));
    assert.equal(open.length, 12);
    assert.equal(sessions.size, 3);
    assert.equal(refused, 0);
  } finally {
    pool.close();
    for (const s of open) s.close();
    server.close();
  }
});

test('a server without HTTP/2 is asked over HTTP/1.1', async () => {
  const server = createServer(tls, (req, res) =>
    res.end(`${req.url?.includes('follow=true') ? 'followed' : 'no'} over HTTP/${req.httpVersion}\n`),
  );
  const port = await listen(server);
  const { cluster, target: t } = stubTarget(`https://127.0.0.1:${port}`, { caData: tls.cert.toString('base64') });
  const client = logClient(cluster);
  try {
    for (let i = 0; i < 2; i++) {
      const body = await client.open(t, { follow: true, timestamps: true }, new AbortController().signal);
      let text = '';
      for await (const chunk of body) text += String(chunk);
      assert.equal(text, 'followed over HTTP/1.1\n');
    }
  } finally {
    client.close();
    server.close();
  }
});

test(
  'a connection that goes silent (no FIN, no answer to pings) ends its streams with the ping timeout, so they can resume',
  { timeout: 10_000 },
  async () => {
    const stub = await partitionable();
    const pool = http2Sessions(stub.origin, async () => ({ ca: tls.cert }), { everyMs: 100, timeoutMs: 300 });
    try {
      const stream = await pool.request('/', {}, new AbortController().signal);
      await new Promise((r) => stream.once('data', r));
      const ended = endOf(stream);
      stub.partition();
      assert.match(await ended, PING_TIMEOUT);
    } finally {
      pool.close();
      stub.close();
    }
  },
);

test(
  "a connection closed before the server's settings fails its requests instead of leaving them waiting",
  { timeout: 10_000 },
  async () => {
    const server = createTlsServer({ ...tls, ALPNProtocols: ['h2'] }, (socket) => socket.end());
    const port = await listen(server);
    const pool = http2Sessions(`https://127.0.0.1:${port}`, async () => ({ ca: tls.cert }));
    try {
      await assert.rejects(
        pool.request('/', {}, new AbortController().signal),
        /^Error: the HTTP\/2 connection to https:\/\/127\.0\.0\.1:\d+ closed$/,
      );
    } finally {
      pool.close();
      server.close();
    }
  },
);

test('a stream closed before its response fails the log request instead of leaving it waiting', { timeout: 10_000 }, async () => {
  const server = createSecureServer(tls);
  server.on('stream', (stream) => stream.session?.destroy());
  const port = await listen(server);
  const { cluster, target: t } = stubTarget(`https://127.0.0.1:${port}`, { caData: tls.cert.toString('base64') });
  const client = logClient(cluster);
  try {
    await assert.rejects(
      client.open(t, { follow: true, timestamps: true }, new AbortController().signal),
      /the stream closed before the apiserver answered/,
    );
  } finally {
    client.close();
    server.close();
  }
});

test(
  'a connection that got GOAWAY keeps pinging its open streams: a partition after it still ends them with the ping timeout',
  { timeout: 10_000 },
  async () => {
    const stub = await partitionable((stream) => {
      // graceful shutdown: no new streams, but this one stays open
      stream.session?.goaway(0, stream.id);
      stream.write('after goaway\n');
    });
    const pool = http2Sessions(stub.origin, async () => ({ ca: tls.cert }), { everyMs: 100, timeoutMs: 300 });
    try {
      const stream = await pool.request('/', {}, new AbortController().signal);
      // frames arrive in order: this line comes after the GOAWAY
      let text = '';
      await new Promise<void>((r) => stream.on('data', (d: Buffer) => (text += String(d)).includes('after goaway') && r()));
      const ended = endOf(stream);
      stub.partition();
      assert.match(await ended, PING_TIMEOUT);
    } finally {
      pool.close();
      stub.close();
    }
  },
);

test('a 401 retires the connections opened with the old credentials, not one opened after the renewal', { timeout: 10_000 }, async () => {
  const sessions: unknown[] = [];
  const server = createSecureServer(tls);
  server.on('stream', (stream) => {
    if (!sessions.includes(stream.session)) sessions.push(stream.session);
    stream.respond({ ':status': 200 });
    stream.write('open\n');
  });
  const port = await listen(server);
  const pool = http2Sessions(`https://127.0.0.1:${port}`, async () => ({ ca: tls.cert }));
  const streams: ClientHttp2Stream[] = [];
  // a request counts once the server answered it
  const req = async () => {
    const stream = await pool.request('/', {}, new AbortController().signal);
    streams.push(stream.on('error', () => undefined));
    await new Promise((r) => stream.once('data', r));
    return stream;
  };
  try {
    // two requests in flight on the first connection; both come back 401
    const [first, late] = await Promise.all([req(), req()]);
    pool.retire(first);
    const renewed = await req();
    assert.notEqual(renewed.session, first.session);
    // the second 401 arrives after the renewal: the new connection stays in use
    pool.retire(late);
    const next = await req();
    assert.equal(next.session, renewed.session);
    assert.equal(sessions.length, 2);
  } finally {
    for (const s of streams) s.destroy();
    pool.close();
    server.close();
  }
});

test('close() refuses new requests and cancels a connect in flight', { timeout: 10_000 }, async () => {
  // accepts TCP and never answers the TLS handshake (like a cluster behind a dead VPN)
  const accepted: Socket[] = [];
  const silent = createTcpServer((socket) => accepted.push(socket.resume()));
  const port = await listen(silent);
  const pool = http2Sessions(`https://127.0.0.1:${port}`, async () => ({ ca: tls.cert }));
  try {
    const waiting = pool.request('/', {}, new AbortController().signal);
    while (!accepted.length) await new Promise((r) => setTimeout(r, 20));
    const socketClosed = new Promise((r) => accepted[0]?.once('close', r));
    pool.close();
    await assert.rejects(waiting, /ktail is stopping/);
    await socketClosed;
    await assert.rejects(pool.request('/', {}, new AbortController().signal), /ktail is stopping/);
    assert.equal(accepted.length, 1);
  } finally {
    for (const s of accepted) s.destroy();
    silent.close();
  }
});

// kube-apiserver flushes a follow stream after each line the kubelet writes; the stub does the
// same on demand (one DATA frame per line, each in its own turn of the event loop, so each
// reaches the socket on its own), which the clusters do only as fast as they happen to run.
test(
  'a stream flushed one line at a time arrives whole and in order, read in rests (fewer reads than frames), and a line sent while the socket rests still comes',
  { timeout: 10_000 },
  async () => {
    const LINES = 2000;
    const server = createSecureServer(tls);
    server.on('stream', (stream) => {
      stream.respond({ ':status': 200 });
      let i = 0;
      const next = () => {
        if (i === LINES) {
          // the reader rests after the last burst: this line lands while it is not reading
          stream.end('last\n');
          return;
        }
        stream.write(`line ${i++}\n`);
        setImmediate(next);
      };
      next();
    });
    const port = await listen(server);
    const pool = http2Sessions(`https://127.0.0.1:${port}`, async () => ({ ca: tls.cert }));
    try {
      const stream = await pool.request('/', {}, new AbortController().signal);
      // each frame is a chunk of its own, however many one read brought: count the turns of
      // the event loop that brought any
      let reads = 0;
      let inTurn = false;
      let text = '';
      stream.on('data', (d: Buffer) => {
        text += d.toString();
        if (inTurn) return;
        inTurn = true;
        reads++;
        setImmediate(() => (inTurn = false));
      });
      // a socket that never reads again would leave the stream waiting: fail, and close up
      const stalled = new Promise((_, reject) =>
        setTimeout(() => reject(new Error(`stalled after ${reads} reads: ${text.slice(-20)}`)), 5000).unref(),
      );
      await Promise.race([new Promise((r) => stream.once('end', r)), stalled]);
      const expected = Array.from({ length: LINES }, (_, i) => `line ${i}\n`).join('') + 'last\n';
      assert.equal(text, expected);
      assert.ok(reads < LINES / 4, `${reads} reads for ${LINES} frames`);
    } finally {
      pool.close();
      server.close();
    }
  },
);
