// 1. throughput: 3 clusters × 30 containers, a fixed count of lines per container written as
// fast as the harness can. ktail -m follows the 3 clusters in one process; stern follows one
// context per process, so 3 sterns run side by side and their CPU and RSS are summed.
import { clusterName } from '../../scripts/devcluster/index.js';
import { createStreamsOn, kubeDirFor, removeNamespaceOn, type BenchEnv } from '../env.js';
import { ktailMulti, sternPerCluster, type Selection } from '../peers.js';
import { rounds } from '../repeat.js';
import { combineLive, emitFlat, liveRun, type RepeatedLive } from './live.js';

export const THROUGHPUT_CLUSTERS = 3;

export interface ThroughputResult {
  clusters: number;
  containersPerCluster: number;
  linesPerContainer: number;
  /** per round */
  linesWritten: number;
  rounds: number;
  ktail: RepeatedLive;
  /** one stern per cluster, CPU and RSS summed */
  stern: RepeatedLive;
}

export async function throughput(env: BenchEnv): Promise<ThroughputResult> {
  const clusters = Array.from({ length: THROUGHPUT_CLUSTERS }, (_, i) => clusterName(i + 1));
  const containersPerCluster = 30;
  const linesPerContainer = env.quick ? 5000 : 20_000;
  const namespace = `bench-tput-${env.runId}`;
  env.log(`throughput: ${clusters.length} clusters × ${containersPerCluster} containers × ${linesPerContainer} lines`);
  const streams = await createStreamsOn(clusters, namespace, containersPerCluster / 10, 10);
  try {
    const sel: Selection = { namespace, query: '.', tail: 0, maxLogRequests: containersPerCluster };
    const run = (tag: string, round: number, commands: ReturnType<typeof sternPerCluster>) =>
      liveRun(env, `throughput ${commands[0]?.label.split(' ')[0]} #${round + 1}`, {
        commands,
        streams,
        tag,
        perStream: linesPerContainer,
        emit: (t) => emitFlat(streams, t, linesPerContainer),
        readyTimeoutMs: 60_000,
        drainTimeoutMs: env.quick ? 60_000 : 180_000,
      });
    const kubeDir = kubeDirFor(env, clusters);
    const got = await rounds(env.rounds, [
      { key: 'ktail', run: (i) => run(`tk${env.runId}r${i}`, i, [ktailMulti(env, kubeDir, sel)]) },
      { key: 'stern', run: (i) => run(`ts${env.runId}r${i}`, i, sternPerCluster(env, clusters, sel)) },
    ]);
    return {
      clusters: clusters.length,
      containersPerCluster,
      linesPerContainer,
      linesWritten: streams.length * linesPerContainer,
      rounds: env.rounds,
      ktail: combineLive(got.ktail),
      stern: combineLive(got.stern),
    };
  } finally {
    await removeNamespaceOn(clusters, namespace);
  }
}
