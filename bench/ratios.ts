// The ratios (ktail ÷ peer) of a run: each from the medians over the rounds of the two sides,
// with both sides' ranges, and whether those overlap (the spread is wider than the difference).
import type { BenchResults } from './report.js';
import type { FiltersResult } from './scenarios/filters.js';
import { rangesOverlap, summary, type Summary } from './repeat.js';

export interface Ratios {
  /** throughput: ktail CPU per line ÷ stern's (3 sterns summed) */
  cpuPerLineVsStern: number | null;
  /** throughput: ktail wall time to every line ÷ stern's */
  throughputWallVsStern: number | null;
  /** startup: median first line, ktail -m over 5 clusters ÷ stern on 1 */
  firstLineVsStern: number | null;
  /** startup: median first line, ktail -m over 5 clusters ÷ node printing a line (goal ≤ 1.3) */
  firstLineVsNodeFloor: number | null;
  /** startup: the same for ktail on one cluster */
  firstLineOneVsNodeFloor: number | null;
  /** latency: p99 ktail ÷ stern */
  p99LatencyVsStern: number | null;
  p50LatencyVsStern: number | null;
  /** ~1,000 streams on one cluster: peak RSS ktail ÷ stern (goal ≤ 1.5) */
  rssVsStern: number | null;
  /** fan-out: ktail's one process ÷ the sum over one stern per cluster */
  fanoutRssVsStern: number | null;
  fanoutCpuVsStern: number | null;
  /** fan-out at 20,000 streams (10 clusters × 2,000): ktail's peak RSS ÷ the 10 sterns' summed (goal ≤ 0.5) */
  fanout20kRssVsStern: number | null;
  fanout20kCpuVsStern: number | null;
  /** one stream: lines/s ktail ÷ kubectl logs -f (above 1: ktail faster) */
  oneStreamLinesPerSecVsKubectl: number | null;
  oneStreamCpuPerLineVsKubectl: number | null;
  /** one stream: lines/s ktail ÷ stern (goal ≥ 1) */
  oneStreamLinesPerSecVsStern: number | null;
  /** throughput: peak RSS of ktail -m ÷ the 3 sterns' summed (goal ≤ 1) */
  throughputRssVsStern: number | null;
  /** filters (first variant): median CPU per line with -i/-e, ktail ÷ ktail built before the RE2 change */
  filterCpuPerLineVsBefore: number | null;
  filterCpuPerLineVsStern: number | null;
  /** filters: ktail with -i/-e ÷ ktail without */
  filterCpuPerLineVsFloor: number | null;
  /** offline: CPU of ktail --log-dir reading every line ÷ zcat/cat of the same files (goal ≤ 3) */
  offlineCpuVsZcat: number | null;
  /** offline: CPU of --tail 10 on the tree ÷ on a tree 10× smaller (goal ≈ 1: the cost does not follow the tree) */
  offlineTailCostRatio: number | null;
}

