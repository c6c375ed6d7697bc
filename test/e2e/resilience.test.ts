// Issue 6 acceptance: faults injected into real clusters while ktail follows. Every line is
// sequence-numbered; each test compares the exact multiset of lines printed with the lines
// written: 0 lost, 0 duplicated. The lines go to stdout and stderr in turn, stamped as
// containerd stamps them under load (issue 11): a stderr line can be up to SKEW_MS older than
// the stdout line written before it, and some share its timestamp exactly.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import {
  appendLines,
  CLUSTERS,
  clusterPaths,
  clusters,
  createPod,
  deletePod,
  emit,
  kubeHome,
  ktail,
  restartContainer,
  rotateLog,
  seq,
  startComponent,
  stopComponent,
  uniqueNamespace,
  type Component,
  type CriStream,
  type KtailRun,
} from './harness.js';

/** Skew between the two streams' timestamps, well inside what resuming tolerates (RESUME_WINDOW_MS, 2 s). */
const SKEW_MS = 500;
const SKEWED = { streams: ['stdout', 'stderr'] as CriStream[], skewMs: SKEW_MS };

const [C1 = '', , C3 = ''] = CLUSTERS;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Asserts the printed lines are exactly the expected ones: nothing missing, nothing twice. */
function assertExactly(printed: string[], expected: string[]): void {
  const counts = new Map<string, number>();
  for (const l of printed) counts.set(l, (counts.get(l) ?? 0) + 1);
  const missing = expected.filter((l) => !counts.has(l));
  const duplicated = [...counts].filter(([, n]) => n > 1).map(([l]) => l);
  const wanted = new Set(expected);
  const unexpected = printed.filter((l) => !wanted.has(l));
  assert.deepEqual(
    { lost: missing.length, duplicated: duplicated.length, unexpected: unexpected.length },
    { lost: 0, duplicated: 0, unexpected: 0 },
    `lost: ${missing.slice(0, 5).join(', ')} duplicated: ${duplicated.slice(0, 5).join(', ')} unexpected: ${unexpected.slice(0, 5).join(', ')}`,
  );
}

/**
 * Waits until as many lines as expected were printed, then a second more for any late
 * duplicate; ktail must then exit 0 having printed exactly the expected lines.
 */
async function expectExactly(run: KtailRun, expected: string[], timeoutMs: number, what = `${expected.length} lines`): Promise<void> {
  await run.waitFor((l) => l.length >= expected.length, timeoutMs, what);
  await sleep(1000);
  assert.equal(await run.stop(), 0);
  assertExactly(run.lines, expected);
}

/** Appends `prefix1..n` at `rate` lines/s straight to the file (the apiserver may be down). */
const writeLines = (file: string, prefix: string, count: number, rate: number, start = 1) =>
  appendLines(file, { count, rate, text: prefix, start, ...SKEWED });

/** A TCP relay to a cluster's apiserver that the test can cut: every connection through it drops at once. */
async function tcpRelay(cluster: string) {
  const { ports } = clusterPaths(cluster);
  const sockets = new Set<Socket>();
  const relay = createServer((client) => {
    const upstream = connect(ports.apiserver, '127.0.0.1');
    client.pipe(upstream).pipe(client);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => undefined).on('close', () => sockets.delete(s));
    }
  });
  await new Promise<void>((r) => relay.listen(0, '127.0.0.1', r));
  const port = (relay.address() as { port: number }).port;
  return {
    /** a kubeconfig in a fresh HOME that reaches the cluster through the relay */
    kubeconfig() {
      const home = kubeHome([cluster]);
      const file = join(home, '.kube', cluster);
      writeFileSync(file, readFileSync(file, 'utf8').replace(`127.0.0.1:${ports.apiserver}`, `127.0.0.1:${port}`));
      return { home, file };
    },
    cut: () => {
      for (const s of sockets) s.destroy();
    },
    close() {
      relay.close();
      for (const s of sockets) s.destroy();
    },
  };
}

/** ktail following one pod in one cluster (single kubeconfig, so lines are `pod container msg`). */
async function follow(cluster: string, ref: string, extra: string[] = []) {
  const [ns = '', pod = ''] = ref.split('/');
  const home = kubeHome([cluster]);
  const run = ktail(['--kubeconfig', join(home, '.kube', cluster), '-n', ns, `^${pod}$`, ...extra], { home });
  await emit(cluster, ref, 'app', { count: 1, text: 'ready-' });
  await run.waitFor((l) => l.includes(`${pod} app ready-1`), 30_000, 'the stream to open');
  return run;
}

