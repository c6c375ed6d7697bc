// Issue 11 item 2: kubeconfigs as kubectl reads them, on a real cluster.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import yaml from 'js-yaml';
import { clusterPaths, createPod, emit, ktail, seq, uniqueNamespace, up } from './harness.js';

const CLUSTER = 'ktail-dev-1';

interface Named {
  name: string;
  [k: string]: unknown;
}
interface Kubeconfig {
  clusters: Named[];
  users: Named[];
  contexts: { name: string; context: Record<string, string> }[];
  'current-context': string;
}

const devKubeconfig = () => yaml.load(readFileSync(clusterPaths(CLUSTER).kubeconfig, 'utf8')) as Kubeconfig;
const write = (dir: string, name: string, doc: object) => {
  const file = join(dir, name);
  writeFileSync(file, yaml.dump({ apiVersion: 'v1', kind: 'Config', ...doc }));
  return file;
};

before(async () => {
  await up(1);
});

test("KUBECONFIG=a:b with the context in a and its cluster and user in b prints the pod's lines", async () => {
  const ns = uniqueNamespace('split');
  await createPod(CLUSTER, `${ns}/web`);
  await emit(CLUSTER, `${ns}/web`, 'app', { count: 5, text: 'split-' });
  const kc = devKubeconfig();
  const dir = mkdtempSync(join(tmpdir(), 'ktail-split-'));
  const a = write(dir, 'a', {
    contexts: [{ name: 'split', context: { cluster: kc.clusters[0]?.name, user: kc.users[0]?.name, namespace: ns } }],
    'current-context': 'split',
  });
  const b = write(dir, 'b', { clusters: kc.clusters, users: kc.users });
  const home = mkdtempSync(join(tmpdir(), 'ktail-home-'));
  const run = ktail(['web', '--no-follow'], { home, env: { KUBECONFIG: `${a}:${b}` } });
  const code = await run.exited;
  assert.equal(code, 0, run.stderr());
  assert.deepEqual(run.lines, seq('web app split-', 5));
});

test("two contexts to the same server and user, namespaces ns1 and ns2: ktail -m prints both pods' lines once each", async () => {
  const ns1 = uniqueNamespace('ns1');
  const ns2 = uniqueNamespace('ns2');
  await createPod(CLUSTER, `${ns1}/one`);
  await createPod(CLUSTER, `${ns2}/two`);
  await emit(CLUSTER, `${ns1}/one`, 'app', { count: 5, text: 'one-' });
  await emit(CLUSTER, `${ns2}/two`, 'app', { count: 5, text: 'two-' });
  const kc = devKubeconfig();
  const ctx = (name: string, namespace: string) => ({
    name,
    context: { cluster: kc.clusters[0]?.name, user: kc.users[0]?.name, namespace },
  });
  const home = mkdtempSync(join(tmpdir(), 'ktail-home-'));
  mkdirSync(join(home, '.kube'));
  write(join(home, '.kube'), 'config', {
    clusters: kc.clusters,
    users: kc.users,
    contexts: [ctx('in-ns1', ns1), ctx('in-ns2', ns2)],
    'current-context': 'in-ns1',
  });
  const run = ktail(['-m', '.', '--no-follow'], { home });
  const code = await run.exited;
  assert.equal(code, 0, run.stderr());
  // one cluster watching two namespaces: the namespace column is shown, no cluster column
  const expected = [...seq(`${ns1} one app one-`, 5), ...seq(`${ns2} two app two-`, 5)];
  assert.deepEqual([...run.lines].sort(), expected.sort());
});

// A token file as tools write it (`echo $TOKEN > token`, a projected service-account token):
// a trailing newline, a path relative to the kubeconfig. kubectl trims and resolves it;
// client-node alone sends the newline and is refused.
test("a user's token-file, relative and ending in a newline, is read as kubectl reads it", async () => {
  const ns = uniqueNamespace('tokenfile');
  await createPod(CLUSTER, `${ns}/web`);
  await emit(CLUSTER, `${ns}/web`, 'app', { count: 3, text: 'tok-' });
  const tokenConfig = yaml.load(readFileSync(clusterPaths(CLUSTER).tokenKubeconfig, 'utf8')) as Kubeconfig;
  const user = tokenConfig.users[0] as { name: string; user: { token?: string } };
  const token = user.user.token ?? '';
  assert.ok(token, 'the dev cluster has a token user');
  const dir = mkdtempSync(join(tmpdir(), 'ktail-tokenfile-'));
  mkdirSync(join(dir, 'secrets'));
  writeFileSync(join(dir, 'secrets', 'token'), `${token}\n`);
  const file = write(dir, 'config', { ...tokenConfig, users: [{ name: user.name, user: { 'token-file': 'secrets/token' } }] });
  const home = mkdtempSync(join(tmpdir(), 'ktail-home-'));
  const run = ktail(['--kubeconfig', file, '-n', ns, 'web', '--no-follow'], { home });
  const code = await run.exited;
  assert.equal(code, 0, run.stderr());
  assert.deepEqual(run.lines, seq('web app tok-', 3));
  assert.ok(!run.stderr().includes(token), 'the token is never printed');
});