/** what each ratio divides, in the JSON next to the figures */
export const RATIO_DEFINITIONS: Record<keyof Ratios, string> = {
  cpuPerLineVsStern: "throughput: ktail -m CPU per line ÷ the 3 sterns' (summed) CPU per line; below 1: ktail cheaper",
  throughputWallVsStern: "throughput: ktail wall time to the last line ÷ stern's",
  firstLineVsStern: 'startup: median spawn→first line of ktail -m over 5 clusters ÷ stern on 1 cluster',
  firstLineVsNodeFloor:
    "startup: median spawn→first line of ktail -m over 5 clusters ÷ node -e writing one line (the runtime's own start-up); goal ≤ 1.3",
  firstLineOneVsNodeFloor: 'startup: median spawn→first line of ktail on 1 cluster ÷ node -e writing one line; goal ≤ 1.3',
  p99LatencyVsStern: 'latency: p99 of (arrival − write time), ktail ÷ stern',
  p50LatencyVsStern: 'latency: p50, ktail ÷ stern',
  rssVsStern: 'rss1k: peak RSS (VmHWM) at ~1,000 streams on one cluster, one process each, ktail ÷ stern (goal ≤ 1.5)',
  fanoutRssVsStern: "fan-out: ktail's peak RSS ÷ the sum of the sterns' (one per cluster)",
  fanoutCpuVsStern: 'fan-out: CPU during the trickle, ktail ÷ the sterns summed',
  fanout20kRssVsStern:
    "fan-out at 20,000 streams (10 clusters × 2,000): ktail's peak RSS ÷ the sum of the 10 sterns' (--max-log-requests 2000 each); goal ≤ 0.5",
  fanout20kCpuVsStern: 'fan-out at 20,000 streams: CPU during the trickle, ktail ÷ the 10 sterns summed',
  oneStreamLinesPerSecVsKubectl: 'one stream: lines/s (spawn → last line), ktail ÷ kubectl logs -f; above 1: ktail faster',
  oneStreamCpuPerLineVsKubectl: 'one stream: CPU per line (startup included), ktail ÷ kubectl',
  oneStreamLinesPerSecVsStern: 'one stream: lines/s (spawn → last line), ktail ÷ stern; above 1: ktail faster (goal ≥ 1)',
  throughputRssVsStern: "throughput: ktail -m peak RSS ÷ the 3 sterns' peak RSS summed (goal ≤ 1)",
  filterCpuPerLineVsBefore:
    'filters, first variant: median CPU per line with -i/-e, ktail ÷ ktail built from the commit before the RE2 change (JS RegExp); below 1: now cheaper',
  filterCpuPerLineVsStern: 'filters, first variant: median CPU per line with -i/-e, ktail ÷ stern with the same flags',
  filterCpuPerLineVsFloor: 'filters, first variant: median CPU per line with -i/-e ÷ without filters, both ktail now',
  offlineCpuVsZcat:
    'offline: median CPU (user+sys) of ktail --log-dir DIR -o raw reading every line (startup included) ÷ zcat/cat of the same files; goal ≤ 3',
  offlineTailCostRatio:
    'offline: median CPU of ktail --log-dir --tail 10 on the tree ÷ on a tree with the same containers and 10× fewer lines; about 1: the cost does not grow with the tree',
};

/** per-round values of one figure; undefined: the scenario did not run */
export type Values = readonly number[] | undefined;

export interface Compared {
  /** median ktail ÷ median peer */
  ratio: number | null;
  ktail: Summary | null;
  peer: Summary | null;
  /** the two ranges (min–max over the rounds) overlap: the ratio may be noise */
  rangesOverlap: boolean;
}

type Measured = Omit<BenchResults, 'ratios' | 'ratioDefinitions' | 'ratioSpreads'>;

export const ratio = (a: number | undefined, b: number | undefined): number | null =>
  a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || b === 0 ? null : Math.round((a / b) * 1000) / 1000;

export function compare(k: Values, p: Values): Compared {
  const ks = k?.length ? summary(k) : null;
  const ps = p?.length ? summary(p) : null;
  return { ratio: ratio(ks?.median, ps?.median), ktail: ks, peer: ps, rangesOverlap: ks !== null && ps !== null && rangesOverlap(ks, ps) };
}

/** one figure of every round of a repeated tailer (a missing figure counts as none) */
export const per = <R>(x: { rounds: readonly R[] } | null | undefined, pick: (r: R) => number | undefined): Values =>
  x?.rounds.map((r) => pick(r) ?? NaN);
const filterRuns = (x: FiltersResult['floor'] | null | undefined): Values => x?.runs.map((r) => r.cpuPerLineUs);
const runsMs = (x: { runsMs: readonly (number | null)[] } | null | undefined): Values => x?.runsMs.map((v) => v ?? NaN);

