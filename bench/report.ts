// The results: one JSON document (bench/results/latest.json) and a table on stdout.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FanoutResult, Rss1kResult } from './scenarios/fanout.js';
import type { FiltersResult } from './scenarios/filters.js';
import type { LatencyResult } from './scenarios/latency.js';
import type { OfflineResult } from './scenarios/offline.js';
import type { OneStreamResult } from './scenarios/oneStream.js';
import type { StartupResult } from './scenarios/startup.js';
import type { ThroughputResult } from './scenarios/throughput.js';

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryMb: number;
  kernel: string;
  loadAvgAtStart: number[];
  loadAvgAtEnd?: number[];
  versions: Record<string, string>;
}

export interface Ratios {
  /** throughput: ktail CPU per line ÷ stern's (3 sterns summed) */
  cpuPerLineVsStern: number | null;
  /** throughput: ktail wall time to every line ÷ stern's */
  throughputWallVsStern: number | null;
  /** startup: median first line, ktail -m over 5 clusters ÷ stern on 1 */
  firstLineVsStern: number | null;
  /** latency: p99 ktail ÷ stern */
  p99LatencyVsStern: number | null;
  p50LatencyVsStern: number | null;
  /** ~1,000 streams on one cluster: peak RSS ktail ÷ stern (goal ≤ 1.5) */
  rssVsStern: number | null;
  /** fan-out: ktail's one process ÷ the sum over one stern per cluster */
  fanoutRssVsStern: number | null;
  fanoutCpuVsStern: number | null;
  /** one stream: lines/s ktail ÷ kubectl logs -f (above 1: ktail faster) */
  oneStreamLinesPerSecVsKubectl: number | null;
  oneStreamCpuPerLineVsKubectl: number | null;
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
  cpuPerLineVsStern: 'throughput: ktail -m CPU per line ÷ the 3 sterns\' (summed) CPU per line; below 1: ktail cheaper',
  throughputWallVsStern: 'throughput: ktail wall time to the last line ÷ stern\'s',
  firstLineVsStern: 'startup: median spawn→first line of ktail -m over 5 clusters ÷ stern on 1 cluster',
  p99LatencyVsStern: 'latency: p99 of (arrival − write time), ktail ÷ stern',
  p50LatencyVsStern: 'latency: p50, ktail ÷ stern',
  rssVsStern: 'rss1k: peak RSS (VmHWM) at ~1,000 streams on one cluster, one process each, ktail ÷ stern (goal ≤ 1.5)',
  fanoutRssVsStern: 'fan-out: ktail\'s peak RSS ÷ the sum of the sterns\' (one per cluster)',
  fanoutCpuVsStern: 'fan-out: CPU during the trickle, ktail ÷ the sterns summed',
  oneStreamLinesPerSecVsKubectl: 'one stream: lines/s (spawn → last line), ktail ÷ kubectl logs -f; above 1: ktail faster',
  oneStreamCpuPerLineVsKubectl: 'one stream: CPU per line (startup included), ktail ÷ kubectl',
  filterCpuPerLineVsBefore: 'filters, first variant: median CPU per line with -i/-e, ktail ÷ ktail built from the commit before the RE2 change (JS RegExp); below 1: now cheaper',
  filterCpuPerLineVsStern: 'filters, first variant: median CPU per line with -i/-e, ktail ÷ stern with the same flags',
  filterCpuPerLineVsFloor: 'filters, first variant: median CPU per line with -i/-e ÷ without filters, both ktail now',
  offlineCpuVsZcat: 'offline: median CPU (user+sys) of ktail --log-dir DIR -o raw reading every line (startup included) ÷ zcat/cat of the same files; goal ≤ 3',
  offlineTailCostRatio: 'offline: median CPU of ktail --log-dir --tail 10 on the tree ÷ on a tree with the same containers and 10× fewer lines; about 1: the cost does not grow with the tree',
};

export interface BenchResults {
  schema: 1;
  quick: boolean;
  runId: string;
  startedAt: string;
  finishedAt: string;
  durationSec: number;
  machine: Machine;
  notes: string[];
  throughput: ThroughputResult | null;
  fanout: FanoutResult | null;
  rss1k: Rss1kResult | null;
  latency: LatencyResult | null;
  startup: StartupResult | null;
  oneStream: OneStreamResult | null;
  filters: FiltersResult | null;
  offline: OfflineResult | null;
  ratios: Ratios;
  ratioDefinitions: Record<keyof Ratios, string>;
  errors: { scenario: string; message: string }[];
}

