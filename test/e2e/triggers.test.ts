// Issue 13 items 2 and 6 on the real clusters, with -m over all three: --until, --until-each,
// --fail-on, --timeout, the no-match line and --require-match, each in follow mode and with
// --no-follow; --stream where the apiserver takes it (ktail-dev-3, given the feature gate here)
// and where it does not.
import assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { CLUSTERS, clusters, createPod, criLine, kubeHome, ktail, setFeatureGates, uniqueNamespace, type CriStream } from './harness.js';

const [C1 = '', C2 = '', C3 = ''] = CLUSTERS;
const write = (file: string | undefined, lines: [string, CriStream?][]) =>
  appendFileSync(file ?? '', lines.map(([text, stream]) => criLine(text, stream)).join(''));
const linesOf = (stderr: string, re: RegExp) => stderr.split('\n').filter((l) => re.test(l));

before(async () => {
  await clusters();
});

describe('--until, --fail-on, --timeout with --no-follow', () => {
  let ns = '';
  before(async () => {
    ns = uniqueNamespace('trig-nf');
    write((await createPod(C1, `${ns}/web-1`)).app, [['starting'], ['ready on :8080']]);
    write((await createPod(C2, `${ns}/web-2`)).app, [['starting'], ['panic: nil map', 'stderr'], ['after the panic']]);
  });
  const run = (...args: string[]) => ktail(['-m', '-n', ns, '--no-follow', '-o', 'raw', ...args], { home: kubeHome() });

  test('--fail-on exits 3 after printing the matching line, and stderr names where it matched', async () => {
    const r = run('web-2', '--fail-on', 'panic');
    assert.equal(await r.exited, 3, r.stderr());
    assert.deepEqual(r.lines, ['starting', 'panic: nil map']);
    assert.deepEqual(linesOf(r.stderr(), /--fail-on/), [`ktail: --fail-on matched in ${C2}/${ns}/web-2 › app`]);
  });

  test('--until exits 0 at its line; a trigger sees lines -i hides; never matched: 5', async () => {
    const r = run('web-1', '--until', 'ready', '-i', 'starting');
    assert.equal(await r.exited, 0, r.stderr());
    assert.deepEqual(r.lines, ['starting']);
    assert.deepEqual(linesOf(r.stderr(), /--until/), [`ktail: --until matched in ${C1}/${ns}/web-1 › app`]);
    const unmet = run('--until', 'no such line');
    assert.equal(await unmet.exited, 5, unmet.stderr());
    assert.equal(unmet.lines.length, 5, 'every line was printed');
    assert.match(unmet.stderr(), /--until did not match before the logs ended/);
  });

  test('a query that matches nothing says so once per cluster (exit 0); --require-match makes it 4', async () => {
    const r = run('web-typo');
    assert.equal(await r.exited, 0, r.stderr());
    assert.deepEqual(
      r.stderr().trim().split('\n').sort(),
      CLUSTERS.map((c) => `ktail: cluster ${c}: nothing matched in namespace ${ns}`),
    );
    const required = run('web-typo', '--require-match');
    assert.equal(await required.exited, 4, required.stderr());
    assert.deepEqual(required.lines, []);
    // the cluster without these pods says so; the run found some, so no exit 4
    const some = run('web-1', '--require-match');
    assert.equal(await some.exited, 0, some.stderr());
    assert.deepEqual(
      linesOf(some.stderr(), /nothing matched/).sort(),
      [C2, C3].map((c) => `ktail: cluster ${c}: nothing matched in namespace ${ns}`),
    );
  });
});

