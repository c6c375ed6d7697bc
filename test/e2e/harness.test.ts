// Proves the local cluster harness is real: every check goes through a kube-apiserver and
// kwok's kubelet log server (via @kubernetes/client-node), never through a mock.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, test } from 'node:test';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { CoreV1Api, KubeConfig, Log } from '@kubernetes/client-node';
import { timestampNanos } from '../../src/shared/time.js';
import {
  appendLines,
  CLUSTERS,
  clusterPaths,
  componentRunning,
  createPod,
  deletePod,
  emit,
  logFileOf,
  restartContainer,
  rotateLog,
  seq,
  startComponent,
  stopComponent,
  uniqueNamespace,
  up,
} from './harness.js';

const APP = 'app';
const TEST = { timeout: 30_000 };

// ---------------------------------------------------------------- helpers

function kubeconfig(cluster: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(clusterPaths(cluster).kubeconfig);
  return kc;
}

const core = (cluster: string) => kubeconfig(cluster).makeApiClient(CoreV1Api);

function refOf(ref: string): { namespace: string; name: string } {
  const [namespace = '', name = ''] = ref.split('/');
  return { namespace, name };
}

const toLines = (text: string) => (text === '' ? [] : text.replace(/\n$/, '').split('\n'));

/** The container's log as the apiserver serves it (`kubectl logs`). */
async function readLog(cluster: string, ref: string, opts: { previous?: boolean } = {}): Promise<string[]> {
  return toLines(await core(cluster).readNamespacedPodLog({ ...refOf(ref), container: APP, ...opts }));
}

/** Messages of a CRI log file on disk, in order. */
function criMessages(file: string): string[] {
  return toLines(readFileSync(file, 'utf8')).map((l) => {
    const m = /^\S+ (?:stdout|stderr) [FP] (.*)$/.exec(l);
    assert.ok(m, `not a CRI line in ${file}: ${JSON.stringify(l)}`);
    return m[1] ?? '';
  });
}

/** Retries `check` (which throws/asserts) until it passes or the time is up. */
async function eventually<T>(check: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
    }
    await sleep(100);
  }
}

const statusOf = async (cluster: string, ref: string) =>
  (await core(cluster).readNamespacedPod(refOf(ref))).status?.containerStatuses?.find((s) => s.name === APP);

interface FollowStream {
  lines: string[];
  /** the server ended the response (the stream did not survive) */
  ended: boolean;
  waitFor(pred: (lines: string[]) => boolean, what: string, timeoutMs?: number): Promise<void>;
  /** resolves once no new line has arrived for `ms` */
  quiet(ms?: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens ONE follow stream (`kubectl logs -f`) on the pod's app container. The kubelet (kwok)
 * only sends the response headers with the first log byte, so `Log.log()` does not resolve
 * on an empty log: a marker line is emitted first and awaited, after which the stream is
 * known to be open and at the end of the file.
 */
async function follow(cluster: string, ref: string): Promise<FollowStream> {
  let partial = '';
  let lastArrival = Date.now();
  const s: FollowStream = {
    lines: [],
    ended: false,
    async waitFor(pred, what, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (!pred(s.lines)) {
        if (Date.now() > deadline || s.ended) {
          throw new Error(
            `follow stream: ${s.ended ? 'ended' : 'timed out'} waiting for ${what}; got ${s.lines.length} lines, last: ${s.lines.slice(-5).join(' ')}`,
          );
        }
        await sleep(20);
      }
    },
    async quiet(ms = 1000) {
      while (Date.now() - lastArrival < ms) await sleep(50);
    },
    close: async () => (await controller).abort(),
  };
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      const parts = (partial + chunk.toString('utf8')).split('\n');
      partial = parts.pop() ?? '';
      s.lines.push(...parts);
      lastArrival = Date.now();
      done();
    },
  });
  sink.on('finish', () => (s.ended = true));
  await emit(cluster, ref, APP, { count: 1, text: 'follow-open-' });
  const { namespace, name } = refOf(ref);
  const controller = new Log(kubeconfig(cluster)).log(namespace, name, APP, sink, { follow: true });
  await controller;
  await s
    .waitFor((l) => l.includes('follow-open-1'), 'the marker line')
    .catch(async (err: unknown) => {
      await s.close();
      throw err;
    });
  return s;
}

const linesWith = (lines: string[], prefix: string) => lines.filter((l) => l.startsWith(prefix));

