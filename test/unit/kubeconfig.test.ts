import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ConfigError, UsageError } from '../../src/shared/errors.js';
import { resolveClusters } from '../../src/kubeconfig/clusters.js';

const SECRET = 'sekret-token-do-not-print';

function kubeconfig(contexts: { name: string; server: string; token?: string }[], current = contexts[0]?.name ?? ''): string {
  return `apiVersion: v1
kind: Config
clusters:
${contexts.map((c) => `- name: ${c.name}\n  cluster:\n    server: ${c.server}`).join('\n')}
users:
${contexts.map((c) => `- name: ${c.name}-user\n  user:\n    token: ${c.token ?? SECRET}`).join('\n')}
contexts:
${contexts.map((c) => `- name: ${c.name}\n  context:\n    cluster: ${c.name}\n    user: ${c.name}-user\n    namespace: ns-${c.name}`).join('\n')}
current-context: ${current}
`;
}

function kubeDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ktail-kube-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const multi = (dir: string, contexts: string[] = []) => resolveClusters({ multiple: true, kubeDir: dir, contexts }, {});

test('-m reads every kubeconfig under the dir, every context, skipping cache folders and non-kubeconfigs', () => {
  const dir = kubeDir({
    config: kubeconfig([
      { name: 'a', server: 'https://a:6443' },
      { name: 'b', server: 'https://b:6443' },
    ]),
    'team/c.yaml': kubeconfig([{ name: 'c', server: 'https://c:6443' }]),
    'cache/discovery/x.json': kubeconfig([{ name: 'cached', server: 'https://x:6443' }]),
    'http-cache/y': 'garbage',
    'notes.txt': 'just some notes',
    'broken.yaml': `clusters: [\n  token: ${SECRET}\n  - :`,
  });
  const { clusters, warnings } = multi(dir);
  assert.deepEqual(clusters.map((c) => c.name).sort(), ['a', 'b', 'c']);
  assert.deepEqual(clusters.map((c) => c.namespaces.join()).sort(), ['ns-a', 'ns-b', 'ns-c']);
  assert.equal(warnings.length, 2);
  assert.ok(warnings.some((w) => w.includes('notes.txt')));
  assert.ok(warnings.some((w) => w.includes('broken.yaml')));
  assert.ok(
    warnings.every((w) => !w.includes(SECRET) && !w.includes('\n')),
    'warnings are one line and never quote credentials',
  );
});

test('-m deduplicates the same server + credentials found twice; same context name elsewhere gets a unique name', () => {
  const dir = kubeDir({
    config: kubeconfig([{ name: 'prod', server: 'https://p:6443' }]),
    'backup/config': kubeconfig([{ name: 'prod', server: 'https://p:6443' }]),
    'other/eu': kubeconfig([{ name: 'prod', server: 'https://eu:6443' }]),
  });
  const names = multi(dir)
    .clusters.map((c) => c.name)
    .sort();
  assert.deepEqual(names, ['prod@config', 'prod@eu']);
});

test('--context globs select contexts; a glob that matches nothing is a usage error naming it', () => {
  const dir = kubeDir({
    config: kubeconfig([
      { name: 'prod-eu', server: 'https://1' },
      { name: 'prod-us', server: 'https://2' },
      { name: 'dev', server: 'https://3' },
    ]),
  });
  assert.deepEqual(
    multi(dir, ['prod-*']).clusters.map((c) => c.name),
    ['prod-eu', 'prod-us'],
  );
  assert.throws(
    () => multi(dir, ['staging']),
    (e: unknown) => e instanceof UsageError && /"staging"/.test(e.message),
  );
});

test('single mode: current context of --kubeconfig; KUBECONFIG list merges with the first file winning', () => {
  const dir = kubeDir({
    one: kubeconfig([{ name: 'x', server: 'https://one' }], 'x'),
    two: kubeconfig(
      [
        { name: 'x', server: 'https://two' },
        { name: 'y', server: 'https://y' },
      ],
      'y',
    ),
  });
  const viaFlag = resolveClusters({ multiple: false, kubeDir: dir, kubeconfig: join(dir, 'two'), contexts: [] }, {});
  assert.deepEqual(
    viaFlag.clusters.map((c) => c.name),
    ['y'],
  );
  const viaEnv = resolveClusters(
    { multiple: false, kubeDir: dir, contexts: [] },
    { KUBECONFIG: `${join(dir, 'one')}:${join(dir, 'missing')}:${join(dir, 'two')}` },
  );
  assert.deepEqual(
    viaEnv.clusters.map((c) => [c.name, c.server]),
    [['x', 'https://one']],
  );
});

test('nothing configured is a clear error, never a silent localhost:8080', () => {
  const empty = kubeDir({});
  assert.throws(
    () => resolveClusters({ multiple: false, kubeDir: empty, contexts: [] }, {}),
    (e: unknown) => e instanceof ConfigError && /no kubeconfig found/.test(e.message),
  );
  assert.throws(
    () => multi(empty),
    (e: unknown) => e instanceof ConfigError && /no kubeconfig/.test(e.message),
  );
});