async function componentOutage(component: Component, downMs: number) {
  const ns = uniqueNamespace(`fault-${component}`);
  const ref = `${ns}/p`;
  const files = await createPod(C3, ref);
  const run = await follow(C3, ref);
  const file = files.app ?? '';
  const writing = writeLines(file, 'x-', 600, 40); // 15 s of lines, before, during and after the outage
  await sleep(2000);
  await stopComponent(C3, component);
  await sleep(downMs);
  await startComponent(C3, component);
  await writing;
  const expected = ['p app ready-1', ...seq('p app x-', 600)];
  await expectExactly(run, expected, 60_000, `${expected.length} lines after the ${component} outage`);
}

before(async () => {
  await clusters();
});

describe('cluster faults while following', () => {
  test('apiserver stopped for 10 s and started: 0 lost, 0 duplicated', () => componentOutage('apiserver', 10_000));
  test('etcd stopped and started: 0 lost, 0 duplicated', () => componentOutage('etcd', 5000));
  test('kwok (the node) stopped and started: 0 lost, 0 duplicated', () => componentOutage('kwok', 5000));

  test('the log stream cut by the network while the container runs: 0 lost, 0 duplicated', async () => {
    // ktail talks to the apiserver through a TCP relay that the test cuts every second
    const relay = await tcpRelay(C1);
    try {
      const ns = uniqueNamespace('cut');
      const files = await createPod(C1, `${ns}/p`);
      const { home, file } = relay.kubeconfig();
      const run = ktail(['--kubeconfig', file, '-n', ns], { home });
      const writing = writeLines(files.app ?? '', 'cut-', 400, 50);
      for (let i = 0; i < 6; i++) {
        await sleep(1000);
        relay.cut();
      }
      await writing;
      await expectExactly(run, seq('p app cut-', 400), 60_000, '400 lines through the cuts');
    } finally {
      relay.close();
    }
  });

  test('one cluster unreachable at start and reachable later: its lines arrive, once', async () => {
    const ns = uniqueNamespace('late');
    const f1 = await createPod(C1, `${ns}/p`);
    const f3 = await createPod(C3, `${ns}/p`);
    await stopComponent(C3, 'apiserver');
    try {
      const run = ktail(['-m', '-n', ns, '--context', C1, '--context', C3], { home: kubeHome() });
      await writeLines(f1.app ?? '', 'one-', 5, 1000);
      await writeLines(f3.app ?? '', 'three-', 5, 1000);
      await run.waitFor((l) => l.includes(`${C1} p app one-5`), 30_000);
      await run.waitForStderr(new RegExp(`cluster ${C3}: .*connection refused`), 30_000);
      await startComponent(C3, 'apiserver');
      await writeLines(f3.app ?? '', 'three-', 5, 1000, 6);
      await run.waitFor((l) => l.includes(`${C3} p app three-10`), 60_000, "the late cluster's lines");
      await sleep(500);
      assert.equal(await run.stop(), 0);
      assertExactly(run.lines, [...seq(`${C1} p app one-`, 5), ...seq(`${C3} p app three-`, 10)]);
      assert.match(run.stderr(), new RegExp(`cluster ${C3}: connected again`));
    } finally {
      await startComponent(C3, 'apiserver');
    }
  });
});

describe('container and pod lifecycle', () => {
  test('container restarted twice in quick succession: every line of every instance once', async () => {
    const ns = uniqueNamespace('restart');
    const ref = `${ns}/p`;
    await createPod(C1, ref);
    const run = await follow(C1, ref);
    const expected = ['p app ready-1'];
    for (let i = 1; i <= 3; i++) {
      await emit(C1, ref, 'app', { count: 200, text: `gen${i}-`, ...SKEWED });
      expected.push(...seq(`p app gen${i}-`, 200));
      if (i < 3) await restartContainer(C1, ref, 'app'); // right after the writes: no time to read them first
    }
    await expectExactly(run, expected, 30_000);
  });

  test("a restart while ktail is held back (slow stdout): the old instance's unread lines still arrive, once", async () => {
    const ns = uniqueNamespace('restart-held');
    const ref = `${ns}/p`;
    await createPod(C1, ref);
    const run = await follow(C1, ref);
    run.child.stdout?.pause(); // ktail blocks on stdout; the old stream's lines pile up unread
    await emit(C1, ref, 'app', { count: 30_000, text: 'old-', ...SKEWED });
    await restartContainer(C1, ref, 'app');
    await emit(C1, ref, 'app', { count: 100, text: 'new-', ...SKEWED });
    await sleep(500);
    run.child.stdout?.resume();
    const expected = ['p app ready-1', ...seq('p app old-', 30_000), ...seq('p app new-', 100)];
    await expectExactly(run, expected, 60_000);
  });

  test("pod deleted and recreated with the same name: the new pod's lines from its first", async () => {
    const ns = uniqueNamespace('recreate');
    const ref = `${ns}/p`;
    await createPod(C1, ref);
    const run = await follow(C1, ref);
    await emit(C1, ref, 'app', { count: 50, text: 'old-', ...SKEWED });
    await run.waitFor((l) => l.includes('p app old-50'), 20_000);
    await deletePod(C1, ref);
    await createPod(C1, ref);
    await emit(C1, ref, 'app', { count: 1, text: 'ready-' }); // same text as the first pod's first line
    await emit(C1, ref, 'app', { count: 50, text: 'new-', ...SKEWED });
    await run.waitFor((l) => l.includes('p app new-50'), 30_000);
    await sleep(500);
    assert.equal(await run.stop(), 0);
    assert.deepEqual(run.lines, ['p app ready-1', ...seq('p app old-', 50), 'p app ready-1', ...seq('p app new-', 50)]);
  });

  test('log rotated between two emits, and during a fast emit: 0 lost, 0 duplicated', async () => {
    const ns = uniqueNamespace('rotate');
    const ref = `${ns}/p`;
    await createPod(C1, ref);
    const run = await follow(C1, ref);
    await emit(C1, ref, 'app', { count: 100, text: 'a-', ...SKEWED });
    await rotateLog(C1, ref, 'app');
    await emit(C1, ref, 'app', { count: 100, text: 'b-', ...SKEWED });
    const fast = emit(C1, ref, 'app', { count: 5000, text: 'c-', ...SKEWED });
    await sleep(20);
    await rotateLog(C1, ref, 'app');
    await fast;
    const expected = ['p app ready-1', ...seq('p app a-', 100), ...seq('p app b-', 100), ...seq('p app c-', 5000)];
    await expectExactly(run, expected, 30_000);
  });
});

