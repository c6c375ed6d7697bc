// Issue 11 item 9 on a real cluster: beside it, a kubeconfig whose server accepts connections
// and never answers (a VPN that is down; the harness's blackhole()). --no-follow gives up on
// the silent cluster after --request-timeout and exits 1 with the healthy lines printed;
// follow mode warns once and keeps tailing the healthy cluster.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { blackhole, createDeployment, createPod, emit, kubeHome, ktail, uniqueNamespace, up, type Blackhole } from './harness.js';

const C1 = 'ktail-dev-1';
const SILENT = 'ktail-blackhole';
let home = '';
let hole: Blackhole | undefined;
let ns = '';

before(async () => {
  await up(1);
  home = kubeHome([C1]);
  hole = await blackhole(join(home, '.kube'), { name: SILENT });
  ns = uniqueNamespace('unreachable');
  await createPod(C1, `${ns}/web`);
  await emit(C1, `${ns}/web`, 'app', { count: 3, text: 'early-' });
  await createDeployment(C1, `${ns}/web`, { matchLabels: { app: 'web' } });
  await createPod(C1, `${ns}/web-abc`, { labels: { app: 'web' } });
  await emit(C1, `${ns}/web-abc`, 'app', { count: 2, text: 'deployed-' });
});

after(async () => {
  await hole?.close();
});

const noAnswerLines = (stderr: string) => stderr.split('\n').filter((l) => l.includes(SILENT));

test('--no-follow: the healthy cluster\'s lines, one "no answer" line for the silent one, exit 1', { timeout: 120_000 }, async () => {
  const run = ktail(['-m', '-n', ns, '--no-follow', '--request-timeout', '2s', '.'], { home });
  const code = await run.exited;
  const stderr = run.stderr();
  for (const n of [1, 2, 3])
    assert.ok(
      run.lines.some((l) => l.includes(`early-${n}`)),
      `line early-${n} missing: ${run.lines.join('\n')}\n${stderr}`,
    );
  assert.equal(code, 1, stderr);
  const mentions = noAnswerLines(stderr);
  assert.equal(mentions.length, 1, stderr);
  assert.match(mentions[0] ?? '', /no answer in 2s/);
  assert.doesNotMatch(stderr, /^\s+at /m);
});

// a TYPE/NAME query asks each cluster for the object before any pod list: that lookup is bounded too
test('--no-follow deploy/NAME: the lookup in the silent cluster gives up too, exit 1', { timeout: 120_000 }, async () => {
  const run = ktail(['-m', '-n', ns, '--no-follow', '--request-timeout', '2s', 'deploy/web'], { home });
  const code = await run.exited;
  const stderr = run.stderr();
  assert.deepEqual(run.lines.map((l) => l.replace(/^\S+ /, '')).sort(), ['web-abc app deployed-1', 'web-abc app deployed-2'], stderr);
  assert.equal(code, 1, stderr);
  const mentions = noAnswerLines(stderr);
  assert.equal(mentions.length, 1, stderr);
  assert.match(mentions[0] ?? '', /no answer in 2s/);
});

test('--dry-run: the healthy cluster\'s plan, the silent one skipped with "no answer", exit 1', { timeout: 120_000 }, async () => {
  const run = ktail(['-m', '-n', ns, '--dry-run', '--request-timeout', '2s', 'deploy/web'], { home });
  const code = await run.exited;
  const stderr = run.stderr();
  assert.equal(code, 1, stderr);
  assert.ok(run.lines.includes(`  ${ns}/web-abc › app`), run.lines.join('\n'));
  assert.ok(run.lines.includes(`${SILENT}: skipped: no answer in 2s`), run.lines.join('\n'));
});

test('follow: one warning for the silent cluster, the healthy one keeps being tailed, SIGINT exits', { timeout: 180_000 }, async () => {
  const run = ktail(['-m', '-n', ns, '--request-timeout', '2', '--tail', '0', '.'], { home });
  try {
    await run.waitForStderr(/ktail-blackhole: no answer in 2s; retrying/, 60_000);
    await emit(C1, `${ns}/web`, 'app', { count: 2, text: 'later-' });
    await run.waitFor((l) => l.some((x) => x.includes('later-2')), 60_000, 'lines emitted after the warning');
    // the retries (with backoff) go on meanwhile: still one warning
    await emit(C1, `${ns}/web`, 'app', { count: 1, text: 'last-' });
    await run.waitFor((l) => l.some((x) => x.includes('last-1')), 60_000, 'the last line');
    assert.equal(await run.stop(), 0);
    const stderr = run.stderr();
    assert.equal(noAnswerLines(stderr).length, 1, stderr);
    // the healthy cluster's quiet streams (--tail 0: no line for seconds) are not "no answer"
    assert.deepEqual(
      stderr.split('\n').filter((l) => l.includes('no answer') && !l.includes(SILENT)),
      [],
      stderr,
    );
  } finally {
    await run.stop();
  }
});
