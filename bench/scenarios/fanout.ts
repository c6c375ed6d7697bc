// 2. fan-out: many clusters × many containers (10 per pod), each container a slow trickle of
// one line a second. Lines lost, peak RSS, CPU: ktail -m in one process, one stern per cluster.
// Then the RSS comparison at ~1,000 streams, one process each on one cluster.
import { clusterName } from '../../scripts/devcluster/index.js';
import { createStreams, createStreamsOn, kubeDirFor, removeNamespace, removeNamespaceOn, type BenchEnv } from '../env.js';
import { emitTrickle, type Stream } from '../lines.js';
import type { Command } from '../measure.js';
import { ktailMulti, ktailOne, stern, sternPerCluster, type Selection } from '../peers.js';
import { rounds } from '../repeat.js';
import { combineLive, liveRun, type RepeatedLive } from './live.js';

export const fanoutClusters = (quick: boolean) => (quick ? 3 : 10);

export interface FanoutResult {
  clusters: number;
  containersPerCluster: number;
  containersPerPod: number;
  /** ktail's streams (= containers) */
  streams: number;
  seconds: number;
  /** ktail's, summed over the rounds */
  linesWritten: number;
  linesLost: number;
  rounds: number;
  ktail: RepeatedLive;
  /** one stern per cluster, CPU and RSS summed */
  stern: RepeatedLive;
}

export interface Rss1kResult {
  cluster: string;
  streams: number;
  seconds: number;
  rounds: number;
  ktail: RepeatedLive;
  stern: RepeatedLive;
}

const trickleRun = (env: BenchEnv, what: string, streams: Stream[], seconds: number, tag: string, commands: Command[]) =>
  liveRun(env, what, {
    commands,
    streams,
    tag,
    perStream: seconds,
    emit: (t) => emitTrickle(streams, t, seconds),
    // opening streams: a few ms each, more on a loaded machine
    readyTimeoutMs: 30_000 + streams.length * 30,
    drainTimeoutMs: 15_000,
  });

export async function fanout(env: BenchEnv): Promise<FanoutResult> {
  const clusters = Array.from({ length: fanoutClusters(env.quick) }, (_, i) => clusterName(i + 1));
  const containersPerCluster = env.quick ? 100 : 500;
  const containersPerPod = 10;
  const seconds = 20;
  const namespace = `bench-fan-${env.runId}`;
  env.log(`fan-out: ${clusters.length} clusters × ${containersPerCluster} containers, 1 line/s each for ${seconds}s`);
  const streams = await createStreamsOn(clusters, namespace, containersPerCluster / containersPerPod, containersPerPod);
  try {
    const sel: Selection = { namespace, query: '.', tail: 0, maxLogRequests: containersPerCluster };
    const kubeDir = kubeDirFor(env, clusters);
    const got = await rounds(env.rounds, [
      {
        key: 'ktail',
        run: (i) => trickleRun(env, `fan-out ktail #${i + 1}`, streams, seconds, `fk${env.runId}r${i}`, [ktailMulti(env, kubeDir, sel)]),
      },
      {
        key: 'stern',
        run: (i) =>
          trickleRun(env, `fan-out stern #${i + 1}`, streams, seconds, `fs${env.runId}r${i}`, sternPerCluster(env, clusters, sel)),
      },
    ]);
    const ktail = combineLive(got.ktail);
    return {
      clusters: clusters.length,
      containersPerCluster,
      containersPerPod,
      streams: streams.length,
      seconds,
      linesWritten: ktail.linesWritten,
      linesLost: ktail.linesLost,
      rounds: env.rounds,
      ktail,
      stern: combineLive(got.stern),
    };
  } finally {
    await removeNamespaceOn(clusters, namespace);
  }
}

/** ~1,000 streams on one cluster, one ktail and one stern process: the RSS comparison. */
export async function rss1k(env: BenchEnv): Promise<Rss1kResult> {
  const cluster = clusterName(1);
  const pods = 100;
  const seconds = env.quick ? 10 : 20;
  const namespace = `bench-rss-${env.runId}`;
  env.log(`rss at 1,000 streams: ${cluster}, ${pods} pods × 10 containers, 1 line/s each for ${seconds}s`);
  const streams = await createStreams(cluster, namespace, pods, 10);
  try {
    const sel: Selection = { namespace, query: '.', tail: 0, maxLogRequests: streams.length };
    const got = await rounds(env.rounds, [
      {
        key: 'ktail',
        run: (i) => trickleRun(env, `rss1k ktail #${i + 1}`, streams, seconds, `mk${env.runId}r${i}`, [ktailOne(env, cluster, sel)]),
      },
      {
        key: 'stern',
        run: (i) => trickleRun(env, `rss1k stern #${i + 1}`, streams, seconds, `ms${env.runId}r${i}`, [stern(env, cluster, sel)]),
      },
    ]);
    return { cluster, streams: streams.length, seconds, rounds: env.rounds, ktail: combineLive(got.ktail), stern: combineLive(got.stern) };
  } finally {
    await removeNamespace(cluster, namespace);
  }
}
