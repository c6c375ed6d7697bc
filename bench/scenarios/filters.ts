// filters: what the line filters (-i / -e) cost per line, now (RE2 via re2js) and in ktail
// built from an older commit (JS RegExp), against stern with the same flags. One cluster,
// log-like lines of a realistic length written as fast as the harness can; every tailer runs alone,
// the tailers interleaved (the order rotated each repetition), and each figure is the median
// and range over the repetitions.
import { clusterName } from '../../scripts/devcluster/index.js';
import { buildBefore, type BeforeBuild } from '../before.js';
import { createStreams, removeNamespace, type BenchEnv } from '../env.js';
import { logLine, emitLogLines } from '../logText.js';
import type { Command } from '../measure.js';
import { ktailOne, stern, type Selection } from '../peers.js';
import { rounds, summary, type Summary } from '../repeat.js';
import { liveRun, round2, type LiveResult } from './live.js';

/** The parent of 2368520, where user regexes moved from JS RegExp to RE2 (re2js). */
export const DEFAULT_BEFORE_REF = '2368520^';

export interface FilterVariant {
  name: string;
  /** every measured line matches the first (so it alone is tested for them) */
  include: string[];
  /** no line matches */
  exclude: string[];
}

// Patterns both JS RegExp and RE2 take, none a plain literal (which both would search as a substring).
export const FILTER_VARIANTS: FilterVariant[] = [
  { name: 'alternation', include: ['level=(info|warn|error)'], exclude: ['DEBUG|healthz'] },
  {
    name: 'any case (classes)',
    include: ['[Ee][Rr][Rr][Oo][Rr]|[Ww][Aa][Rr][Nn]|[Ii][Nn][Ff][Oo]'],
    exclude: ['[Dd][Ee][Bb][Uu][Gg]|[Hh][Ee][Aa][Ll][Tt][Hh][Zz]'],
  },
];

/** a second -i so that the ready probes (r.<tag>.<stream>) pass the filter too */
export const PROBE_INCLUDE = '^r\\.';

export type Spread = Summary;

export interface TailerFigures {
  command: string;
  cpuPerLineUs: Spread;
  /** summed over the repetitions */
  linesLost: number;
  duplicates: number;
  runs: LiveResult[];
}

export interface FiltersResult {
  cluster: string;
  containers: number;
  linesPerContainer: number;
  /** mean length of a measured line (the bench's token and the log text) */
  lineBytes: number;
  repetitions: number;
  probeInclude: string;
  before: BeforeBuild;
  /** ktail now, no filters */
  floor: TailerFigures;
  /** the older build, no filters (null: it could not be built) */
  beforeFloor: TailerFigures | null;
  variants: (FilterVariant & { ktail: TailerFigures; before: TailerFigures | null; stern: TailerFigures })[];
}

function figures(runs: LiveResult[]): TailerFigures {
  return {
    command: runs[0]?.processes.join(' + ') ?? '',
    cpuPerLineUs: summary(runs.map((r) => r.cpuPerLineUs)),
    linesLost: runs.reduce((n, r) => n + r.linesLost, 0),
    duplicates: runs.reduce((n, r) => n + r.duplicates, 0),
    runs,
  };
}

interface Slot {
  key: string;
  command: Command;
}

function slots(env: BenchEnv, cluster: string, sel: Selection, before: BeforeBuild): Slot[] {
  const withFilters = (v: FilterVariant): Selection => ({ ...sel, include: [...v.include, PROBE_INCLUDE], exclude: v.exclude });
  const old = before.bin;
  const list: Slot[] = [{ key: 'floor', command: ktailOne(env, cluster, sel) }];
  if (old) list.push({ key: 'beforeFloor', command: ktailOne(env, cluster, sel, old, 'ktail-before') });
  FILTER_VARIANTS.forEach((v, i) => {
    list.push({ key: `${i}.ktail`, command: ktailOne(env, cluster, withFilters(v)) });
    if (old) list.push({ key: `${i}.before`, command: ktailOne(env, cluster, withFilters(v), old, 'ktail-before') });
    list.push({ key: `${i}.stern`, command: stern(env, cluster, withFilters(v)) });
  });
  return list;
}

export async function filters(env: BenchEnv, beforeRef = DEFAULT_BEFORE_REF): Promise<FiltersResult> {
  const cluster = clusterName(1);
  const containers = 20;
  const linesPerContainer = env.quick ? 3000 : 15_000;
  const repetitions = env.rounds;
  const before = buildBefore(env, beforeRef);
  if (!before.bin) env.log(`filters: no "before" figures: ${before.error}`);
  const namespace = `bench-filt-${env.runId}`;
  env.log(`filters: ${containers} containers × ${linesPerContainer} lines, ${repetitions} repetitions`);
  const streams = await createStreams(cluster, namespace, containers / 10, 10);
  try {
    const sel: Selection = { namespace, query: '.', tail: 0, maxLogRequests: containers };
    const list = slots(env, cluster, sel, before);
    const runs: Record<string, LiveResult[]> = await rounds(
      repetitions,
      list.map((slot, i) => ({
        key: slot.key,
        run: (rep: number) =>
          liveRun(env, `filters ${slot.key} #${rep + 1}`, {
            commands: [slot.command],
            streams,
            tag: `f${env.runId}x${rep}y${i}`,
            perStream: linesPerContainer,
            emit: (t) => emitLogLines(streams, t, linesPerContainer),
            readyTimeoutMs: 60_000,
            drainTimeoutMs: env.quick ? 60_000 : 120_000,
          }),
      })),
      { rotate: true },
    );
    const of = (key: string) => {
      const r = runs[key];
      return r?.length ? figures(r) : null;
    };
    const sample = Array.from({ length: linesPerContainer }, (_, i) => logLine(`f${env.runId}x0y0`, 9, i + 1).length);
    return {
      cluster,
      containers,
      linesPerContainer,
      repetitions,
      probeInclude: PROBE_INCLUDE,
      before,
      lineBytes: round2(sample.reduce((a, b) => a + b, 0) / sample.length),
      floor: of('floor') as TailerFigures,
      beforeFloor: of('beforeFloor'),
      variants: FILTER_VARIANTS.map((v, i) => ({
        ...v,
        ktail: of(`${i}.ktail`) as TailerFigures,
        before: of(`${i}.before`),
        stern: of(`${i}.stern`) as TailerFigures,
      })),
    };
  } finally {
    await removeNamespace(cluster, namespace);
  }
}
