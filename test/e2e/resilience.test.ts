// Issue 6 acceptance: faults injected into real clusters while ktail follows. Every line is
// sequence-numbered; each test compares the exact multiset of lines printed with the lines
// written: 0 lost, 0 duplicated.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import {
  appendLines, CLUSTERS, clusterPaths, clusters, createPod, deletePod, emit, kubeHome, ktail,
  restartContainer, rotateLog, seq, startComponent, stopComponent, uniqueNamespace, type Component, type KtailRun,
} from './harness.js';

const [C1 = '', , C3 = ''] = CLUSTERS;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Asserts the printed lines are exactly the expected ones: nothing missing, nothing twice. */
function assertExactly(printed: string[], expected: string[]): void {
  const counts = new Map<string, number>();
  for (const l of printed) counts.set(l, (counts.get(l) ?? 0) + 1);
  const missing = expected.filter((l) => !counts.has(l));
  const duplicated = [...counts].filter(([, n]) => n > 1).map(([l]) => l);
  const unexpected = printed.filter((l) => !expected.includes(l));
  assert.deepEqual({ lost: missing.length, duplicated: duplicated.length, unexpected: unexpected.length }, { lost: 0, duplicated: 0, unexpected: 0 },
    `lost: ${missing.slice(0, 5).join(', ')} duplicated: ${duplicated.slice(0, 5).join(', ')} unexpected: ${unexpected.slice(0, 5).join(', ')}`);
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
const writeLines = (file: string, prefix: string, count: number, rate: number, start = 1) => appendLines(file, { count, rate, text: prefix, start });

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
    const { ports } = clusterPaths(C1);
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
    const relayPort = (relay.address() as { port: number }).port;
    try {
      const ns = uniqueNamespace('cut');
      const files = await createPod(C1, `${ns}/p`);
      const home = kubeHome([C1]);
      const kubeconfig = join(home, '.kube', C1);
      writeFileSync(kubeconfig, readFileSync(kubeconfig, 'utf8').replace(`127.0.0.1:${ports.apiserver}`, `127.0.0.1:${relayPort}`));
      const run = ktail(['--kubeconfig', kubeconfig, '-n', ns], { home });
      const writing = writeLines(files.app ?? '', 'cut-', 400, 50);
      for (let i = 0; i < 6; i++) {
        await sleep(1000);
        for (const s of sockets) s.destroy();
      }
      await writing;
      await expectExactly(run, seq('p app cut-', 400), 60_000, '400 lines through the cuts');
    } finally {
      relay.close();
      for (const s of sockets) s.destroy();
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
      await run.waitForStderr(new RegExp(`cluster ${C3}: .*ECONNREFUSED`), 30_000);
      await startComponent(C3, 'apiserver');
      await writeLines(f3.app ?? '', 'three-', 5, 1000, 6);
      await run.waitFor((l) => l.includes(`${C3} p app three-10`), 60_000, 'the late cluster\'s lines');
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
      await emit(C1, ref, 'app', { count: 200, text: `gen${i}-` });
      expected.push(...seq(`p app gen${i}-`, 200));
      if (i < 3) await restartContainer(C1, ref, 'app'); // right after the writes: no time to read them first
    }
    await expectExactly(run, expected, 30_000);
  });

  test('a restart while ktail is held back (slow stdout): the old instance\'s unread lines still arrive, once', async () => {
    const ns = uniqueNamespace('restart-held');
    const ref = `${ns}/p`;
    await createPod(C1, ref);
    const run = await follow(C1, ref);
    run.child.stdout?.pause(); // ktail blocks on stdout; the old stream's lines pile up unread
    await emit(C1, ref, 'app', { count: 30_000, text: 'old-' });
    await restartContainer(C1, ref, 'app');
    await emit(C1, ref, 'app', { count: 100, text: 'new-' });
    await sleep(500);
    run.child.stdout?.resume();
    const expected = ['p app ready-1', ...seq('p app old-', 30_000), ...seq('p app new-', 100)];
    await expectExactly(run, expected, 60_000);
  });

  test('pod deleted and recreated with the same name: the new pod\'s lines from its first', async () => {
    const ns = uniqueNamespace('recreate');
    const ref = `${ns}/p`;
    await createPod(C1, ref);
    const run = await follow(C1, ref);
    await emit(C1, ref, 'app', { count: 50, text: 'old-' });
    await run.waitFor((l) => l.includes('p app old-50'), 20_000);
    await deletePod(C1, ref);
    await createPod(C1, ref);
    await emit(C1, ref, 'app', { count: 1, text: 'ready-' }); // same text as the first pod's first line
    await emit(C1, ref, 'app', { count: 50, text: 'new-' });
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
    await emit(C1, ref, 'app', { count: 100, text: 'a-' });
    await rotateLog(C1, ref, 'app');
    await emit(C1, ref, 'app', { count: 100, text: 'b-' });
    const fast = emit(C1, ref, 'app', { count: 5000, text: 'c-' });
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
    const n = 50_000; // ~5 MB of log, far more than pipe and socket buffers
    await emit(C1, ref, 'app', { count: n, text: `slow-${'y'.repeat(70)}-` });
    let peak = 0;
    const started = Date.now();
    let read = 0;
    while (Date.now() - started < 8000) { // 8 s at 1 KB/s
      const chunk = out.read(1024) as Buffer | null;
      if (chunk) read += chunk.length;
      peak = Math.max(peak, rss());
      await sleep(1000);
    }
    assert.ok(read > 0 && read <= 9 * 1024, `read ${read} bytes`);
    assert.ok(peak < 200, `ktail's RSS stayed bounded while 5 MB waited (peak ${peak.toFixed(0)} MB)`);
    out.resume();
    await run.waitFor((l) => l.length >= n + 1, 120_000, `${n + 1} lines`);
    assert.equal(await run.stop(), 0);
    assertExactly(run.lines, ['p app ready-1', ...seq(`p app slow-${'y'.repeat(70)}-`, n)]);
  });
});