const ratio = (a: number | undefined, b: number | undefined): number | null =>
  a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || b === 0 ? null : Math.round((a / b) * 1000) / 1000;

export function computeRatios(r: Omit<BenchResults, 'ratios' | 'ratioDefinitions'>): Ratios {
  return {
    cpuPerLineVsStern: ratio(r.throughput?.ktail.cpuPerLineUs, r.throughput?.stern.cpuPerLineUs),
    throughputWallVsStern: ratio(r.throughput?.ktail.wallMs, r.throughput?.stern.wallMs),
    firstLineVsStern: ratio(r.startup?.ktailMulti.medianMs, r.startup?.stern.medianMs),
    p99LatencyVsStern: ratio(r.latency?.ktail.latencyMs?.p99, r.latency?.stern.latencyMs?.p99),
    p50LatencyVsStern: ratio(r.latency?.ktail.latencyMs?.p50, r.latency?.stern.latencyMs?.p50),
    rssVsStern: ratio(r.rss1k?.ktail.peakRssMb, r.rss1k?.stern.peakRssMb),
    fanoutRssVsStern: ratio(r.fanout?.ktail.peakRssMb, r.fanout?.stern.peakRssMb),
    fanoutCpuVsStern: ratio(r.fanout?.ktail.cpuMs, r.fanout?.stern.cpuMs),
    oneStreamLinesPerSecVsKubectl: ratio(r.oneStream?.ktail.linesPerSec, r.oneStream?.kubectl.linesPerSec),
    oneStreamCpuPerLineVsKubectl: ratio(r.oneStream?.ktail.cpuPerLineUs, r.oneStream?.kubectl.cpuPerLineUs),
    ...filterRatios(r.filters),
    offlineCpuVsZcat: ratio(r.offline?.fullRead.medianMs, r.offline?.floor.medianMs),
    offlineTailCostRatio: ratio(r.offline?.tail10.medianMs, r.offline?.tail10Small.medianMs),
  };
}

/** CPU per line a filter variant adds over no filters, now and before (medians) */
export function filterCosts(f: FiltersResult, v: FiltersResult['variants'][number]): { now: number; before: number | undefined } {
  const before = v.before && f.beforeFloor ? v.before.cpuPerLineUs.median - f.beforeFloor.cpuPerLineUs.median : undefined;
  return { now: v.ktail.cpuPerLineUs.median - f.floor.cpuPerLineUs.median, before };
}

function filterRatios(f: FiltersResult | null): Pick<Ratios, 'filterCpuPerLineVsBefore' | 'filterCpuPerLineVsStern' | 'filterCpuPerLineVsFloor'> {
  const v = f?.variants[0];
  return {
    filterCpuPerLineVsBefore: ratio(v?.ktail.cpuPerLineUs.median, v?.before?.cpuPerLineUs.median),
    filterCpuPerLineVsStern: ratio(v?.ktail.cpuPerLineUs.median, v?.stern.cpuPerLineUs.median),
    filterCpuPerLineVsFloor: ratio(v?.ktail.cpuPerLineUs.median, f?.floor.cpuPerLineUs.median),
  };
}

export function writeJson(file: string, results: BenchResults): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
}

type Cell = string | number | null | undefined;
const fmt = (v: Cell): string => {
  if (v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v))) return '–';
  if (typeof v === 'string') return v;
  if (Math.abs(v) >= 1000) return Math.round(v).toLocaleString('en-US');
  return String(Math.round(v * 100) / 100);
};
const s = (ms: number | undefined) => (ms === undefined ? undefined : ms / 1000);
const lines = (x: { linesReceived: number; linesWritten: number } | undefined) => (x ? `${fmt(x.linesReceived)}/${fmt(x.linesWritten)}` : undefined);

type AddRow = (scenario: string, figure: string, k: Cell, p: Cell, peer: string, q?: number | null) => void;

const withSpread = (x: { cpuPerLineUs: { median: number; min: number; max: number } } | null | undefined) =>
  (x ? `${fmt(x.cpuPerLineUs.median)} (${fmt(x.cpuPerLineUs.min)}–${fmt(x.cpuPerLineUs.max)})` : undefined);
const lostDup = (x: { linesLost: number; duplicates: number } | null | undefined) => (x ? `${x.linesLost} / ${x.duplicates}` : undefined);

