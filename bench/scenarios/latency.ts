// 3. latency: 20k lines/s spread over 100 streams on one cluster, each line carrying the
// Date.now() it was written at; the bench notes arrival − write for every line.
import { clusterName } from '../../scripts/devcluster/index.js';
import { createStreams, removeNamespace, type BenchEnv } from '../env.js';
import { emitAtRate } from '../lines.js';
import { ktailOne, stern, type Selection } from '../peers.js';
import { rounds } from '../repeat.js';
import { combineLive, liveRun, type RepeatedLive } from './live.js';

export interface LatencyResult {
  cluster: string;
  streams: number;
  linesPerSec: number;
  seconds: number;
  rounds: number;
  ktail: RepeatedLive;
  stern: RepeatedLive;
}

export async function latency(env: BenchEnv): Promise<LatencyResult> {
  const cluster = clusterName(1);
  const streamsCount = 100;
  const linesPerSec = 20_000;
  const seconds = env.quick ? 5 : 10;
  const perStream = (linesPerSec / streamsCount) * seconds;
  const namespace = `bench-lat-${env.runId}`;
  env.log(`latency: ${linesPerSec} lines/s over ${streamsCount} streams for ${seconds}s on ${cluster}`);
  const streams = await createStreams(cluster, namespace, streamsCount / 10, 10);
  try {
    const sel: Selection = { namespace, query: '.', tail: 0, maxLogRequests: streamsCount };
    const run = (what: string, tag: string, cmd: ReturnType<typeof stern>) =>
      liveRun(env, what, {
        commands: [cmd],
        streams,
        tag,
        perStream,
        emit: (t) => emitAtRate(streams, t, perStream, linesPerSec),
        readyTimeoutMs: 60_000,
        drainTimeoutMs: 60_000,
      });
    const got = await rounds(env.rounds, [
      { key: 'ktail', run: (i) => run(`latency ktail #${i + 1}`, `lk${env.runId}r${i}`, ktailOne(env, cluster, sel)) },
      { key: 'stern', run: (i) => run(`latency stern #${i + 1}`, `ls${env.runId}r${i}`, stern(env, cluster, sel)) },
    ]);
    return {
      cluster,
      streams: streamsCount,
      linesPerSec,
      seconds,
      rounds: env.rounds,
      ktail: combineLive(got.ktail),
      stern: combineLive(got.stern),
    };
  } finally {
    await removeNamespace(cluster, namespace);
  }
}