describe('output faults', () => {
  test('a reader that consumes 1 KB/s: memory stays bounded, nothing is dropped', async () => {
    const ns = uniqueNamespace('slowread');
    const ref = `${ns}/p`;
    await createPod(C1, ref);
    const run = await follow(C1, ref);
    const out = run.child.stdout;
    assert.ok(out);
    out.pause();
    const pid = run.child.pid ?? 0;
    const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
    // The backlog dwarfs what ktail may hold (a batch, a stream's HTTP/2 window) and the
    // bound on growth: holding the whole backlog would grow RSS by at least its size.
    const n = 50_000;
    const text = `slow-${'y'.repeat(1000)}-`;
    const backlogMb = (n * text.length) / (1 << 20);
    try {
      await sleep(1000); // past the stream's opening
      const baseline = rss();
      await emit(C1, ref, 'app', { count: n, text, ...SKEWED });
      let peak = 0;
      const started = Date.now();
      let read = 0;
      while (Date.now() - started < 8000) {
        // 8 s at 1 KB/s
        const chunk = out.read(1024) as Buffer | null;
        if (chunk) read += chunk.length;
        peak = Math.max(peak, rss());
        await sleep(1000);
      }
      assert.ok(read > 0 && read <= 9 * 1024, `read ${read} bytes`);
      const grew = peak - baseline;
      assert.ok(
        grew < backlogMb / 2.5,
        `ktail's RSS grew ${grew.toFixed(0)} MB (from ${baseline.toFixed(0)} MB) while ${backlogMb.toFixed(0)} MB waited`,
      );
      out.resume();
      await run.waitFor((l) => l.length >= n + 1, 120_000, `${n + 1} lines`);
      assert.equal(await run.stop(), 0);
    } finally {
      if (run.child.exitCode === null) run.child.kill('SIGKILL'); // a failed assertion leaves it blocked on its stdout
    }
    assertExactly(run.lines, ['p app ready-1', ...seq(`p app ${text}`, n)]);
  });
});

