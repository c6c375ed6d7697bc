// The results: one JSON document (bench/results/latest.json); the table on stdout is table.ts.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FanoutResult, Rss1kResult } from './scenarios/fanout.js';
import type { FiltersResult } from './scenarios/filters.js';
import type { LatencyResult } from './scenarios/latency.js';
import type { OfflineResult } from './scenarios/offline.js';
import type { OneStreamResult } from './scenarios/oneStream.js';
import type { StartupResult } from './scenarios/startup.js';
import type { ThroughputResult } from './scenarios/throughput.js';
import type { Compared, Ratios } from './ratios.js';
import type { ScaleResult } from './scale.js';

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryMb: number;
  kernel: string;
  loadAvgAtStart: number[];
  loadAvgAtEnd?: number[];
  versions: Record<string, string>;
}

export interface BenchResults {
  /** 2: the timed scenarios' per-tailer figures are medians over `rounds` (line counts summed), each round kept */
  schema: 2;
  quick: boolean;
  rounds: number;
  runId: string;
  startedAt: string;
  finishedAt: string;
  durationSec: number;
  machine: Machine;
  notes: string[];
  throughput: ThroughputResult | null;
  fanout: FanoutResult | null;
  /** the fan-out at 20,000 streams (10 clusters × 2,000; quick: 3 × 500) */
  fanout20k: FanoutResult | null;
  rss1k: Rss1kResult | null;
  latency: LatencyResult | null;
  startup: StartupResult | null;
  oneStream: OneStreamResult | null;
  filters: FiltersResult | null;
  offline: OfflineResult | null;
  /** peak RSS against streams over rss1k, fanout and fanout20k: the slope, and whether RSS per stream is flat */
  scale: ScaleResult | null;
  ratios: Ratios;
  /** each ratio's two sides over the rounds, and whether their ranges overlap */
  ratioSpreads: Record<keyof Ratios, Compared>;
  ratioDefinitions: Record<keyof Ratios, string>;
  errors: { scenario: string; message: string }[];
}

/** CPU per line a filter variant adds over no filters, now and before (medians) */
export function filterCosts(f: FiltersResult, v: FiltersResult['variants'][number]): { now: number; before: number | undefined } {
  const before = v.before && f.beforeFloor ? v.before.cpuPerLineUs.median - f.beforeFloor.cpuPerLineUs.median : undefined;
  return { now: v.ktail.cpuPerLineUs.median - f.floor.cpuPerLineUs.median, before };
}

export function writeJson(file: string, results: BenchResults): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
}
