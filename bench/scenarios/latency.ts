// 3. latency: 20k lines/s spread over 100 streams on one cluster, each line carrying the
// Date.now() it was written at; the bench notes arrival − write for every line.
import { clusterName } from '../../scripts/devcluster/index.js';
import { createStreams, removeNamespace, type BenchEnv } from '../env.js';
import { emitAtRate } from '../lines.js';
import { ktailOne, stern, type Selection } from '../peers.js';
import { liveRun, type LiveResult } from './live.js';

export interface LatencyResult {
  cluster: string;
  streams: number;
  linesPerSec: number;
  seconds: number;
  ktail: LiveResult;
  stern: LiveResult;
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
    const run = (what: string, tag: string, cmd: ReturnType<typeof stern>) => liveRun(env, what, {
      commands: [cmd], streams, tag, perStream,
      emit: (t) => emitAtRate(streams, t, perStream, linesPerSec),
      readyTimeoutMs: 60_000,
      drainTimeoutMs: 60_000,
    });
    const ktail = await run('latency ktail', `lk${env.runId}`, ktailOne(env, cluster, sel));
    const sternRun = await run('latency stern', `ls${env.runId}`, stern(env, cluster, sel));
    return { cluster, streams: streamsCount, linesPerSec, seconds, ktail, stern: sternRun };
  } finally {
    await removeNamespace(cluster, namespace);
  }
}
