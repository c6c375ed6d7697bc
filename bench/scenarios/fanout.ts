// 2. fan-out: many clusters × many containers (10 per pod), each container a slow trickle of
// one line a second. Lines lost, peak RSS, CPU: ktail -m in one process, one stern per cluster.
// Two points over the same clusters: 5,000 streams, and 20,000 for the scale goal (RSS grows
// with streams, not with clusters). Then the RSS comparison at ~1,000 streams, one process
// each on one cluster: with the fan-out points, the third point of the RSS slope (bench/scale.ts).
import { clusterName } from '../../scripts/devcluster/index.js';
import { createStreams, createStreamsOn, kubeDirFor, removeNamespace, removeNamespaceOn, type BenchEnv } from '../env.js';
import { emitTrickle, type Stream } from '../lines.js';
import type { Command } from '../measure.js';
import { ktailMulti, ktailOne, stern, sternPerCluster, type Selection } from '../peers.js';
import { rounds } from '../repeat.js';
import { combineLive, liveRun, round2, type RepeatedLive } from './live.js';

export const fanoutClusters = (quick: boolean) => (quick ? 3 : 10);

const CONTAINERS_PER_POD = 10;

/** containers per cluster of each fan-out point (full run, quick run), and the prefix of its namespace and line tags */
const POINTS = {
  fanout: { full: 500, quick: 100, ns: 'fan', tag: 'f' },
  // quick: a small version, so that the slope still has three points
  fanout20k: { full: 2000, quick: 500, ns: 'fan20k', tag: 'g' },
} as const;
export type FanoutPoint = keyof typeof POINTS;

/** a tailer's medians divided by the streams it followed */
export interface PerStream {
  /** peak RSS ÷ streams */
  rssKb: number;
  /** CPU over the measured lines ÷ streams (one line a second each: µs per stream-second is cpuMs × 1000 ÷ seconds) */
  cpuMs: number;
}

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
  /** how long making the pods took (the clusters' share of the scenario) */
  podsSetupMs: number;
  ktail: RepeatedLive;
  /** one stern per cluster, CPU and RSS summed */
  stern: RepeatedLive;
  perStream: { ktail: PerStream; stern: PerStream };
}

export interface Rss1kResult {
  cluster: string;
  streams: number;
  seconds: number;
  rounds: number;
  ktail: RepeatedLive;
  stern: RepeatedLive;
  perStream: { ktail: PerStream; stern: PerStream };
}

export const perStreamOf = (r: RepeatedLive, streams: number): PerStream => ({
  rssKb: round2((r.peakRssMb * 1024) / streams),
  cpuMs: round2(r.cpuMs / streams),
});

const trickleRun = (env: BenchEnv, what: string, streams: Stream[], seconds: number, tag: string, commands: Command[]) =>
  liveRun(env, what, {
    commands,
    streams,
    tag,
    perStream: seconds,
    emit: (t) => emitTrickle(streams, t, seconds),
    // opening streams: a few ms each, more on a loaded machine
    readyTimeoutMs: 30_000 + streams.length * 30,
    // the bench writes every stream's line itself: at 20,000 streams on 2 loaded cores it falls
    // behind, and the last lines arrived up to 20 s after the writing ended. Waiting ends as soon
    // as every line is in, so a long bound costs nothing when none is lost.
    drainTimeoutMs: 15_000 + streams.length * 3,
  });

async function fanoutAt(env: BenchEnv, point: FanoutPoint): Promise<FanoutResult> {
  const clusters = Array.from({ length: fanoutClusters(env.quick) }, (_, i) => clusterName(i + 1));
  const p = POINTS[point];
  const containersPerCluster = env.quick ? p.quick : p.full;
  const seconds = 20;
  const namespace = `bench-${p.ns}-${env.runId}`;
  const streamCount = clusters.length * containersPerCluster;
  env.log(`${point}: ${clusters.length} clusters × ${containersPerCluster} containers, 1 line/s each for ${seconds}s`);
  const t0 = Date.now();
  const streams = await createStreamsOn(clusters, namespace, containersPerCluster / CONTAINERS_PER_POD, CONTAINERS_PER_POD);
  const podsSetupMs = Date.now() - t0;
  env.log(`${point}: ${streamCount} containers Running in ${Math.round(podsSetupMs / 1000)}s`);
  try {
    const sel: Selection = { namespace, query: '.', tail: 0, maxLogRequests: containersPerCluster };
    const kubeDir = kubeDirFor(env, clusters);
    const tag = (who: string, i: number) => `${p.tag}${who}${env.runId}r${i}`;
    const got = await rounds(env.rounds, [
      {
        key: 'ktail',
        run: (i) => trickleRun(env, `${point} ktail #${i + 1}`, streams, seconds, tag('k', i), [ktailMulti(env, kubeDir, sel)]),
      },
      {
        key: 'stern',
        run: (i) => trickleRun(env, `${point} stern #${i + 1}`, streams, seconds, tag('s', i), sternPerCluster(env, clusters, sel)),
      },
    ]);
    const ktail = combineLive(got.ktail);
    const sterns = combineLive(got.stern);
    return {
      clusters: clusters.length,
      containersPerCluster,
      containersPerPod: CONTAINERS_PER_POD,
      streams: streams.length,
      seconds,
      linesWritten: ktail.linesWritten,
      linesLost: ktail.linesLost,
      rounds: env.rounds,
      podsSetupMs,
      ktail,
      stern: sterns,
      perStream: { ktail: perStreamOf(ktail, streams.length), stern: perStreamOf(sterns, streams.length) },
    };
  } finally {
    await removeNamespaceOn(clusters, namespace);
  }
}

/** 10 clusters × 500 containers (quick: 3 × 100) */
export const fanout = (env: BenchEnv) => fanoutAt(env, 'fanout');

/** 10 clusters × 2,000 containers, 20,000 streams (quick: 3 × 500) */
export const fanout20k = (env: BenchEnv) => fanoutAt(env, 'fanout20k');

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
    const ktail = combineLive(got.ktail);
    const sterns = combineLive(got.stern);
    return {
      cluster,
      streams: streams.length,
      seconds,
      rounds: env.rounds,
      ktail,
      stern: sterns,
      perStream: { ktail: perStreamOf(ktail, streams.length), stern: perStreamOf(sterns, streams.length) },
    };
  } finally {
    await removeNamespace(cluster, namespace);
  }
}
