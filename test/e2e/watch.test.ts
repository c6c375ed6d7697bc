// Issue 11 item 3 on a real cluster: a watch whose credentials cannot be renewed (an exec
// plugin that starts failing) while the apiserver restarts neither crashes ktail nor ends
// that cluster's watch quietly: one warning, retries with backoff, and after recovery the
// cluster is healthy again and new pods are tailed.
import assert from 'node:assert/strict';
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import yaml from 'js-yaml';
import {
  CLUSTERS,
  clusterPaths,
  clusters,
  createPod,
  emit,
  kubeHome,
  ktail,
  startComponent,
  stopComponent,
  uniqueNamespace,
} from './harness.js';

const [C1 = ''] = CLUSTERS;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

before(async () => {
  await clusters();
});

interface Kubeconfig {
  users: { name: string; user: Record<string, unknown> }[];
}

/** A kubeconfig for `cluster` whose user is an exec plugin; the plugin fails while `failing` exists. */
function execPluginKubeconfig(home: string, cluster: string) {
  const kc = yaml.load(readFileSync(clusterPaths(cluster).tokenKubeconfig, 'utf8')) as Kubeconfig;
  const user = kc.users[0];
  assert.ok(user);
  const token = String(user.user.token);
  const failing = join(home, 'plugin-fails');
  const plugin = join(home, 'credential-plugin.sh');
  writeFileSync(
    plugin,
    `#!/bin/sh
if [ -e '${failing}' ]; then echo 'the credential plugin is down' >&2; exit 1; fi
printf '%s' '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"${token}"}}'
`,
  );
  chmodSync(plugin, 0o755);
  user.user = { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: plugin, interactiveMode: 'Never' } };
  const file = join(home, 'exec.kubeconfig');
  writeFileSync(file, yaml.dump(kc));
  return { file, fail: () => writeFileSync(failing, ''), recover: () => rmSync(failing, { force: true }) };
}

test(
  'an exec plugin failing while the apiserver restarts: no crash, one warning, and after recovery new pods are tailed',
  { timeout: 180_000 },
  async () => {
    const ns = uniqueNamespace('watch-exec');
    const home = kubeHome([]);
    const plugin = execPluginKubeconfig(home, C1);
    // three streams, each re-opened while the plugin fails, besides the watch's re-list
    await createPod(C1, `${ns}/first`, { containers: ['app', 'side'] });
    await createPod(C1, `${ns}/second`);
    const run = ktail(['--kubeconfig', plugin.file, '-n', ns, '--stats'], { home });
    try {
      await emit(C1, `${ns}/first`, 'app', { count: 1, text: 'before-' });
      await emit(C1, `${ns}/first`, 'side', { count: 1, text: 'before-' });
      await emit(C1, `${ns}/second`, 'app', { count: 1, text: 'before-' });
      await run.waitFor(
        (l) => ['first app before-1', 'first side before-1', 'second app before-1'].every((x) => l.includes(x)),
        60_000,
        'a line of each stream',
      );

      plugin.fail();
      // the watch ends with the apiserver; every re-list and re-watch now needs the failing plugin
      await stopComponent(C1, 'apiserver');
      await run.waitForStderr(/the credential plugin is down/, 60_000);
      await startComponent(C1, 'apiserver');
      await sleep(5000); // the apiserver is back, the plugin still fails: ktail keeps retrying
      assert.equal(run.child.exitCode, null, `ktail ended: ${run.stderr()}`);
      plugin.recover();

      await run.waitForStderr(/connected again/, 90_000);
      await createPod(C1, `${ns}/later`);
      await emit(C1, `${ns}/later`, 'app', { count: 1, text: 'after-' });
      await emit(C1, `${ns}/first`, 'app', { count: 1, text: 'after-' });
      await run.waitFor((l) => l.includes('later app after-1') && l.includes('first app after-1'), 90_000, 'lines after recovery');
      assert.equal(await run.stop(), 0);
      const stderr = run.stderr();
      // said once for the cluster, not again by each stream
      const pluginWarnings = stderr.split('\n').filter((l) => l.includes('the credential plugin is down'));
      assert.equal(pluginWarnings.length, 1, stderr);
      assert.match(pluginWarnings[0] ?? '', new RegExp(`^ktail: cluster ${C1}\\S*: `));
      assert.doesNotMatch(stderr, /internal error|^\s+at /m);
      // --stats counts the failed attempts: they were retried, not given up
      assert.match(stderr, /ktail stats: .*\d+\s*$/m);
    } finally {
      plugin.recover();
      await startComponent(C1, 'apiserver').catch(() => undefined);
      await run.stop();
    }
  },
);