test('an unreadable --kubeconfig is an error naming the file', () => {
  assert.throws(
    () => resolveClusters({ multiple: false, kubeDir: '/nonexistent', kubeconfig: '/nonexistent/kc', contexts: [] }, {}),
    (e: unknown) => e instanceof ConfigError && e.message.includes('/nonexistent/kc'),
  );
});

const single = (env: NodeJS.ProcessEnv, contexts: string[] = []) =>
  resolveClusters({ multiple: false, kubeDir: '/nonexistent', contexts }, env);
const kcEnv = (dir: string, ...files: string[]) => ({ KUBECONFIG: files.map((f) => join(dir, f)).join(':') });

test('KUBECONFIG=a:b: a context in a may use a cluster and a user defined only in b', () => {
  const dir = kubeDir({
    a: 'apiVersion: v1\nkind: Config\ncontexts:\n- name: split\n  context:\n    cluster: far\n    user: far-user\n    namespace: team\ncurrent-context: split\n',
    b: `apiVersion: v1\nkind: Config\nclusters:\n- name: far\n  cluster:\n    server: https://far:6443\nusers:\n- name: far-user\n  user:\n    token: ${SECRET}\n`,
  });
  const { clusters, warnings } = single(kcEnv(dir, 'a', 'b'));
  assert.deepEqual(warnings, []);
  assert.deepEqual(
    clusters.map((c) => [c.name, c.server, c.namespaces]),
    [['split', 'https://far:6443', ['team']]],
  );
  assert.equal(clusters[0]?.kc.getCurrentUser()?.token, SECRET, 'the user from b is the one used');
});

test('KUBECONFIG merge: the first file to define a cluster, user or context name wins (no error on duplicates)', () => {
  const dir = kubeDir({
    one: kubeconfig([{ name: 'x', server: 'https://one', token: 'first' }], 'x'),
    two: kubeconfig(
      [
        { name: 'x', server: 'https://two', token: 'second' },
        { name: 'y', server: 'https://y' },
      ],
      'y',
    ),
  });
  const { clusters } = single(kcEnv(dir, 'one', 'two'), ['*']);
  assert.deepEqual(
    clusters.map((c) => [c.name, c.server, c.kc.getCurrentUser()?.token]),
    [
      ['x', 'https://one', 'first'],
      ['y', 'https://y', SECRET],
    ],
  );
});

test('KUBECONFIG merge: current-context comes from the first file that sets one', () => {
  const dir = kubeDir({
    none: kubeconfig([{ name: 'n', server: 'https://n' }], ''),
    two: kubeconfig([{ name: 'y', server: 'https://y' }], 'y'),
    three: kubeconfig([{ name: 'z', server: 'https://z' }], 'z'),
  });
  assert.deepEqual(
    single(kcEnv(dir, 'none', 'two', 'three')).clusters.map((c) => c.name),
    ['y'],
  );
  assert.deepEqual(
    single(kcEnv(dir, 'three', 'two')).clusters.map((c) => c.name),
    ['z'],
  );
});

test('KUBECONFIG merge: a file of the list that does not exist is ignored', () => {
  const dir = kubeDir({ two: kubeconfig([{ name: 'y', server: 'https://y' }], 'y') });
  assert.deepEqual(
    single(kcEnv(dir, 'gone', 'two', 'also-gone')).clusters.map((c) => c.name),
    ['y'],
  );
});

test('contexts reaching the same server with the same credentials are one cluster watching the union of their namespaces', () => {
  const user = `users:\n- name: u\n  user:\n    token: ${SECRET}\n`;
  const ctx = (name: string, ns?: string) =>
    `- name: ${name}\n  context:\n    cluster: c\n    user: u\n${ns ? `    namespace: ${ns}\n` : ''}`;
  const dir = kubeDir({
    config: `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: https://same:6443\n${user}contexts:\n${ctx('ns1', 'ns1')}${ctx('ns2', 'ns2')}${ctx('again', 'ns1')}${ctx('plain')}current-context: ns1\n`,
  });
  const { clusters, warnings } = multi(dir);
  assert.deepEqual(warnings, []);
  assert.deepEqual(
    clusters.map((c) => [c.name, c.namespaces]),
    [['ns1', ['ns1', 'ns2', 'default']]],
  );
});

test('-m: the KUBECONFIG list is one merged source beside the files of the dir', () => {
  const dir = kubeDir({ 'kube/own': kubeconfig([{ name: 'own', server: 'https://own' }]) });
  const split = kubeDir({
    a: 'apiVersion: v1\nkind: Config\ncontexts:\n- name: split\n  context:\n    cluster: far\n    user: far-user\n',
    b: `apiVersion: v1\nkind: Config\nclusters:\n- name: far\n  cluster:\n    server: https://far:6443\nusers:\n- name: far-user\n  user:\n    token: ${SECRET}\n`,
  });
  const { clusters, warnings } = resolveClusters({ multiple: true, kubeDir: join(dir, 'kube'), contexts: [] }, kcEnv(split, 'a', 'b'));
  assert.deepEqual(clusters.map((c) => [c.name, c.server]).sort(), [
    ['own', 'https://own'],
    ['split', 'https://far:6443'],
  ]);
  assert.deepEqual(warnings, []);
});
