// Issue 5 acceptance: the flags a stern or kubectl user reaches for, against real clusters.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  CLUSTERS,
  clusters,
  createDeployment,
  createPod,
  emit,
  kubeHome,
  ktail,
  restartContainer,
  seq,
  uniqueNamespace,
} from './harness.js';

const KTAIL = fileURLToPath(new URL('../../bin/ktail.js', import.meta.url));
const [C1 = '', C2 = '', C3 = ''] = CLUSTERS;

/** ktail --no-follow to completion: stdout lines, stderr, exit code. */
async function runToEnd(args: string[], home = kubeHome()): Promise<{ lines: string[]; stderr: string; code: number | null }> {
  const run = ktail([...args, '--no-follow'], { home });
  const code = await run.exited;
  return { lines: run.lines, stderr: run.stderr(), code };
}

async function podWithLines(
  cluster: string,
  ref: string,
  lines: number,
  opts: { containers?: string[]; labels?: Record<string, string> } = {},
) {
  await createPod(cluster, ref, opts);
  for (const c of opts.containers ?? ['app']) await emit(cluster, ref, c, { count: lines, text: `${c}-` });
}

before(async () => {
  await clusters();
});

describe('log options', () => {
  test('--tail 3 gives exactly the last 3 lines of each container', async () => {
    const ns = uniqueNamespace('tail');
    await podWithLines(C1, `${ns}/p`, 10, { containers: ['a', 'b'] });
    const r = await runToEnd(['--context', C1, '-m', '-n', ns, '--tail', '3']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.lines.sort(), [...seq('p a a-', 3, 8), ...seq('p b b-', 3, 8)].sort());
  });

  test('--since-time cuts at the right line; -s excludes older lines', async () => {
    const ns = uniqueNamespace('since');
    await createPod(C1, `${ns}/p`);
    await emit(C1, `${ns}/p`, 'app', { count: 5, text: 'old-' });
    await new Promise((r) => setTimeout(r, 1100 - (Date.now() % 1000))); // into the next full second
    const cut = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
    await emit(C1, `${ns}/p`, 'app', { count: 5, text: 'new-' });
    const r = await runToEnd(['--context', C1, '-m', '-n', ns, '--since-time', cut]);
    assert.deepEqual(r.lines, seq('p app new-', 5));
    await new Promise((r) => setTimeout(r, 2100));
    await emit(C1, `${ns}/p`, 'app', { count: 2, text: 'newest-' });
    const s = await runToEnd(['--context', C1, '-m', '-n', ns, '--since', '2s']);
    assert.deepEqual(s.lines, seq('p app newest-', 2));
  });

  test('-p shows the lines from before the restart, and only those', async () => {
    const ns = uniqueNamespace('prev');
    await podWithLines(C1, `${ns}/p`, 4);
    await restartContainer(C1, `${ns}/p`, 'app');
    await emit(C1, `${ns}/p`, 'app', { count: 2, text: 'after-' });
    await createPod(C1, `${ns}/never-restarted`);
    const r = await runToEnd(['--context', C1, '-m', '-n', ns, '-p']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.lines, seq('p app app-', 4));
  });

  test('--limit-bytes stops each stream after that many bytes; -t prints timestamps', async () => {
    const ns = uniqueNamespace('bytes');
    await podWithLines(C1, `${ns}/p`, 50);
    const r = await runToEnd(['--context', C1, '-m', '-n', ns, '--limit-bytes', '18', '-o', 'raw']);
    assert.deepEqual(r.lines, ['app-1', 'app-2', 'app-3']); // 6 bytes each
    const t = await runToEnd(['--context', C1, '-m', '-n', ns, '--tail', '1', '-t', '--timezone', 'UTC']);
    assert.match(t.lines[0] ?? '', /^p app \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z app-50$/);
    const short = await runToEnd([
      '--context',
      C1,
      '-m',
      '-n',
      ns,
      '--tail',
      '1',
      '--timestamps=short',
      '--insecure-skip-tls-verify-backend',
    ]);
    assert.match(short.lines[0] ?? '', /^p app \d\d-\d\d \d\d:\d\d:\d\d app-50$/);
  });
});