/** Starts `count` lines, rotates the log mid-way (when `rotateWhen` resolves), returns what the one follow stream and the files hold. */
async function rotateDuringEmit(
  cluster: string,
  ref: string,
  count: number,
  rate: number | undefined,
  rotateWhen: (s: FollowStream) => Promise<void>,
) {
  const s = await follow(cluster, ref);
  try {
    let emitDone = false;
    const emitting = emit(cluster, ref, APP, { count, text: 'F', rate }).then(() => (emitDone = true));
    await rotateWhen(s);
    const rotated = await rotateLog(cluster, ref, APP);
    const rotatedMidEmit = !emitDone;
    await emitting;
    await s.quiet(1500);
    const delivered = linesWith(s.lines, 'F');
    const inRotated = linesWith(criMessages(rotated), 'F');
    const inLive = linesWith(criMessages(await logFileOf(cluster, ref, APP)), 'F');
    // the same stream still follows the new file afterwards
    await emit(cluster, ref, APP, { count: 3, text: 'C' });
    await s.waitFor((l) => linesWith(l, 'C').length === 3, 'C1..C3 after the rotation');
    return { delivered, inRotated, inLive, rotatedMidEmit, ended: s.ended };
  } finally {
    await s.close();
  }
}

before(
  async () => {
    await up(3); // throws (failing every test) if the clusters cannot start
  },
  { timeout: 300_000 },
);

// ---------------------------------------------------------------- tests

test('emit → readNamespacedPodLog returns the exact lines, in each of the 3 clusters', TEST, async () => {
  const ns = uniqueNamespace('h-read');
  await Promise.all(
    CLUSTERS.map(async (cluster) => {
      await createPod(cluster, `${ns}/p`);
      await emit(cluster, `${ns}/p`, APP, { count: 50, text: `${cluster}-` });
      assert.deepEqual(await readLog(cluster, `${ns}/p`), seq(`${cluster}-`, 50));
    }),
  );
});

test('a follow stream opened before appending delivers the appended lines', TEST, async () => {
  const [cluster = ''] = CLUSTERS;
  const ref = `${uniqueNamespace('h-follow')}/p`;
  await createPod(cluster, ref);
  const s = await follow(cluster, ref);
  try {
    await emit(cluster, ref, APP, { count: 20, text: 'live-' });
    await s.waitFor((l) => linesWith(l, 'live-').length >= 20, 'live-1..20');
    assert.deepEqual(s.lines, ['follow-open-1', ...seq('live-', 20)]);
    assert.equal(s.ended, false);
  } finally {
    await s.close();
  }
});

test('restartContainer: old lines under previous, new lines current, restartCount 1 and a new containerID', TEST, async () => {
  const [, cluster = ''] = CLUSTERS;
  const ref = `${uniqueNamespace('h-restart')}/p`;
  await createPod(cluster, ref);
  await emit(cluster, ref, APP, { count: 5, text: 'before-' });
  const old = await statusOf(cluster, ref);
  assert.match(old?.containerID ?? '', /^containerd:\/\/[0-9a-f]{64}$/);
  assert.equal(old?.restartCount, 0);

  await restartContainer(cluster, ref, APP);
  await emit(cluster, ref, APP, { count: 5, text: 'after-' });

  await eventually(async () => assert.deepEqual(await readLog(cluster, ref, { previous: true }), seq('before-', 5)));
  await eventually(async () => assert.deepEqual(await readLog(cluster, ref), seq('after-', 5)));
  const now = await statusOf(cluster, ref);
  assert.equal(now?.restartCount, 1);
  assert.match(now?.containerID ?? '', /^containerd:\/\/[0-9a-f]{64}$/);
  assert.notEqual(now?.containerID, old?.containerID);
  assert.equal(now?.lastState?.terminated?.containerID, old?.containerID);
});

test('stopComponent/startComponent apiserver: logs of a pod made before the stop are served again', TEST, async () => {
  const cluster = CLUSTERS[2] ?? '';
  const ref = `${uniqueNamespace('h-apiserver')}/p`;
  const files = await createPod(cluster, ref);
  await emit(cluster, ref, APP, { count: 3, text: 'before-' });
  try {
    await stopComponent(cluster, 'apiserver');
    assert.equal(componentRunning(cluster, 'apiserver'), false);
    await assert.rejects(readLog(cluster, ref), 'the apiserver is really down');
    // `emit` needs the apiserver (it looks the file up); the runtime keeps writing without it
    await appendLines(files[APP] ?? '', { count: 2, text: 'during-' });
  } finally {
    await startComponent(cluster, 'apiserver');
  }
  assert.equal(componentRunning(cluster, 'apiserver'), true);
  await eventually(async () => assert.deepEqual(await readLog(cluster, ref), [...seq('before-', 3), ...seq('during-', 2)]));
  // new pods are usable at once after the restart (the harness resyncs kwok)
  await createPod(cluster, `${ref}-after`);
});

