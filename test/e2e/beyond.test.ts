// Issue 8: chronological merge, multi-line grouping, dry run and stats, on real clusters.
import assert from 'node:assert/strict';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { CLUSTERS, clusters, createPod, emit, kubeHome, ktail, uniqueNamespace } from './harness.js';

const [C1 = '', C2 = ''] = CLUSTERS;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** A CRI line with a chosen timestamp (ms since the epoch). */
const cri = (ms: number, text: string) => `${new Date(ms).toISOString().replace('Z', '000000Z')} stdout F ${text}\n`;

before(async () => {
  await clusters();
});

describe('--merge time', () => {
  test('lines of two clusters come out in timestamp order, whatever order they arrived in', async () => {
    const ns = uniqueNamespace('merge');
    const f1 = await createPod(C1, `${ns}/a`);
    const f2 = await createPod(C2, `${ns}/b`);
    const run = ktail(['-m', '-n', ns, '--context', C1, '--context', C2, '--merge', 'time', '--merge-window', '1500ms', '-o', 'raw'], {
      home: kubeHome(),
    });
    await sleep(1500); // both streams open
    const t0 = Date.now();
    // cluster 2's lines are written first but carry the later timestamps
    appendFileSync(f2.app ?? '', [1, 3, 5].map((i) => cri(t0 + i, `m${i}`)).join(''));
    await sleep(300);
    appendFileSync(f1.app ?? '', [0, 2, 4].map((i) => cri(t0 + i, `m${i}`)).join(''));
    await run.waitFor((l) => l.length >= 6, 20_000);
    assert.equal(await run.stop(), 0);
    assert.deepEqual(run.lines, ['m0', 'm1', 'm2', 'm3', 'm4', 'm5']);
  });

  test('--no-follow with --merge time: all lines in time order; --stats counts late lines', async () => {
    const ns = uniqueNamespace('merge-nf');
    const f1 = await createPod(C1, `${ns}/a`);
    const f2 = await createPod(C2, `${ns}/b`);
    const t0 = Date.now() - 60_000;
    writeFileSync(f1.app ?? '', Array.from({ length: 50 }, (_, i) => cri(t0 + 2 * i, `n${2 * i}`)).join(''));
    writeFileSync(f2.app ?? '', Array.from({ length: 50 }, (_, i) => cri(t0 + 2 * i + 1, `n${2 * i + 1}`)).join(''));
    const run = ktail(['-m', '-n', ns, '--context', C1, '--context', C2, '--merge', 'time', '-o', 'raw', '--no-follow', '--stats'], {
      home: kubeHome(),
    });
    assert.equal(await run.exited, 0, run.stderr());
    assert.deepEqual(
      run.lines,
      Array.from({ length: 100 }, (_, i) => `n${i}`),
    );
    assert.match(run.stderr(), /ktail stats: 0 line\(s\) arrived too late/);
  });
});

describe('--multiline', () => {
  test('auto: a stack trace is one record, in text and in JSON', async () => {
    const ns = uniqueNamespace('multi');
    const files = await createPod(C1, `${ns}/p`);
    const trace = [
      '2024-05-01 12:00:00 ERROR Worker failed',
      'java.lang.IllegalStateException: queue closed',
      '\tat com.shop.Worker.take(Worker.java:42)',
      '\tat com.shop.Worker.run(Worker.java:17)',
    ];
    appendFileSync(files.app ?? '', [...trace, '2024-05-01 12:00:01 INFO recovered'].map((t, i) => cri(Date.now() + i, t)).join(''));
    const home = kubeHome([C1]);
    const args = ['--kubeconfig', join(home, '.kube', C1), '-n', ns, '--no-follow', '--multiline', 'auto'];
    const json = ktail([...args, '-o', 'json'], { home });
    assert.equal(await json.exited, 0);
    assert.deepEqual(
      json.lines.map((l) => (JSON.parse(l) as { message: string }).message),
      [trace.join('\n'), '2024-05-01 12:00:01 INFO recovered'],
    );
    const text = ktail(args, { home });
    assert.equal(await text.exited, 0);
    assert.deepEqual(
      text.lines,
      [...trace, '2024-05-01 12:00:01 INFO recovered'].map((t) => `p app ${t}`),
    );
  });
});

describe('--dry-run and --stats', () => {
  test('--dry-run lists what would be tailed per cluster and why a cluster is skipped', async () => {
    const ns = uniqueNamespace('dry');
    await createPod(C1, `${ns}/web-1`, { containers: ['app', 'proxy'] });
    await createPod(C2, `${ns}/web-2`);
    await createPod(C2, `${ns}/db-1`);
    const home = kubeHome([C1, C2]);
    writeFileSync(
      join(home, '.kube', 'dead'),
      'apiVersion: v1\nkind: Config\nclusters: [{name: d, cluster: {server: "https://127.0.0.1:1"}}]\nusers: [{name: d, user: {}}]\ncontexts: [{name: dead, context: {cluster: d, user: d}}]\n',
    );
    const run = ktail(['-m', 'web', '-n', ns, '--dry-run'], { home });
    assert.equal(await run.exited, 1, 'a skipped cluster makes the exit code non-zero');
    assert.deepEqual(
      run.lines.filter((l) => !l.startsWith('dead')),
      [`${C1}: 2 container(s)`, `  ${ns}/web-1 › app`, `  ${ns}/web-1 › proxy`, `${C2}: 1 container(s)`, `  ${ns}/web-2 › app`],
    );
    assert.match(run.lines.find((l) => l.startsWith('dead')) ?? '', /^dead: skipped: .*connection refused/);
  });

  test('--stats prints streams, lines, reconnects and errors per cluster at exit', async () => {
    const ns = uniqueNamespace('stats');
    await createPod(C1, `${ns}/p`, { containers: ['a', 'b'] });
    await emit(C1, `${ns}/p`, 'a', { count: 7 });
    await emit(C1, `${ns}/p`, 'b', { count: 5 });
    const run = ktail(['-m', '--context', C1, '-n', ns, '--no-follow', '--stats'], { home: kubeHome() });
    assert.equal(await run.exited, 0);
    assert.match(run.stderr(), /ktail stats: cluster\s+streams\s+lines\s+reconnects\s+errors\n/);
    assert.match(run.stderr(), new RegExp(`ktail stats: ${C1}\\s+2\\s+12\\s+0\\s+0\\n`));
  });
});
