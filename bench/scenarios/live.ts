// One measured run of a tailer against live-written lines: start it with --tail 0, write
// ready probes until every stream has shown one, then write the run's lines and wait (bounded)
// until every one of them came back. CPU is counted from the first measured line written to
// the last one received; peak RSS over the whole run.
import { performance } from 'node:perf_hooks';
import { appendLines } from '../../scripts/devcluster/index.js';
import { LineCounter, writeProbe, type Stream } from '../lines.js';
import { percentile, sleep, startTailer, waitUntil, type Command } from '../measure.js';
import type { BenchEnv } from '../env.js';
import { medianOf, sumOf } from '../repeat.js';

export interface LiveRun {
  commands: Command[];
  streams: Stream[];
  tag: string;
  perStream: number;
  /** writes streams × perStream measured lines for this tag */
  emit(tag: string): Promise<void>;
  readyTimeoutMs: number;
  /** after emit() returns, how long to wait for the rest */
  drainTimeoutMs: number;
}

export interface LiveResult {
  processes: string[];
  streams: number;
  /** streams that showed a ready probe before the measured lines were written */
  streamsOpened: number;
  /** spawn → every stream open */
  readyMs: number;
  linesWritten: number;
  linesReceived: number;
  linesLost: number;
  duplicates: number;
  /** stdout lines that were neither measured lines nor probes */
  otherLines: number;
  complete: boolean;
  /** how long writing the measured lines took (the tailer cannot finish before) */
  emitMs: number;
  /** first measured line written → last one received (or the timeout) */
  wallMs: number;
  linesPerSec: number;
  /** user+sys over wallMs, every process of the tailer summed */
  cpuMs: number;
  cpuPerLineUs: number;
  /** user+sys over the whole run, startup included */
  cpuTotalMs: number;
  /** sum over processes of each one's VmHWM */
  peakRssMb: number;
  latencyMs?: { p50: number; p90: number; p99: number; max: number; samples: number };
  /** a process of the tailer ended before the bench stopped it */
  exitedEarly: boolean;
  /** exit code or signal of each process once stopped */
  exitCodes: (number | string | null)[];
  stderr?: string;
}

export async function liveRun(env: BenchEnv, what: string, r: LiveRun): Promise<LiveResult> {
  const counter = new LineCounter(r.tag, r.streams.length, r.perStream);
  const tailer = startTailer(r.commands, counter.onLine);
  const allExited = () => tailer.exitCodes().every((c) => c !== null);
  try {
    // ready probes: again every 2 s for the streams that have not shown one
    const readyDeadline = performance.now() + r.readyTimeoutMs;
    while (!counter.allReady && !allExited() && performance.now() < readyDeadline) {
      r.streams.forEach((s, i) => counter.isReady(i) || writeProbe(s, r.tag, i));
      await waitUntil(() => counter.allReady || allExited(), Math.min(2000, readyDeadline - performance.now())).done;
    }
    const readyMs = performance.now() - tailer.spawnedAt;
    if (!counter.allReady)
      env.log(
        `${what}: only ${counter.readyCount}/${r.streams.length} streams open after ${Math.round(readyMs / 1000)}s; measuring anyway`,
      );

    let doneAt = 0;
    let cpuAtDone = 0;
    counter.whenComplete(() => {
      doneAt = performance.now();
      cpuAtDone = tailer.meter.cpuMs();
    });
    const cpu0 = tailer.meter.cpuMs();
    const t0 = performance.now();
    await r.emit(r.tag);
    const emitMs = performance.now() - t0;
    const finished = waitUntil(() => counter.complete || allExited(), r.drainTimeoutMs);
    await finished.done;
    if (!counter.complete) {
      doneAt = performance.now();
      cpuAtDone = tailer.meter.cpuMs();
    }
    const wallMs = doneAt - t0;
    const cpuMs = cpuAtDone - cpu0;
    await sleep(200); // late duplicates, if any
    const peakRssMb = tailer.meter.peakRssMb();
    const cpuTotalMs = tailer.meter.cpuMs();
    const lat = Float64Array.from(counter.latencies).sort();
    const res: LiveResult = {
      processes: r.commands.map((c) => c.label),
      streams: r.streams.length,
      streamsOpened: counter.readyCount,
      readyMs: Math.round(readyMs),
      linesWritten: counter.expected,
      linesReceived: counter.unique,
      linesLost: counter.expected - counter.unique,
      duplicates: counter.duplicates,
      otherLines: counter.other,
      complete: counter.complete,
      emitMs: Math.round(emitMs),
      wallMs: Math.round(wallMs),
      linesPerSec: Math.round(counter.unique / (wallMs / 1000)),
      cpuMs: Math.round(cpuMs),
      cpuPerLineUs: counter.unique ? round2((cpuMs * 1000) / counter.unique) : NaN,
      cpuTotalMs: Math.round(cpuTotalMs),
      peakRssMb: round2(peakRssMb),
      latencyMs: lat.length
        ? {
            p50: percentile(lat, 50),
            p90: percentile(lat, 90),
            p99: percentile(lat, 99),
            max: lat[lat.length - 1] as number,
            samples: lat.length,
          }
        : undefined,
      exitedEarly: tailer.exitCodes().some((c) => c !== null),
      exitCodes: [],
    };
    await tailer.stop();
    res.exitCodes = tailer.exitCodes();
    if (!counter.complete || counter.duplicates || res.exitedEarly) res.stderr = tailer.stderrTail();
    env.log(
      `${what}: ${res.linesReceived}/${res.linesWritten} lines in ${(wallMs / 1000).toFixed(1)}s, cpu ${res.cpuMs} ms, rss ${res.peakRssMb} MB${res.latencyMs ? `, p99 ${res.latencyMs.p99} ms` : ''}`,
    );
    return res;
  } finally {
    await tailer.stop();
  }
}