describe('queries and output', () => {
  test("deploy/NAME finds the deployment's pods in each cluster; a cluster without it only warns", async () => {
    const ns = uniqueNamespace('deploy');
    for (const c of [C1, C2]) {
      await podWithLines(c, `${ns}/web-abc`, 2, { labels: { app: 'web', tier: 'front' } });
      await podWithLines(c, `${ns}/web-other`, 2, { labels: { app: 'web', tier: 'back' } });
      await createDeployment(c, `${ns}/web`, {
        matchLabels: { app: 'web' },
        matchExpressions: [{ key: 'tier', operator: 'In', values: ['front'] }],
      });
    }
    await podWithLines(C3, `${ns}/web-abc`, 2, { labels: { app: 'web', tier: 'front' } });
    const r = await runToEnd(['-m', 'deploy/web', '-n', ns]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.lines.sort(), [C1, C2].flatMap((c) => seq(`${c} web-abc app app-`, 2)).sort());
    assert.match(r.stderr, new RegExp(`cluster ${C3}: deployment/web not found in namespace ${ns}`));
  });

  test('-o json | jq parses every line and each carries its cluster', async () => {
    const ns = uniqueNamespace('json');
    for (const c of CLUSTERS) await podWithLines(c, `${ns}/p`, 3);
    await emit(C1, `${ns}/p`, 'app', { count: 1, text: '\u001b[31mred\u001b]0;title\u0007 "quoted" \\ back\tslash' });
    const home = kubeHome();
    const jq = spawnSync(
      'bash',
      [
        '-c',
        `set -o pipefail; node ${KTAIL} -m -n ${ns} --no-follow -o json | jq -r '[.cluster, .namespace, .podName, .containerName, .message] | @tsv'`,
      ],
      { env: { ...process.env, HOME: home }, encoding: 'utf8' },
    );
    assert.equal(jq.status, 0, jq.stderr);
    const rows = jq.stdout.trimEnd().split('\n');
    assert.equal(rows.length, 10);
    for (const c of CLUSTERS) for (const l of seq('app-', 3)) assert.ok(rows.includes(`${c}\t${ns}\tp\tapp\t${l}`), `${c} ${l}`);
    const raw = spawnSync('bash', ['-c', `node ${KTAIL} -m -n ${ns} --no-follow -o json`], {
      env: { ...process.env, HOME: home },
      encoding: 'utf8',
    });
    assert.ok(!raw.stdout.includes('\u001b'), 'no raw escape byte inside JSON output');
    // every key stern's -o json has, in its order, then ktail's timestamp and cluster
    for (const l of raw.stdout.trimEnd().split('\n')) {
      const rec = JSON.parse(l) as Record<string, unknown>;
      assert.deepEqual(Object.keys(rec), [
        'message',
        'nodeName',
        'namespace',
        'podName',
        'containerName',
        'labels',
        'annotations',
        'timestamp',
        'cluster',
      ]);
      assert.match(String(rec.timestamp), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    }
  });

  test('line filters, templates and extjson', async () => {
    const ns = uniqueNamespace('filter');
    await createPod(C1, `${ns}/p`, { labels: { team: 'shop' } });
    for (const m of ['GET /a 200', 'GET /b 500', 'POST /c 500', '{"level":"error","n":1}'])
      await emit(C1, `${ns}/p`, 'app', { count: 1, text: m, start: 0 });
    const base = ['--context', C1, '-m', '-n', ns];
    assert.deepEqual((await runToEnd([...base, '-i', ' 500', '-e', 'POST', '-o', 'raw'])).lines, ['GET /b 5000']);
    // a template's output is written as it renders (stern's end in {{"\n"}}): without one, lines run together
    assert.deepEqual(
      (await runToEnd([...base, '-i', 'level', '--template', '{{.Labels.team}}/{{.PodName}}: {{.Message | upper}}{{"\\n"}}'])).lines,
      ['shop/p: {"LEVEL":"ERROR","N":1}0'],
    );
    assert.deepEqual((await runToEnd([...base, '-i', 'GET', '--template', '{{.PodName}}|'])).lines, ['p|p|']);
    assert.deepEqual(
      (
        await runToEnd([
          ...base,
          '-i',
          'level',
          '--template',
          '{{with $m := tryParseJSON .Message}}{{levelColor $m.level}} n={{$m.N}}{{"\\n"}}{{end}}',
        ])
      ).lines,
      ['error n=<no value>'],
    );
    const ext = (await runToEnd([...base, '-i', '^GET /a', '-o', 'extjson'])).lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    // stern's extjson: pod, container, message (cluster and namespace only when shown)
    assert.deepEqual(ext, [{ pod: 'p', container: 'app', message: 'GET /a 2000' }]);
    const hl = await runToEnd([...base, '-i', '^GET /a', '-H', '200', '--color', 'always']);
    // stern paints what -i matched as well as -H, in its own codes
    assert.ok((hl.lines[0] ?? '').endsWith(' \u001b[31;1mGET /a\u001b[0;22m \u001b[31;1m200\u001b[0;22m0'), JSON.stringify(hl.lines));
  });

  test('a config file sets defaults; flags override it', async () => {
    const ns = uniqueNamespace('config');
    await podWithLines(C1, `${ns}/p`, 5);
    const dir = mkdtempSync(join(tmpdir(), 'ktail-config-'));
    writeFileSync(join(dir, 'config.yaml'), `namespace: [${ns}]\ntail: 2\noutput: raw\ncontext: [${C1}]\nmultiple: true\n`);
    assert.deepEqual((await runToEnd(['--config', join(dir, 'config.yaml')])).lines, seq('app-', 2, 4));
    assert.deepEqual((await runToEnd(['--config', join(dir, 'config.yaml'), '--tail', '1'])).lines, ['app-5']);
  });
});