function filterRows(f: FiltersResult, add: AddRow): void {
  const before = `ktail ${f.before.commit?.slice(0, 7) ?? f.before.ref}`;
  const med = (x: FiltersResult['floor'] | null | undefined) => x?.cpuPerLineUs.median;
  add(`filters 1×${f.containers}×${fmt(f.linesPerContainer)}, median (range) of ${f.repetitions}`, 'no filters: CPU per line (µs)', withSpread(f.floor), withSpread(f.beforeFloor), before, ratio(med(f.floor), med(f.beforeFloor)));
  add('', 'no filters: lines lost / duplicates', lostDup(f.floor), lostDup(f.beforeFloor), before);
  for (const v of f.variants) {
    const cost = filterCosts(f, v);
    add(`  ${v.name}`, 'CPU per line (µs)', withSpread(v.ktail), withSpread(v.before), before, ratio(med(v.ktail), med(v.before)));
    add('', 'CPU per line (µs)', withSpread(v.ktail), withSpread(v.stern), 'stern', ratio(med(v.ktail), med(v.stern)));
    // no ratio: the older build's cost is a difference of two noisy medians, often near zero
    add('', 'filter cost over no filters (µs)', cost.now, cost.before, before);
    add('', 'lines lost / duplicates', lostDup(v.ktail), lostDup(v.before), before);
    add('', 'lines lost / duplicates', lostDup(v.ktail), lostDup(v.stern), 'stern');
  }
}

