// with-clusters <command…>: runs the command with 3 local clusters up. Clusters that were
// already up are left alone; the ones started here are taken down afterwards. If the
// clusters cannot start, this fails loudly: e2e tests never run against nothing.
import { spawn } from 'node:child_process';
import { apiserverReady, clusterDown } from './cluster.js';
import { clusterPaths, kubeDir } from './paths.js';
import { up } from './index.js';

const CLUSTERS = Number(process.env.KTAIL_TEST_CLUSTERS ?? 3);

async function isUp(i: number): Promise<boolean> {
  return apiserverReady(clusterPaths(i)).catch(() => false);
}

async function main(): Promise<number> {
  const [cmd, ...args] = process.argv.slice(2);
  if (!cmd) throw new Error('usage: with-clusters <command> [args…]');
  const indexes = Array.from({ length: CLUSTERS }, (_, i) => i + 1);
  const wasUp = await Promise.all(indexes.map(isUp));
  const started = indexes.filter((_, k) => !wasUp[k]);
  try {
    if (started.length) process.stderr.write(`with-clusters: starting ${started.length} local cluster(s)…\n`);
    await up(CLUSTERS);
    const child = spawn(cmd, args, { stdio: 'inherit', env: { ...process.env, KTAIL_DEV_KUBE_DIR: kubeDir() } });
    return await new Promise<number>((resolve) => child.on('exit', (code, sig) => resolve(code ?? (sig ? 1 : 0))));
  } finally {
    if (started.length) {
      process.stderr.write(`with-clusters: stopping the cluster(s) started for this run\n`);
      await Promise.all(started.map((i) => clusterDown(i)));
    }
  }
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    process.stderr.write(`with-clusters: ${err.message}\n`);
    process.exit(1);
  },
);
