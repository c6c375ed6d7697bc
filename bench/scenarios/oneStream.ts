// 5. one stream: lines pre-written into one container, then ktail, `kubectl logs -f` and
// (for reference) stern, each in follow mode from the start of the log, timed from spawn
// until every line arrived; the process is then stopped. Follow mode for all three keeps
// the comparison even and lets the bench read the process's CPU before it exits.
// KTAIL_BENCH_BASELINE=path/to/bin/ktail.js measures another build beside them.
import { performance } from 'node:perf_hooks';
import { appendLines, clusterName, createPod } from '../../scripts/devcluster/index.js';
import { removeNamespace, type BenchEnv } from '../env.js';
import { LineCounter } from '../lines.js';
import { startTailer, waitUntil, type Command } from '../measure.js';
import { kubectlLogs, ktailOne, stern, type Selection } from '../peers.js';
import { medianOf, rounds, sumOf } from '../repeat.js';
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

/** One tool over every round: medians (lines received and duplicates summed), `rounds` holds each. */
export type RepeatedOne = OneRun & { rounds: OneRun[] };

export interface OneStreamResult {
  cluster: string;
  lines: number;
  mode: string;
  rounds: number;
  ktail: RepeatedOne;
  kubectl: RepeatedOne;
  stern: RepeatedOne;
  /** KTAIL_BENCH_BASELINE's build */
  baseline?: RepeatedOne;
}

function combineOne(runs: OneRun[]): RepeatedOne {
  const med = (pick: (r: OneRun) => number) => round2(medianOf(runs, pick));
  const stderr = runs
    .map((r, i) => (r.stderr ? `round ${i + 1}: ${r.stderr}` : ''))
    .filter(Boolean)
    .join('\n');
  return {
    command: runs[0]?.command ?? '',
    linesReceived: sumOf(runs, (r) => r.linesReceived),
    duplicates: sumOf(runs, (r) => r.duplicates),
    complete: runs.every((r) => r.complete),
    firstLineMs: med((r) => r.firstLineMs),
    totalMs: med((r) => r.totalMs),
    linesPerSec: med((r) => r.linesPerSec),
    streamingLinesPerSec: med((r) => r.streamingLinesPerSec),
    cpuMs: med((r) => r.cpuMs),
    cpuPerLineUs: med((r) => r.cpuPerLineUs),
    peakRssMb: med((r) => r.peakRssMb),
    stderr: stderr || undefined,
    rounds: runs,
  };
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
    const read = (what: string, cmd: Command) => async (i: number) => {
      const r = await readAll(cmd, tag, lines, timeout);
      env.log(`one stream ${what} #${i + 1}: ${r.linesReceived} lines, ${r.linesPerSec} lines/s`);
      return r;
    };
    const baselineBin = process.env.KTAIL_BENCH_BASELINE;
    const got: Partial<Record<string, OneRun[]>> = await rounds<string, OneRun>(env.rounds, [
      { key: 'ktail', run: read('ktail', ktailOne(env, cluster, sel)) },
      { key: 'kubectl', run: read('kubectl', kubectlLogs(env, cluster, namespace, 'p000', 'c0', true)) },
      { key: 'stern', run: read('stern', stern(env, cluster, sel)) },
      ...(baselineBin ? [{ key: 'baseline', run: read('baseline', ktailOne(env, cluster, sel, baselineBin, 'baseline')) }] : []),
    ]);
    return {
      cluster,
      lines,
      mode: 'follow (ktail default, kubectl logs -f, stern), whole log (--tail -1), stopped once every line arrived',
      rounds: env.rounds,
      ktail: combineOne(got.ktail ?? []),
      kubectl: combineOne(got.kubectl ?? []),
      stern: combineOne(got.stern ?? []),
      ...(got.baseline ? { baseline: combineOne(got.baseline) } : {}),
    };
  } finally {
    await removeNamespace(cluster, namespace);
  }
}