export function table(r: BenchResults): string {
  const rows: Cell[][] = [['scenario', 'figure', 'ktail', 'peer', 'peer is', 'ktail/peer']];
  const add = (scenario: string, figure: string, k: Cell, p: Cell, peer: string, q?: number | null) => rows.push([scenario, figure, k, p, peer, q]);
  const t = r.throughput;
  if (t) {
    const scen = `throughput ${t.clusters}×${t.containersPerCluster}×${fmt(t.linesPerContainer)}`;
    const peer = `${t.stern.processes.length} sterns`;
    add(scen, 'lines received/written', lines(t.ktail), lines(t.stern), peer);
    add('', 'writing the lines took (s)', s(t.ktail.emitMs), s(t.stern.emitMs), peer);
    add('', 'wall to last line (s)', s(t.ktail.wallMs), s(t.stern.wallMs), peer, r.ratios.throughputWallVsStern);
    add('', 'lines/s', t.ktail.linesPerSec, t.stern.linesPerSec, peer);
    add('', 'CPU user+sys (s)', s(t.ktail.cpuMs), s(t.stern.cpuMs), peer);
    add('', 'CPU per line (µs)', t.ktail.cpuPerLineUs, t.stern.cpuPerLineUs, peer, r.ratios.cpuPerLineVsStern);
    add('', 'peak RSS (MB)', t.ktail.peakRssMb, t.stern.peakRssMb, peer);
  }
  const f = r.fanout;
  if (f) {
    const scen = `fan-out ${f.clusters}×${f.containersPerCluster}, ${f.seconds}s`;
    const peer = `${f.stern.processes.length} sterns`;
    add(scen, 'streams open', `${f.ktail.streamsOpened}/${f.streams}`, `${f.stern.streamsOpened}/${f.streams}`, peer);
    add('', 'time to open all (s)', s(f.ktail.readyMs), s(f.stern.readyMs), peer);
    add('', 'lines lost', f.ktail.linesLost, f.stern.linesLost, peer);
    add('', 'duplicates', f.ktail.duplicates, f.stern.duplicates, peer);
    add('', 'peak RSS (MB)', f.ktail.peakRssMb, f.stern.peakRssMb, peer, r.ratios.fanoutRssVsStern);
    add('', 'CPU during trickle (s)', s(f.ktail.cpuMs), s(f.stern.cpuMs), peer, r.ratios.fanoutCpuVsStern);
  }
  const m = r.rss1k;
  if (m) {
    const scen = `rss @${fmt(m.streams)} streams, 1 cluster`;
    add(scen, 'streams open / lines lost', `${m.ktail.streamsOpened} / ${m.ktail.linesLost}`, `${m.stern.streamsOpened} / ${m.stern.linesLost}`, 'stern');
    add('', 'time to open all (s)', s(m.ktail.readyMs), s(m.stern.readyMs), 'stern');
    add('', 'peak RSS (MB)', m.ktail.peakRssMb, m.stern.peakRssMb, 'stern', r.ratios.rssVsStern);
  }
  const l = r.latency;
  if (l) {
    const scen = `latency ${fmt(l.linesPerSec)}/s × ${l.seconds}s, ${l.streams} streams`;
    add(scen, 'lines received/written', lines(l.ktail), lines(l.stern), 'stern');
    add('', 'p50 (ms)', l.ktail.latencyMs?.p50, l.stern.latencyMs?.p50, 'stern', r.ratios.p50LatencyVsStern);
    add('', 'p99 (ms)', l.ktail.latencyMs?.p99, l.stern.latencyMs?.p99, 'stern', r.ratios.p99LatencyVsStern);
    add('', 'max (ms)', l.ktail.latencyMs?.max, l.stern.latencyMs?.max, 'stern');
    add('', 'CPU per line (µs)', l.ktail.cpuPerLineUs, l.stern.cpuPerLineUs, 'stern');
  }
  const st = r.startup;
  if (st) {
    add(`startup (median of ${st.repetitions})`, `first line (ms), ktail -m ${st.clusters} clusters`, st.ktailMulti.medianMs, st.stern.medianMs, 'stern, 1 cluster', r.ratios.firstLineVsStern);
    add('', 'first line (ms), ktail 1 cluster', st.ktailOne.medianMs, st.stern.medianMs, 'stern, 1 cluster', ratio(st.ktailOne.medianMs, st.stern.medianMs));
  }
  const o = r.oneStream;
  if (o) {
    const scen = `one stream, ${fmt(o.lines)} lines`;
    add(scen, 'lines/s (spawn → last line)', o.ktail.linesPerSec, o.kubectl.linesPerSec, 'kubectl logs -f', r.ratios.oneStreamLinesPerSecVsKubectl);
    add('', 'lines/s after the first line', o.ktail.streamingLinesPerSec, o.kubectl.streamingLinesPerSec, 'kubectl logs -f', ratio(o.ktail.streamingLinesPerSec, o.kubectl.streamingLinesPerSec));
    add('', 'CPU per line (µs)', o.ktail.cpuPerLineUs, o.kubectl.cpuPerLineUs, 'kubectl logs -f', r.ratios.oneStreamCpuPerLineVsKubectl);
    add('', 'peak RSS (MB)', o.ktail.peakRssMb, o.kubectl.peakRssMb, 'kubectl logs -f');
    add('', 'lines/s (spawn → last line)', o.ktail.linesPerSec, o.stern.linesPerSec, 'stern', ratio(o.ktail.linesPerSec, o.stern.linesPerSec));
  }
  const fl = r.filters;
  if (fl) filterRows(fl, add);
  const off = r.offline;
  if (off) {
    const spread = (c: { medianMs: number; spreadMs: number }) => `${fmt(s(c.medianMs))} ±${fmt(s(c.spreadMs / 2))}`;
    const scen = `offline ${fmt(off.lines)} lines (median of ${off.repetitions})`;
    add(scen, 'CPU full read -o raw (s)', spread(off.fullRead), spread(off.floor), 'zcat/cat', r.ratios.offlineCpuVsZcat);
    add('', 'CPU --tail 10 (s)', spread(off.tail10), spread(off.tail10Small), 'tree 10× smaller', r.ratios.offlineTailCostRatio);
    if (off.baseline) {
      add('', 'baseline: CPU full read (s)', spread(off.baseline.fullRead), spread(off.floor), 'zcat/cat', ratio(off.baseline.fullRead.medianMs, off.floor.medianMs));
      add('', 'baseline: CPU --tail 10 (s)', spread(off.baseline.tail10), spread(off.baseline.tail10Small), 'tree 10× smaller', ratio(off.baseline.tail10.medianMs, off.baseline.tail10Small.medianMs));
    }
  }
  const text = rows.map((row) => row.map((c, i) => (i < 2 || i === 4 ? (typeof c === 'string' ? c : fmt(c)) : fmt(c))));
  const widths = text[0]!.map((_, i) => Math.max(...text.map((row) => row[i]!.length)));
  const line = (row: string[]) => row.map((c, i) => (i < 2 || i === 4 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  const out = [line(text[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...text.slice(1).map(line)];
  for (const e of r.errors) out.push(`FAILED ${e.scenario}: ${e.message}`);
  return out.join('\n');
}