test('rotateLog: the same follow stream keeps going into the new file', TEST, async () => {
  const [cluster = ''] = CLUSTERS;
  const ref = `${uniqueNamespace('h-rotate')}/p`;
  await createPod(cluster, ref);
  const s = await follow(cluster, ref);
  try {
    await emit(cluster, ref, APP, { count: 5, text: 'A' });
    await s.waitFor((l) => l.includes('A5'), 'A1..A5');
    const rotated = await rotateLog(cluster, ref, APP);
    await emit(cluster, ref, APP, { count: 5, text: 'B' });
    await s.waitFor((l) => l.includes('B5'), 'B1..B5 after the rotation');
    assert.deepEqual(s.lines, ['follow-open-1', ...seq('A', 5), ...seq('B', 5)]);
    assert.equal(s.ended, false, 'the stream survives the rotation');
    assert.deepEqual(criMessages(rotated), ['follow-open-1', ...seq('A', 5)]);
    assert.deepEqual(await readLog(cluster, ref), seq('B', 5), 'a plain read only sees the new file');
  } finally {
    await s.close();
  }
});

// `emit` reopens the log by path for every batch, as a runtime reopens its log after the
// kubelet renamed it: lines before the rotation land in the rotated file, later ones in the
// new file. The kubelet's follow reader finishes the old file before it switches (it reads
// to EOF before taking the next inotify event), so one follow stream loses nothing.
test(
  'rotateLog during a paced fast emit (2000 lines at 5000/s, rotated after F500 arrived): one stream gets every line',
  TEST,
  async (t) => {
    const [, cluster = ''] = CLUSTERS;
    const ref = `${uniqueNamespace('h-rotfast')}/p`;
    await createPod(cluster, ref);
    const r = await rotateDuringEmit(cluster, ref, 2000, 5000, (s) => s.waitFor((l) => l.includes('F500'), 'F500'));
    t.diagnostic(`follow stream delivered ${r.delivered.length}/2000; rotated file ${r.inRotated.length}, new file ${r.inLive.length}`);
    assert.equal(r.rotatedMidEmit, true, 'the rotation happened while the emit was writing');
    assert.ok(
      r.inRotated.length >= 500 && r.inLive.length > 0,
      `both files hold part of the lines (${r.inRotated.length} + ${r.inLive.length})`,
    );
    assert.deepEqual([...r.inRotated, ...r.inLive], seq('F', 2000), 'rotated file + new file hold all 2000 lines, in order');
    assert.deepEqual(r.delivered, seq('F', 2000), 'the follow stream delivered every line, in order');
    assert.equal(r.ended, false, 'the stream itself survived');
  },
);

test('rotateLog racing an unpaced emit of 2000 lines: one stream gets every line', TEST, async (t) => {
  const [, , cluster = ''] = CLUSTERS;
  const ref = `${uniqueNamespace('h-rotrace')}/p`;
  await createPod(cluster, ref);
  const r = await rotateDuringEmit(cluster, ref, 2000, undefined, async () => undefined);
  t.diagnostic(
    `follow stream delivered ${r.delivered.length}/2000; rotated file ${r.inRotated.length}, new file ${r.inLive.length}; emit still running at rotation: ${r.rotatedMidEmit}`,
  );
  assert.deepEqual([...r.inRotated, ...r.inLive], seq('F', 2000), 'rotated file + new file hold all 2000 lines, in order');
  assert.deepEqual(r.delivered, seq('F', 2000), 'the follow stream delivered every line, in order');
  assert.equal(r.ended, false, 'the stream itself survived');
});

test('deletePod: the pod is gone (404) afterwards', TEST, async () => {
  const [cluster = ''] = CLUSTERS;
  const ref = `${uniqueNamespace('h-delete')}/p`;
  await createPod(cluster, ref);
  await deletePod(cluster, ref);
  await assert.rejects(core(cluster).readNamespacedPod(refOf(ref)), (err: { code?: number }) => err.code === 404);
  await assert.rejects(readLog(cluster, ref), (err: { code?: number }) => err.code === 404);
});

test(
  'emit --streams stdout,stderr --skew: lines alternate, stderr stamped up to the skew before the stdout line written before it, some equal; all served in file order',
  TEST,
  async () => {
    const [cluster = ''] = CLUSTERS;
    const ref = `${uniqueNamespace('h-skew')}/p`;
    const files = await createPod(cluster, ref);
    await emit(cluster, ref, APP, { count: 200, text: 's-', streams: ['stdout', 'stderr'], skewMs: 500 });
    const records = readFileSync(files[APP] ?? '', 'utf8')
      .trim()
      .split('\n')
      .map((l) => {
        const [ts = '', stream = '', , text = ''] = l.split(' ');
        return { ns: timestampNanos(ts), stream, text };
      });
    assert.deepEqual(
      records.map((r) => r.stream),
      seq('', 200).map((_, i) => ((i + 1) % 2 ? 'stderr' : 'stdout')),
    );
    for (const stream of ['stdout', 'stderr']) {
      const own = records.filter((r) => r.stream === stream).map((r) => r.ns);
      assert.ok(
        own.every((ns, i) => i === 0 || ns > (own[i - 1] ?? 0n)),
        `${stream} timestamps increase`,
      );
    }
    const older = records.filter((r, i) => i > 0 && r.ns < (records[i - 1]?.ns ?? 0n));
    const equal = records.filter((r, i) => i > 0 && r.ns === records[i - 1]?.ns);
    assert.ok(older.length > 0 && equal.length > 0, `out of order: ${older.length}, equal: ${equal.length}`);
    assert.ok(
      records.every((r, i) => i === 0 || (records[i - 1]?.ns ?? 0n) - r.ns <= 500_000_000n),
      'never more than the skew',
    );
    assert.deepEqual(await readLog(cluster, ref), seq('s-', 200), 'the kubelet serves them in file order');
  },
);

