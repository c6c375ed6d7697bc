// 5. one stream: lines pre-written into one container, then ktail, `kubectl logs -f` and
// (for reference) stern, each in follow mode from the start of the log, timed from spawn
// until every line arrived; the process is then stopped. Follow mode for all three keeps
// the comparison even and lets the bench read the process's CPU before it exits.
import { performance } from 'node:perf_hooks';
import { appendLines, clusterName, createPod } from '../../scripts/devcluster/index.js';
import { removeNamespace, type BenchEnv } from '../env.js';
import { LineCounter } from '../lines.js';
import { startTailer, waitUntil, type Command } from '../measure.js';
import { kubectlLogs, ktailOne, stern, type Selection } from '../peers.js';
import { round2 } from './live.js';

export interface OneRun {
  command: string;
  linesReceived: number;
  duplicates: number;
  complete: boolean;
  firstLineMs: number;
  /** spawn → last line */
  totalMs: number;
  /** lines / totalMs */
  linesPerSec: number;
  /** lines / (last − first line): startup left out */
  streamingLinesPerSec: number;
  cpuMs: number;
  cpuPerLineUs: number;
  peakRssMb: number;
  stderr?: string;
}

export interface OneStreamResult {
  cluster: string;
  lines: number;
  mode: string;
  ktail: OneRun;
  kubectl: OneRun;
  stern: OneRun;
}

async function readAll(cmd: Command, tag: string, lines: number, timeoutMs: number): Promise<OneRun> {
  const counter = new LineCounter(tag, 1, lines);
  const tailer = startTailer([cmd], counter.onLine);
  let doneAt = 0;
  let cpu = 0;
  counter.whenComplete(() => {
    doneAt = performance.now();
    cpu = tailer.meter.cpuMs();
  });
  await waitUntil(() => counter.complete || tailer.exitCodes().every((c) => c !== null), timeoutMs).done;
  if (!counter.complete) {
    doneAt = performance.now();
    cpu = tailer.meter.cpuMs();
  }
  const peakRssMb = tailer.meter.peakRssMb();
  await tailer.stop();
  const totalMs = doneAt - tailer.spawnedAt;
  const first = (tailer.firstLineAt ?? doneAt) - tailer.spawnedAt;
  return {
    command: cmd.label,
    linesReceived: counter.unique,
    duplicates: counter.duplicates,
    complete: counter.complete,
    firstLineMs: Math.round(first),
    totalMs: Math.round(totalMs),
    linesPerSec: Math.round(counter.unique / (totalMs / 1000)),
    streamingLinesPerSec: Math.round(counter.unique / (Math.max(1, totalMs - first) / 1000)),
    cpuMs: Math.round(cpu),
    cpuPerLineUs: round2((cpu * 1000) / Math.max(1, counter.unique)),
    peakRssMb: round2(peakRssMb),
    stderr: counter.complete ? undefined : tailer.stderrTail(),
  };
}

export async function oneStream(env: BenchEnv): Promise<OneStreamResult> {
  const cluster = clusterName(1);
  const lines = 200_000;
  const namespace = `bench-one-${env.runId}`;
  const tag = `o${env.runId}`;
  env.log(`one stream: ${lines} lines pre-written in one container on ${cluster}`);
  const files = await createPod(cluster, `${namespace}/p000`, { containers: ['c0'] });
  await appendLines(files.c0 as string, { count: lines, text: `${tag}.0.` });
  try {
    const sel: Selection = { namespace, query: '^p000$', container: '^c0$', tail: -1, maxLogRequests: 50 };
    const timeout = env.quick ? 90_000 : 180_000;
    const ktail = await readAll(ktailOne(env, cluster, sel), tag, lines, timeout);
    env.log(`one stream ktail: ${ktail.linesReceived} lines, ${ktail.linesPerSec} lines/s`);
    const kubectl = await readAll(kubectlLogs(env, cluster, namespace, 'p000', 'c0', true), tag, lines, timeout);
    env.log(`one stream kubectl: ${kubectl.linesReceived} lines, ${kubectl.linesPerSec} lines/s`);
    const sternRun = await readAll(stern(env, cluster, sel), tag, lines, timeout);
    env.log(`one stream stern: ${sternRun.linesReceived} lines, ${sternRun.linesPerSec} lines/s`);
    return { cluster, lines, mode: 'follow (ktail default, kubectl logs -f, stern), whole log (--tail -1), stopped once every line arrived', ktail, kubectl, stern: sternRun };
  } finally {
    await removeNamespace(cluster, namespace);
  }
}
