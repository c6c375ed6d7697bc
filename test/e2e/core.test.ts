// Issue 4 acceptance: ktail against the 3 real local clusters, as a user runs it.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CLUSTERS, clusters, createPod, deletePod, emit, kubeHome, ktail, restartContainer, seq, uniqueNamespace } from './harness.js';

const KTAIL = fileURLToPath(new URL('../../bin/ktail.js', import.meta.url));
const count = (lines: string[], line: string) => lines.filter((l) => l === line).length;

before(async () => {
  await clusters();
});

describe('ktail -m frontend --selector release=canary', () => {
  test('prints every line of every matching container of every cluster once, in order, rightly prefixed', async () => {
    const ns = uniqueNamespace('core');
    await Promise.all(
      CLUSTERS.map(async (c) => {
        await createPod(c, `${ns}/frontend-canary`, { labels: { release: 'canary' } });
        await createPod(c, `${ns}/frontend-two`, { labels: { release: 'canary' }, containers: ['app', 'sidecar'] });
        await createPod(c, `${ns}/frontend-stable`, { labels: { release: 'stable' } });
        await createPod(c, `${ns}/backend-canary`, { labels: { release: 'canary' } });
      }),
    );
    // lines written before ktail starts, and after
    for (const c of CLUSTERS) {
      for (const pod of ['frontend-canary', 'frontend-stable', 'backend-canary'])
        await emit(c, `${ns}/${pod}`, 'app', { count: 20, text: `${c}-${pod}-` });
      await emit(c, `${ns}/frontend-two`, 'app', { count: 20, text: `${c}-two-app-` });
      await emit(c, `${ns}/frontend-two`, 'sidecar', { count: 20, text: `${c}-two-side-` });
    }
    const run = ktail(['-m', 'frontend', '--selector', 'release=canary', '-n', ns], { home: kubeHome() });
    const expected: string[] = [];
    for (const c of CLUSTERS) {
      expected.push(...seq(`${c} frontend-canary app ${c}-frontend-canary-`, 220));
      expected.push(...seq(`${c} frontend-two app ${c}-two-app-`, 220));
      expected.push(...seq(`${c} frontend-two sidecar ${c}-two-side-`, 220));
    }
    await run.waitFor((l) => l.length >= 3 * 3 * 20, 30_000, 'the lines written before start');
    await Promise.all(
      CLUSTERS.map(async (c) => {
        await emit(c, `${ns}/frontend-canary`, 'app', { count: 200, text: `${c}-frontend-canary-`, start: 21 });
        await emit(c, `${ns}/frontend-two`, 'app', { count: 200, text: `${c}-two-app-`, start: 21 });
        await emit(c, `${ns}/frontend-two`, 'sidecar', { count: 200, text: `${c}-two-side-`, start: 21 });
        await emit(c, `${ns}/frontend-stable`, 'app', { count: 5, text: 'late-stable-' });
        await emit(c, `${ns}/backend-canary`, 'app', { count: 5, text: 'late-backend-' });
      }),
    );
    await run.waitFor((l) => l.length >= expected.length, 30_000, `${expected.length} lines`);
    await new Promise((r) => setTimeout(r, 500)); // time for any stray extra line to show up
    assert.equal(await run.stop(), 0);
    assert.deepEqual([...run.lines].sort(), [...expected].sort(), 'exactly the matching lines, each once');
    for (const prefix of new Set(expected.map((l) => l.replace(/\d+$/, '')))) {
      const got = run.lines.filter((l) => l.startsWith(prefix)).map((l) => Number(l.slice(prefix.length)));
      assert.deepEqual(
        got,
        Array.from({ length: 220 }, (_, i) => i + 1),
        `per-stream order for ${prefix}`,
      );
    }
  });
});

describe('a live set of pods', () => {
  test('a new pod appears, a deleted one disappears, a restarted container goes on with its new lines', async () => {
    const ns = uniqueNamespace('live');
    const [c1, c2] = CLUSTERS as [string, string];
    await createPod(c1, `${ns}/web-1`);
    const run = ktail(['-m', 'web', '-n', ns, '--verbose'], { home: kubeHome() });
    await emit(c1, `${ns}/web-1`, 'app', { count: 3, text: 'first-' });
    await run.waitFor((l) => l.includes(`${c1} web-1 app first-3`), 20_000);

    await createPod(c2, `${ns}/web-2`);
    await emit(c2, `${ns}/web-2`, 'app', { count: 3, text: 'new-pod-' });
    await run.waitFor((l) => l.includes(`${c2} web-2 app new-pod-3`), 20_000, 'lines of the pod created while running');

    await restartContainer(c1, `${ns}/web-1`, 'app');
    await emit(c1, `${ns}/web-1`, 'app', { count: 3, text: 'after-restart-' });
    await run.waitFor((l) => l.includes(`${c1} web-1 app after-restart-3`), 20_000, 'lines after the restart');

    await deletePod(c2, `${ns}/web-2`);
    await run.waitForStderr(new RegExp(`- ${c2} web-2 › app`), 20_000);
    assert.equal(await run.stop(), 0);
    for (const line of [
      ...seq(`${c1} web-1 app first-`, 3),
      ...seq(`${c2} web-2 app new-pod-`, 3),
      ...seq(`${c1} web-1 app after-restart-`, 3),
    ]) {
      assert.equal(count(run.lines, line), 1, `${line} once`);
    }
  });
});

