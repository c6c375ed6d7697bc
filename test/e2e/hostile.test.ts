// Issue 6: untrusted log text, credentials, permissions and signals, on the real clusters.
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { KubeConfig, RbacAuthorizationV1Api } from '@kubernetes/client-node';
import { CLUSTERS, clusterPaths, clusters, createPod, criTimestamp, emit, kubeHome, ktail, seq, uniqueNamespace } from './harness.js';

const KTAIL = fileURLToPath(new URL('../../bin/ktail.js', import.meta.url));
const [C1 = ''] = CLUSTERS;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const HOSTILE = Buffer.concat([
  Buffer.from('evil \u001b[2J\u001b]0;pwned\u0007 \u001b]8;;http://x\u0007link\u001b]8;;\u0007 \r over '),
  Buffer.from([0xc2, 0x9b]),
  Buffer.from('31m c1 '),
  Buffer.from([0xff, 0xfe, 0x80]),
  Buffer.from(' end'),
]);

/** A CRI entry whose message is arbitrary bytes, appended as a runtime would. */
const appendRaw = (file: string, message: Buffer) =>
  appendFileSync(file, Buffer.concat([Buffer.from(`${criTimestamp()} stdout F `), message, Buffer.from('\n')]));

before(async () => {
  await clusters();
});