export const round2 = (x: number) => Math.round(x * 100) / 100;

/** Every stream gets `perStream` lines as fast as the harness writes them (500-line batches, all streams interleaved). */
export async function emitFlat(streams: Stream[], tag: string, perStream: number): Promise<void> {
  await Promise.all(streams.map((s, i) => appendLines(s.file, { count: perStream, text: `${tag}.${i}.` })));
}

/** One tailer over every round: the LiveResult's fields are medians over the rounds (line counts summed), `rounds` holds each. */
export type RepeatedLive = LiveResult & { rounds: LiveResult[] };

export function combineLive(runs: LiveResult[]): RepeatedLive {
  const med = (pick: (r: LiveResult) => number) => round2(medianOf(runs, pick));
  const sum = (pick: (r: LiveResult) => number) => sumOf(runs, pick);
  const lat = runs.map((r) => r.latencyMs).filter((l): l is NonNullable<LiveResult['latencyMs']> => l !== undefined);
  const stderr = runs
    .map((r, i) => (r.stderr ? `round ${i + 1}: ${r.stderr}` : ''))
    .filter(Boolean)
    .join('\n');
  return {
    processes: runs[0]?.processes ?? [],
    streams: runs[0]?.streams ?? 0,
    // the worst round: a stream that did not open in one round is a stream that did not open
    streamsOpened: Math.min(...runs.map((r) => r.streamsOpened)),
    readyMs: med((r) => r.readyMs),
    linesWritten: sum((r) => r.linesWritten),
    linesReceived: sum((r) => r.linesReceived),
    linesLost: sum((r) => r.linesLost),
    duplicates: sum((r) => r.duplicates),
    otherLines: sum((r) => r.otherLines),
    complete: runs.every((r) => r.complete),
    emitMs: med((r) => r.emitMs),
    wallMs: med((r) => r.wallMs),
    linesPerSec: med((r) => r.linesPerSec),
    cpuMs: med((r) => r.cpuMs),
    cpuPerLineUs: med((r) => r.cpuPerLineUs),
    cpuTotalMs: med((r) => r.cpuTotalMs),
    peakRssMb: med((r) => r.peakRssMb),
    latencyMs: lat.length
      ? {
          p50: round2(medianOf(lat, (l) => l.p50)),
          p90: round2(medianOf(lat, (l) => l.p90)),
          p99: round2(medianOf(lat, (l) => l.p99)),
          max: round2(medianOf(lat, (l) => l.max)),
          samples: sumOf(lat, (l) => l.samples),
        }
      : undefined,
    exitedEarly: runs.some((r) => r.exitedEarly),
    exitCodes: runs.at(-1)?.exitCodes ?? [],
    stderr: stderr || undefined,
    rounds: runs,
  };
}
