// The npm tarball installs and runs as `ktail` and as the kubectl plugin `kubectl ktail`,
// against a real cluster.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { binaries, CLUSTERS, clusters, createPod, emit, kubeHome, uniqueNamespace } from './harness.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

before(async () => {
  await clusters();
});

test('npm pack → npm i -g → `ktail` and `kubectl ktail` follow a real cluster', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ktail-pack-'));
  execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'));
  assert.ok(tarball, 'npm pack made a tarball');
  const prefix = join(dir, 'global');
  execFileSync('npm', ['install', '--global', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', join(dir, tarball)], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const binDir = join(prefix, 'bin');
  assert.ok(existsSync(join(binDir, 'ktail')) && existsSync(join(binDir, 'kubectl-ktail')));

  const c = CLUSTERS[0] ?? '';
  const ns = uniqueNamespace('pack');
  await createPod(c, `${ns}/p`);
  await emit(c, `${ns}/p`, 'app', { count: 2, text: 'packed-' });
  const home = kubeHome([c]);
  const env = { PATH: `${binDir}:${join(binaries.kubectl(), '..')}:${process.env.PATH}`, HOME: home, KUBECONFIG: join(home, '.kube', c) };
  const direct = spawnSync('ktail', ['-n', ns, '--no-follow'], { env, encoding: 'utf8' });
  assert.equal(direct.status, 0, direct.stderr);
  assert.deepEqual(direct.stdout.trimEnd().split('\n'), ['p app packed-1', 'p app packed-2']);
  const plugin = spawnSync('kubectl', ['ktail', '-n', ns, '--no-follow', '-o', 'raw'], { env, encoding: 'utf8' });
  assert.equal(plugin.status, 0, plugin.stderr);
  assert.deepEqual(plugin.stdout.trimEnd().split('\n'), ['packed-1', 'packed-2']);
  assert.match(spawnSync('ktail', ['--version'], { env, encoding: 'utf8' }).stdout, /^\d+\.\d+\.\d+/);
});