describe('hostile log text', () => {
  test('escape sequences and invalid UTF-8: neutralised on a terminal, intact in -o raw to a pipe', async () => {
    const ns = uniqueNamespace('hostile');
    const files = await createPod(C1, `${ns}/p`);
    appendRaw(files.app ?? '', HOSTILE);
    const home = kubeHome([C1]);
    const kubeconfig = join(home, '.kube', C1);
    // a real pseudo-terminal: script(1) runs ktail with its stdout on a pty
    const tty = spawnSync(
      'script',
      ['-qfec', `node ${KTAIL} --kubeconfig ${kubeconfig} -n ${ns} --no-follow --color never --quiet`, '/dev/null'],
      { encoding: 'latin1', env: { ...process.env, HOME: home } },
    );
    assert.equal(tty.status, 0, tty.stderr);
    const screen = tty.stdout.replace(/\r\n/g, '\n');
    assert.ok(!screen.includes('\u001b'), `no ESC reached the terminal: ${JSON.stringify(screen)}`);
    assert.ok(!/[\u0080-\u009f]/.test(Buffer.from(screen, 'latin1').toString('utf8')), 'no C1 control reached the terminal');
    assert.match(
      Buffer.from(screen, 'latin1').toString('utf8'),
      /^p app evil \^\[\[2J\^\[\]0;pwned\^G \^\[\]8;;http:\/\/x\^Glink\^\[\]8;;\^G \^M over \\x9b31m c1 \ufffd\ufffd\ufffd end\n$/,
    );
    const pipe = spawnSync(process.execPath, [KTAIL, '--kubeconfig', kubeconfig, '-n', ns, '--no-follow', '-o', 'raw'], {
      env: { ...process.env, HOME: home },
    });
    assert.equal(pipe.status, 0);
    assert.deepEqual(pipe.stdout, Buffer.concat([HOSTILE, Buffer.from('\n')]), 'byte for byte');
    const json = spawnSync(process.execPath, [KTAIL, '--kubeconfig', kubeconfig, '-n', ns, '--no-follow', '-o', 'json'], {
      env: { ...process.env, HOME: home },
      encoding: 'utf8',
    });
    const parsed = JSON.parse(json.stdout) as { message: string };
    assert.ok(parsed.message.startsWith('evil \u001b[2J'), 'JSON carries the text, escaped');
    assert.ok(!json.stdout.includes('\u001b'));
  });

  test('a 3 MiB line without end is passed on in pieces, memory bounded, nothing lost', async () => {
    const ns = uniqueNamespace('longline');
    const files = await createPod(C1, `${ns}/p`);
    const long = Buffer.alloc(3 * 1024 * 1024 + 5, 'z');
    appendRaw(files.app ?? '', long);
    await emit(C1, `${ns}/p`, 'app', { count: 1, text: 'after-' });
    const home = kubeHome([C1]);
    const r = spawnSync(process.execPath, [KTAIL, '--kubeconfig', join(home, '.kube', C1), '-n', ns, '--no-follow', '-o', 'raw'], {
      env: { ...process.env, HOME: home },
      maxBuffer: 64 << 20,
    });
    assert.equal(r.status, 0, String(r.stderr));
    const lines = r.stdout.toString('latin1').split('\n').slice(0, -1);
    assert.deepEqual(
      lines.slice(0, -1).map((l) => l.length),
      [1 << 20, 1 << 20, 1 << 20, 5],
    );
    assert.equal(lines.at(-1), 'after-1');
  });
});

describe('credentials and permissions', () => {
  test('a token kubeconfig with --verbose: the token never appears, not even when it is refused', async () => {
    const ns = uniqueNamespace('token');
    await createPod(C1, `${ns}/p`);
    await emit(C1, `${ns}/p`, 'app', { count: 2 });
    const tokenConfig = clusterPaths(C1).tokenKubeconfig;
    const token = /token: (\S+)/.exec(readFileSync(tokenConfig, 'utf8'))?.[1] ?? '';
    assert.ok(token.length > 20);
    const ok = ktail(['--kubeconfig', tokenConfig, '-n', ns, '--verbose'], { home: kubeHome([]) });
    await ok.waitFor((l) => l.includes('p app line-2'), 20_000);
    assert.equal(await ok.stop(), 0);
    const wrong = readFileSync(tokenConfig, 'utf8').replace(token, `${token.slice(0, -4)}0000`);
    const wrongFile = join(kubeHome([]), 'wrong-token');
    appendFileSync(wrongFile, wrong);
    const refused = ktail(['--kubeconfig', wrongFile, '-n', ns, '--verbose'], { home: kubeHome([]) });
    await refused.waitForStderr(/unauthorized \(401\)/, 20_000);
    await sleep(3000); // retries happen: still one report
    assert.equal(await refused.stop(), 0);
    for (const run of [ok, refused]) {
      const everything = run.lines.join('\n') + run.stderr();
      assert.ok(!everything.includes(token) && !everything.includes(token.slice(0, -4)), 'no token in any output');
    }
    // the refusal, not any "401": the cluster's URL is on stderr too, and a port like 24012 holds one
    assert.equal(refused.stderr().match(/unauthorized \(401\)/g)?.length, 1, 'reported once, not once per retry');
  });

  test('RBAC: pods/log forbidden is reported once; granted later, the lines arrive', async () => {
    const ns = uniqueNamespace('rbac');
    await createPod(C1, `${ns}/p`);
    await emit(C1, `${ns}/p`, 'app', { count: 3 });
    const kc = new KubeConfig();
    kc.loadFromFile(clusterPaths(C1).kubeconfig);
    const rbac = kc.makeApiClient(RbacAuthorizationV1Api);
    const rules = (withLogs: boolean) => [
      { apiGroups: [''], resources: withLogs ? ['pods', 'pods/log'] : ['pods'], verbs: ['get', 'list', 'watch'] },
    ];
    await rbac.createNamespacedRole({ namespace: ns, body: { metadata: { name: 'reader' }, rules: rules(false) } });
    await rbac.createNamespacedRoleBinding({
      namespace: ns,
      body: {
        metadata: { name: 'reader' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' },
        subjects: [{ kind: 'User', name: 'ktail-limited', apiGroup: 'rbac.authorization.k8s.io' }],
      },
    });
    const run = ktail(['--kubeconfig', clusterPaths(C1).limitedKubeconfig, '-n', ns], { home: kubeHome([]) });
    await run.waitForStderr(/forbidden/, 20_000);
    await sleep(4000);
    assert.equal(
      run
        .stderr()
        .split('\n')
        .filter((l) => /forbidden/.test(l)).length,
      1,
      `once: ${run.stderr()}`,
    );
    await rbac.replaceNamespacedRole({ name: 'reader', namespace: ns, body: { metadata: { name: 'reader' }, rules: rules(true) } });
    await run.waitFor((l) => l.length >= 3, 30_000, 'the lines once pods/log is allowed');
    assert.equal(await run.stop(), 0);
    assert.deepEqual(run.lines, seq('p app line-', 3));
  });
});

describe('signals', () => {
  test('SIGTERM: whole lines flushed, exit 0', async () => {
    const ns = uniqueNamespace('sigterm');
    await createPod(C1, `${ns}/p`);
    await emit(C1, `${ns}/p`, 'app', { count: 5000 });
    const home = kubeHome([C1]);
    const run = ktail(['--kubeconfig', join(home, '.kube', C1), '-n', ns], { home });
    await run.waitFor((l) => l.length > 0, 20_000);
    run.child.kill('SIGTERM');
    assert.equal(await run.exited, 0);
    assert.ok(
      run.lines.every((l, i) => l === `p app line-${i + 1}`),
      'only whole lines, in order',
    );
  });
});
