// kubectl's connection overrides (--show-hidden-options) on a real cluster: each one changes
// what ktail connects with, so each case starts from a kubeconfig that does not work, or works
// differently, without the flag.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { CLUSTERS, clusterPaths, clusters, createPod, emit, kubeHome, ktail, seq, uniqueNamespace } from './harness.js';

const [C1 = '', C2 = ''] = CLUSTERS;
let ns = '';
const dir = mkdtempSync(join(tmpdir(), 'ktail-conn-'));

async function runToEnd(args: string[], home = kubeHome([C1])) {
  const kubeconfig = args.includes('--kubeconfig') || args.includes('-m') ? [] : ['--kubeconfig', clusterPaths(C1).kubeconfig];
  const run = ktail([...kubeconfig, ...args, '--no-follow', '-n', ns], { home });
  const code = await run.exited;
  return { lines: run.lines, stderr: run.stderr(), code };
}

/** The cluster's kubeconfig with `edit` applied to its text. */
function variant(name: string, edit: (text: string) => string): string {
  const file = join(dir, name);
  writeFileSync(file, edit(readFileSync(clusterPaths(C1).kubeconfig, 'utf8')), { mode: 0o600 });
  return file;
}

before(async () => {
  await clusters();
  ns = uniqueNamespace('conn');
  await createPod(C1, `${ns}/p`);
  await emit(C1, `${ns}/p`, 'app', { count: 3, text: 'c-' });
});

test('--as impersonates (a user without grants is forbidden); --as-group adds a group (system:masters may)', async () => {
  const nobody = await runToEnd(['--as', 'nobody']);
  assert.equal(nobody.code, 1, nobody.stderr);
  assert.deepEqual(nobody.lines, []);
  assert.match(nobody.stderr, /forbidden/);
  assert.match(nobody.stderr, /nobody/);
  const masters = await runToEnd(['--as', 'nobody', '--as-group', 'system:masters', '--as-uid', 'u-1']);
  assert.equal(masters.code, 0, masters.stderr);
  assert.deepEqual(masters.lines, seq('p app c-', 3));
});

test('--server replaces a wrong server; --token replaces missing credentials (and is never printed)', async () => {
  const server = `https://127.0.0.1:${clusterPaths(C1).ports.apiserver}`;
  const wrong = variant('wrong-server', (t) => t.replace(server, 'https://127.0.0.1:1'));
  const fixed = await runToEnd(['--kubeconfig', wrong, '--server', server]);
  assert.equal(fixed.code, 0, fixed.stderr);
  assert.deepEqual(fixed.lines, seq('p app c-', 3));
  const token = readFileSync(join(clusterPaths(C1).dir, 'pki', 'tokens.csv'), 'utf8').split(',')[0] ?? '';
  const anonymous = variant('no-user', (t) => t.replace(/ {4}client-certificate-data: .*\n {4}client-key-data: .*\n/, '    {}\n'));
  const refused = await runToEnd(['--kubeconfig', anonymous]);
  assert.equal(refused.code, 1, 'without --token the anonymous user is refused');
  const withToken = await runToEnd(['--kubeconfig', anonymous, '--token', token, '--verbosity', '8']);
  assert.equal(withToken.code, 0, withToken.stderr);
  assert.deepEqual(withToken.lines, seq('p app c-', 3));
  assert.ok(!withToken.stderr.includes(token), 'the token appears nowhere on stderr');
});

test('--tls-server-name is what the certificate is checked against; --insecure-skip-tls-verify only when asked', async () => {
  const bad = await runToEnd(['--tls-server-name', 'not-the-apiserver.example']);
  assert.equal(bad.code, 1);
  assert.deepEqual(bad.lines, []);
  const noCa = variant('no-ca', (t) => t.replace(/ {4}certificate-authority-data: .*\n/, ''));
  assert.equal((await runToEnd(['--kubeconfig', noCa])).code, 1, 'an unknown CA is refused');
  const ca = await runToEnd(['--kubeconfig', noCa, '--certificate-authority', join(clusterPaths(C1).dir, 'pki', 'ca.crt')]);
  assert.equal(ca.code, 0, ca.stderr);
  const insecure = await runToEnd(['--kubeconfig', noCa, '--insecure-skip-tls-verify']);
  assert.equal(insecure.code, 0, insecure.stderr);
  assert.deepEqual(insecure.lines, seq('p app c-', 3));
});

test('a flag that names one cluster is refused over several (exit 2, one line); --as applies to all', async () => {
  const home = kubeHome([C1, C2]);
  const r = await runToEnd(['-m', '--server', 'https://127.0.0.1:1'], home);
  assert.deepEqual(
    [r.code, r.lines, r.stderr],
    [2, [], 'ktail: --server names one cluster, but 2 are selected: pick one with --context\n'],
  );
  const all = await runToEnd(['-m', '--as', 'nobody'], home);
  assert.equal(all.code, 1);
  assert.deepEqual(
    all.stderr.match(/^ktail: cluster [^:]+: forbidden \(403\)/gm)?.sort(),
    [`ktail: cluster ${C1}: forbidden (403)`, `ktail: cluster ${C2}: forbidden (403)`],
    all.stderr,
  );
});