/** what each ratio compares: ktail's values and the peer's, one per round */
export const RATIO_INPUTS: Record<keyof Ratios, (r: Measured) => [Values, Values]> = {
  cpuPerLineVsStern: (r) => [per(r.throughput?.ktail, (x) => x.cpuPerLineUs), per(r.throughput?.stern, (x) => x.cpuPerLineUs)],
  throughputWallVsStern: (r) => [per(r.throughput?.ktail, (x) => x.wallMs), per(r.throughput?.stern, (x) => x.wallMs)],
  firstLineVsStern: (r) => [runsMs(r.startup?.ktailMulti), runsMs(r.startup?.stern)],
  firstLineVsNodeFloor: (r) => [runsMs(r.startup?.ktailMulti), runsMs(r.startup?.nodeFloor)],
  firstLineOneVsNodeFloor: (r) => [runsMs(r.startup?.ktailOne), runsMs(r.startup?.nodeFloor)],
  p99LatencyVsStern: (r) => [per(r.latency?.ktail, (x) => x.latencyMs?.p99), per(r.latency?.stern, (x) => x.latencyMs?.p99)],
  p50LatencyVsStern: (r) => [per(r.latency?.ktail, (x) => x.latencyMs?.p50), per(r.latency?.stern, (x) => x.latencyMs?.p50)],
  rssVsStern: (r) => [per(r.rss1k?.ktail, (x) => x.peakRssMb), per(r.rss1k?.stern, (x) => x.peakRssMb)],
  fanoutRssVsStern: (r) => [per(r.fanout?.ktail, (x) => x.peakRssMb), per(r.fanout?.stern, (x) => x.peakRssMb)],
  fanoutCpuVsStern: (r) => [per(r.fanout?.ktail, (x) => x.cpuMs), per(r.fanout?.stern, (x) => x.cpuMs)],
  fanout20kRssVsStern: (r) => [per(r.fanout20k?.ktail, (x) => x.peakRssMb), per(r.fanout20k?.stern, (x) => x.peakRssMb)],
  fanout20kCpuVsStern: (r) => [per(r.fanout20k?.ktail, (x) => x.cpuMs), per(r.fanout20k?.stern, (x) => x.cpuMs)],
  oneStreamLinesPerSecVsKubectl: (r) => [per(r.oneStream?.ktail, (x) => x.linesPerSec), per(r.oneStream?.kubectl, (x) => x.linesPerSec)],
  oneStreamCpuPerLineVsKubectl: (r) => [per(r.oneStream?.ktail, (x) => x.cpuPerLineUs), per(r.oneStream?.kubectl, (x) => x.cpuPerLineUs)],
  oneStreamLinesPerSecVsStern: (r) => [per(r.oneStream?.ktail, (x) => x.linesPerSec), per(r.oneStream?.stern, (x) => x.linesPerSec)],
  throughputRssVsStern: (r) => [per(r.throughput?.ktail, (x) => x.peakRssMb), per(r.throughput?.stern, (x) => x.peakRssMb)],
  filterCpuPerLineVsBefore: (r) => [filterRuns(r.filters?.variants[0]?.ktail), filterRuns(r.filters?.variants[0]?.before)],
  filterCpuPerLineVsStern: (r) => [filterRuns(r.filters?.variants[0]?.ktail), filterRuns(r.filters?.variants[0]?.stern)],
  filterCpuPerLineVsFloor: (r) => [filterRuns(r.filters?.variants[0]?.ktail), filterRuns(r.filters?.floor)],
  offlineCpuVsZcat: (r) => [runsMs(r.offline?.fullRead), runsMs(r.offline?.floor)],
  offlineTailCostRatio: (r) => [runsMs(r.offline?.tail10), runsMs(r.offline?.tail10Small)],
};

export function compareAll(r: Measured): Record<keyof Ratios, Compared> {
  return Object.fromEntries(Object.entries(RATIO_INPUTS).map(([key, inputs]) => [key, compare(...inputs(r))])) as Record<
    keyof Ratios,
    Compared
  >;
}

export const ratiosOf = (spreads: Record<keyof Ratios, Compared>): Ratios =>
  Object.fromEntries(Object.entries(spreads).map(([key, c]) => [key, c.ratio])) as unknown as Ratios;