describe('a cluster that cannot be reached', () => {
  test('the others stream normally and stderr names the failed cluster and why', async () => {
    const ns = uniqueNamespace('dead');
    const home = kubeHome(CLUSTERS.slice(0, 2));
    writeFileSync(
      join(home, '.kube', 'ktail-dead'),
      `apiVersion: v1
kind: Config
clusters: [{name: dead, cluster: {server: "https://127.0.0.1:1"}}]
users: [{name: dead, user: {token: not-a-real-token}}]
contexts: [{name: ktail-dead, context: {cluster: dead, user: dead}}]
current-context: ktail-dead
`,
    );
    await Promise.all(CLUSTERS.slice(0, 2).map((c) => createPod(c, `${ns}/api`)));
    const run = ktail(['-m', 'api', '-n', ns], { home });
    for (const c of CLUSTERS.slice(0, 2)) await emit(c, `${ns}/api`, 'app', { count: 5, text: 'alive-' });
    await run.waitFor((l) => CLUSTERS.slice(0, 2).every((c) => l.includes(`${c} api app alive-5`)), 20_000);
    await run.waitForStderr(/cluster ktail-dead: .*connection refused/, 10_000);
    assert.equal(await run.stop(), 0);
    assert.equal(run.stderr().match(/cluster ktail-dead:/g)?.length, 1, 'reported once, not once per retry');
    assert.ok(!run.stderr().includes('not-a-real-token'));
  });
});

describe('stdout is a pipe', () => {
  test('| head -n 5: ktail exits 0 promptly at its next write', async () => {
    const ns = uniqueNamespace('head');
    const c = CLUSTERS[0] ?? '';
    await createPod(c, `${ns}/chatty`);
    await emit(c, `${ns}/chatty`, 'app', { count: 50 });
    const home = kubeHome([c]);
    // the pod keeps logging, as pods do: the write after head has gone meets EPIPE
    let logging = true;
    const trickle = (async () => {
      for (let i = 1; logging; i++) {
        await emit(c, `${ns}/chatty`, 'app', { count: 1, text: 'more-', start: i });
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const started = Date.now();
    const out = await new Promise<string>((resolve) => {
      const sh = spawn(
        'bash',
        ['-c', `node ${KTAIL} --kubeconfig ${home}/.kube/${c} chatty -n ${ns} | head -n 5; echo "status=\${PIPESTATUS[0]}"`],
        { env: { ...process.env, HOME: home } },
      );
      let text = '';
      sh.stdout.on('data', (d: Buffer) => (text += d));
      sh.on('close', () => resolve(text));
    });
    logging = false;
    await trickle;
    assert.deepEqual(out.trim().split('\n'), [...seq('chatty app line-', 5), 'status=0']);
    assert.ok(Date.now() - started < 10_000, `exited after ${Date.now() - started} ms`);
  });

  test('a reader that stops reading for a while loses nothing', async () => {
    const ns = uniqueNamespace('slow');
    const c = CLUSTERS[0] ?? '';
    await createPod(c, `${ns}/flood`);
    const home = kubeHome([c]);
    const run = ktail(['--kubeconfig', join(home, '.kube', c), 'flood', '-n', ns], { home });
    await emit(c, `${ns}/flood`, 'app', { count: 1, text: 'ready-' });
    await run.waitFor((l) => l.includes('flood app ready-1'), 20_000);
    run.child.stdout?.pause();
    const n = 50_000;
    await emit(c, `${ns}/flood`, 'app', { count: n, text: `slow-${'x'.repeat(60)}-` });
    await new Promise((r) => setTimeout(r, 3000));
    run.child.stdout?.resume();
    await run.waitFor((l) => l.length >= n + 1, 60_000, `${n + 1} lines`);
    assert.equal(await run.stop(), 0);
    assert.deepEqual(run.lines.slice(1), seq(`flood app slow-${'x'.repeat(60)}-`, n));
  });
});

describe('--no-follow, for CI', () => {
  test('prints what is there and exits 0; past --max-log-requests streams wait their turn (one warning)', async () => {
    const ns = uniqueNamespace('nofollow');
    const c = CLUSTERS[0] ?? '';
    await createPod(c, `${ns}/job`, { containers: ['a', 'b', 'c'] });
    for (const container of ['a', 'b', 'c']) await emit(c, `${ns}/job`, container, { count: 100, text: `${container}-` });
    const run = ktail(['-m', '--context', c, '-n', ns, '--no-follow', '--max-log-requests', '1', '--verbose'], { home: kubeHome() });
    assert.equal(await run.exited, 0, run.stderr());
    assert.deepEqual([...run.lines].sort(), ['a', 'b', 'c'].flatMap((x) => seq(`job ${x} ${x}-`, 100)).sort());
    assert.equal(run.stderr().match(/--max-log-requests/g)?.length, 1);
  });

  test('exits non-zero when a cluster failed', async () => {
    const home = kubeHome([CLUSTERS[0] ?? '']);
    writeFileSync(
      join(home, '.kube', 'dead'),
      'apiVersion: v1\nkind: Config\nclusters: [{name: d, cluster: {server: "https://127.0.0.1:1"}}]\nusers: [{name: d, user: {}}]\ncontexts: [{name: dead, context: {cluster: d, user: d}}]\n',
    );
    const run = ktail(['-m', '-n', uniqueNamespace('empty'), '--no-follow'], { home });
    assert.equal(await run.exited, 1);
    assert.match(run.stderr(), /cluster dead: .*connection refused/);
  });
});