describe('following', () => {
  test('--fail-on ends the run at its line: nothing after it from that stream, one naming line, exit 3', async () => {
    const ns = uniqueNamespace('trig-f');
    const f1 = await createPod(C1, `${ns}/api-1`);
    const f3 = await createPod(C3, `${ns}/api-3`);
    const r = ktail(['-m', '-n', ns, '-o', 'raw', '--fail-on', 'FATAL'], { home: kubeHome() });
    write(f1.app, [['api-1 up']]);
    write(f3.app, [['api-3 up']]);
    await r.waitFor((l) => l.includes('api-1 up') && l.includes('api-3 up'), 20_000);
    assert.equal(r.child.exitCode, null, 'still following');
    // one write: the lines after FATAL reach ktail in the same read
    write(f3.app, [['api-3 working'], ['FATAL: disk full', 'stderr'], ['api-3 after 1'], ['api-3 after 2']]);
    assert.equal(await r.exited, 3, r.stderr());
    assert.deepEqual(r.lines.slice(-2), ['api-3 working', 'FATAL: disk full']);
    assert.equal(r.lines.filter((l) => l.startsWith('api-3 after')).length, 0);
    assert.deepEqual(linesOf(r.stderr(), /--fail-on/), [`ktail: --fail-on matched in ${C3}/${ns}/api-3 › app`]);
    assert.deepEqual(linesOf(r.stderr(), /nothing matched/), [`ktail: cluster ${C2}: nothing matched in namespace ${ns}; still watching`]);
  });

  test('--until-each waits for every container (two containers, two clusters), then exits 0', async () => {
    const ns = uniqueNamespace('trig-each');
    const f1 = await createPod(C1, `${ns}/job-1`, { containers: ['main', 'sidecar'] });
    const f2 = await createPod(C2, `${ns}/job-2`);
    const r = ktail(['-m', '-n', ns, '-o', 'raw', '--until', 'done', '--until-each'], { home: kubeHome() });
    write(f1.main, [['main done']]);
    write(f2.app, [['app done']]);
    await r.waitFor((l) => l.includes('main done') && l.includes('app done'), 20_000);
    write(f1.sidecar, [['sidecar busy']]);
    await r.waitFor((l) => l.includes('sidecar busy'), 20_000);
    assert.equal(r.child.exitCode, null, 'the sidecar has not printed "done" yet');
    write(f1.sidecar, [['sidecar done']]);
    assert.equal(await r.exited, 0, r.stderr());
    assert.equal(r.lines.at(-1), 'sidecar done');
    assert.deepEqual(linesOf(r.stderr(), /--until/), [
      `ktail: --until matched in every container (3), the last in ${C1}/${ns}/job-1 › sidecar`,
    ]);
  });

  test('--timeout exits 124; nothing matched while following: said once per cluster, then lines of a pod created later; with --require-match: 4', async () => {
    const ns = uniqueNamespace('trig-to');
    const r = ktail(['-m', '-n', ns, '-o', 'raw', '--timeout', '20s'], { home: kubeHome() });
    await r.waitForStderr(new RegExp(`(nothing matched[^\\n]*\\n[^]*){3}`), 20_000);
    const f = await createPod(C2, `${ns}/late`);
    write(f.app, [['late line']]);
    await r.waitFor((l) => l.includes('late line'), 20_000);
    assert.equal(await r.exited, 124, r.stderr());
    assert.deepEqual(
      linesOf(r.stderr(), /nothing matched/).sort(),
      CLUSTERS.map((c) => `ktail: cluster ${c}: nothing matched in namespace ${ns}; still watching`),
    );
    assert.match(r.stderr(), /ktail: --timeout reached \(20s\)\n$/);
    const none = ktail(['-m', '-n', uniqueNamespace('trig-none'), '--timeout', '2s', '--require-match'], { home: kubeHome() });
    assert.equal(await none.exited, 4, none.stderr());
  });
});

describe('--stream', () => {
  before(async () => {
    await setFeatureGates(C3, 'PodLogsQuerySplitStreams=true');
  });
  after(async () => {
    await setFeatureGates(C3, '');
  });

  test('asked for where the apiserver takes it; every other cluster is refused with one line (exit 1)', async () => {
    const ns = uniqueNamespace('trig-stream');
    for (const c of CLUSTERS) write((await createPod(c, `${ns}/w`)).app, [[`${c} out`], [`${c} err`, 'stderr']]);
    const r = ktail(['-m', '-n', ns, '-o', 'raw', '--no-follow', '--stream', 'stderr', '--verbosity', '6'], { home: kubeHome() });
    assert.equal(await r.exited, 1, r.stderr());
    assert.deepEqual(
      linesOf(r.stderr(), /--stream/).sort(),
      [C1, C2].map(
        (c) =>
          `ktail: cluster ${c}: cannot show only stderr (--stream): its apiserver has the PodLogsQuerySplitStreams feature gate off; not followed`,
      ),
    );
    assert.equal(r.lines.filter((l) => !l.startsWith(C3)).length, 0, 'no line of a refused cluster');
    // exit 1 for the refusals, not from the process guard (an abort raised on a refused probe's stream)
    assert.doesNotMatch(r.stderr(), /internal error/);
    // kwok, the dev clusters' kubelet, ignores the parameter (a kubelet needs the gate too): the request is what is checked
    assert.match(
      r.stderr(),
      new RegExp(`${C3} "Response" verb="GET" url="[^"]*/namespaces/${ns}/pods/w/log\\?[^"]*stream=Stderr[^"]*" status="200 OK"`),
    );
  });

  test('following, when no cluster takes it: one line per cluster and exit 1 at once', async () => {
    const r = ktail(['-m', '--context', C1, '--context', C2, '-n', uniqueNamespace('trig-nostream'), '--stream', 'stdout'], {
      home: kubeHome(),
    });
    const code = await Promise.race([r.exited, new Promise((resolve) => setTimeout(resolve, 30_000, 'still following'))]);
    await r.stop();
    assert.equal(code, 1, r.stderr());
    assert.equal(linesOf(r.stderr(), /cannot show only stdout/).length, 2, r.stderr());
    assert.doesNotMatch(r.stderr(), /internal error/);
  });

  test('--no-follow, when no cluster takes it: the refusals, exit 1, no internal error', async () => {
    const r = ktail(['-m', '--context', C1, '--context', C2, '-n', uniqueNamespace('trig-nostream'), '--no-follow', '--stream', 'stderr'], {
      home: kubeHome(),
    });
    assert.equal(await r.exited, 1, r.stderr());
    assert.equal(linesOf(r.stderr(), /cannot show only stderr/).length, 2, r.stderr());
    assert.doesNotMatch(r.stderr(), /internal error/);
  });
});