// Issue 11: resuming on the timestamps runtimes really write. Each cut comes right after
// skewed lines, and the lines written next include stderr lines stamped before the newest
// line already printed: resuming "from the last timestamp printed" loses them.
describe('resuming with out-of-order stdout/stderr timestamps', () => {
  const WIDE = { streams: ['stdout', 'stderr'] as CriStream[], skewMs: 1500 };

  test('apiserver stopped right after skewed lines, more written while it is down: 0 lost, 0 duplicated', async () => {
    const ns = uniqueNamespace('skew-api');
    const ref = `${ns}/p`;
    const files = await createPod(C3, ref);
    const run = await follow(C3, ref);
    const expected = ['p app ready-1'];
    try {
      for (let round = 1; round <= 2; round++) {
        await appendLines(files.app ?? '', { count: 100, text: `r${round}a-`, ...WIDE });
        expected.push(...seq(`p app r${round}a-`, 100));
        await run.waitFor((l) => l.length >= expected.length, 30_000, `round ${round}: the skewed lines before the cut`);
        await stopComponent(C3, 'apiserver');
        await appendLines(files.app ?? '', { count: 100, text: `r${round}b-`, ...WIDE });
        expected.push(...seq(`p app r${round}b-`, 100));
        await startComponent(C3, 'apiserver');
      }
    } finally {
      await startComponent(C3, 'apiserver');
    }
    await expectExactly(run, expected, 60_000);
  });

  test('the network cut right after skewed lines, with a rotation in between: 0 lost, 0 duplicated', async () => {
    const relay = await tcpRelay(C1);
    try {
      const ns = uniqueNamespace('skew-cut');
      const ref = `${ns}/p`;
      const files = await createPod(C1, ref);
      const { home, file } = relay.kubeconfig();
      const run = ktail(['--kubeconfig', file, '-n', ns], { home });
      const expected: string[] = [];
      for (let round = 1; round <= 4; round++) {
        await appendLines(files.app ?? '', { count: 100, text: `r${round}a-`, ...WIDE });
        expected.push(...seq(`p app r${round}a-`, 100));
        await run.waitFor((l) => l.length >= expected.length, 30_000, `round ${round}: the skewed lines before the cut`);
        if (round % 2 === 0) await rotateLog(C1, ref, 'app'); // the window's lines are in the rotated file now
        relay.cut();
        await appendLines(files.app ?? '', { count: 100, text: `r${round}b-`, ...WIDE });
        expected.push(...seq(`p app r${round}b-`, 100));
      }
      await expectExactly(run, expected, 60_000);
    } finally {
      relay.close();
    }
  });

  test('--tail 0, cut before it printed anything: the lines written during the cut arrive', async () => {
    const ns = uniqueNamespace('tail0');
    const ref = `${ns}/p`;
    const files = await createPod(C3, ref);
    await appendLines(files.app ?? '', { count: 20, text: 'before-', ...WIDE }); // not shown: --tail 0
    await sleep(2500); // the lines before are older than what resuming reaches back to
    const home = kubeHome([C3]);
    const run = ktail(['--kubeconfig', join(home, '.kube', C3), '-n', ns, '--tail', '0', '-v'], { home });
    await run.waitForStderr(/\+ p › app/, 30_000);
    await sleep(1000); // the request reaches the kubelet
    try {
      await stopComponent(C3, 'apiserver');
      await appendLines(files.app ?? '', { count: 50, text: 'gap-', ...WIDE });
    } finally {
      await startComponent(C3, 'apiserver');
    }
    await appendLines(files.app ?? '', { count: 50, text: 'after-', ...WIDE });
    await expectExactly(run, [...seq('p app gap-', 50), ...seq('p app after-', 50)], 60_000);
  });

  test('a 3 MiB line cut while its pieces are printed: each piece once, then the lines after it', async () => {
    const relay = await tcpRelay(C1);
    try {
      const ns = uniqueNamespace('longcut');
      const ref = `${ns}/p`;
      const files = await createPod(C1, ref);
      const { home, file } = relay.kubeconfig();
      const run = ktail(['--kubeconfig', file, '-n', ns], { home });
      await appendLines(files.app ?? '', { count: 1, text: 'ready-' });
      await run.waitFor((l) => l.includes('p app ready-1'), 30_000, 'the stream to open');
      const out = run.child.stdout;
      assert.ok(out);
      out.pause(); // ktail blocks on stdout after the line's first piece, its stream paused mid-line
      const long = Array.from({ length: (3 * 1024 * 1024) / 16 }, (_, i) => String(i).padStart(15, '0') + '.').join('');
      await appendLines(files.app ?? '', { count: 1, text: `long-${long}-` });
      await appendLines(files.app ?? '', { count: 20, text: 'next-', ...SKEWED });
      const deadline = Date.now() + 30_000;
      while (out.readableLength === 0 && Date.now() < deadline) await sleep(100);
      assert.ok(out.readableLength > 0, 'ktail started printing the long line');
      await sleep(1000);
      relay.cut();
      await sleep(1000);
      out.resume();
      // the kubelet line is `<timestamp> long-…-1`; ktail passes it on in pieces of 1 MiB (timestamp included)
      const text = `long-${long}-1`;
      const firstPieceBytes = (1 << 20) - '2026-12-01T21:00:00.000000000Z '.length;
      const pieces = [text.slice(0, firstPieceBytes)];
      for (let at = firstPieceBytes; at < text.length; at += 1 << 20) pieces.push(text.slice(at, at + (1 << 20)));
      const expected = ['p app ready-1', ...pieces.map((p) => `p app ${p}`), ...seq('p app next-', 20)];
      await run.waitFor((l) => l.includes('p app next-20'), 60_000, 'the lines after the long one');
      await sleep(1000);
      assert.equal(await run.stop(), 0);
      assertExactly(run.lines, expected);
    } finally {
      relay.close();
    }
  });
});