// ---------------------------------------------------------------- hygiene

test(
  "two `up` at once start one etcd (the lock: test/unit/upLock.test.ts); `down` leaves no kubeconfig in env's directory",
  { timeout: 180_000 },
  async () => {
    // a state directory and ports of its own, so the clusters the other tests use are not touched;
    // below the kernel's ephemeral range (32768–60999), where a connection of another test could hold one
    const { spawn, spawnSync } = await import('node:child_process');
    const { mkdtempSync, readdirSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'ktail-hygiene-'));
    const env = { ...process.env, KTAIL_DEV_DIR: dir, KTAIL_DEV_PORT_BASE: '30500' };
    const cli = ['--import', 'tsx', new URL('../../scripts/devcluster/cli.ts', import.meta.url).pathname];
    // what each command said on stderr, for the failure message: the state directory (and the
    // daemons' logs in it) is gone by the time anyone reads it
    const said: string[] = [];
    const devcluster = (...args: string[]) =>
      new Promise<number | null>((resolve) => {
        const child = spawn(process.execPath, [...cli, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
        let err = '';
        child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
        child.on('close', (code) => {
          said.push(`devcluster ${args.join(' ')} → ${code}:\n${err}`);
          resolve(code);
        });
      });
    const etcds = () =>
      (spawnSync('pgrep', ['-f', '--', `--data-dir=${dir}/ktail-dev-1/etcd-data`], { encoding: 'utf8' }).stdout.match(/\d+/g) ?? []).length;
    try {
      assert.deepEqual(
        await Promise.all([devcluster('up', '--clusters', '1'), devcluster('up', '--clusters', '1')]),
        [0, 0],
        said.join('\n'),
      );
      assert.equal(etcds(), 1, 'one etcd for ktail-dev-1');
      assert.deepEqual(readdirSync(join(dir, 'kube')), ['ktail-dev-1']);
    } finally {
      assert.equal(await devcluster('down'), 0, said.join('\n'));
    }
    assert.equal(etcds(), 0);
    assert.deepEqual(readdirSync(join(dir, 'kube')), [], 'no kubeconfig of a stopped cluster');
  },
);

test(
  '`devcluster blackhole`: a kubeconfig for a server that accepts and never answers; Ctrl-C removes it',
  { timeout: 60_000 },
  async () => {
    const { spawn } = await import('node:child_process');
    const { existsSync, mkdtempSync } = await import('node:fs');
    const { connect } = await import('node:net');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'ktail-blackhole-'));
    const cli = new URL('../../scripts/devcluster/cli.ts', import.meta.url).pathname;
    const child = spawn(process.execPath, ['--import', 'tsx', cli, 'blackhole', '--dir', dir, '--name', 'silent'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      const file = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('\n')) resolve(out.trim());
        });
        child.once('close', () => reject(new Error(`blackhole exited before printing its kubeconfig: ${out}`)));
      });
      assert.equal(file, join(dir, 'silent'));
      const config = new KubeConfig();
      config.loadFromFile(file);
      assert.equal(config.getCurrentContext(), 'silent');
      const server = new URL(config.getCurrentCluster()?.server ?? '');
      assert.equal(server.hostname, '127.0.0.1');
      // it accepts the connection and then says nothing, not even to a TLS hello
      const received = await new Promise<number>((resolve, reject) => {
        let bytes = 0;
        const s = connect(Number(server.port), '127.0.0.1', () => s.write('\x16\x03\x01\x00\x05hello'));
        s.on('data', (d) => (bytes += d.length))
          .on('error', reject)
          .on('close', () => resolve(bytes));
        setTimeout(() => s.destroy(), 1500);
      });
      assert.equal(received, 0);
    } finally {
      child.kill('SIGINT');
    }
    assert.equal(await exited, 0);
    assert.equal(existsSync(join(dir, 'silent')), false, 'its kubeconfig is gone');
  },
);
