// The table on stdout: every figure of a repeated scenario as the median (min–max) of its
// rounds, line counts summed, and each ratio of two medians marked when the two ranges overlap.
import { compare, per, RATIO_INPUTS, type Compared, type Ratios, type Values } from './ratios.js';
import { filterCosts, type BenchResults } from './report.js';
import { summary } from './repeat.js';
import type { RssFit, ScaleResult } from './scale.js';
import type { FanoutResult, Rss1kResult } from './scenarios/fanout.js';
import type { FiltersResult } from './scenarios/filters.js';

type Cell = string | number | null | undefined;
const fmt = (v: Cell): string => {
  if (v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v))) return '–';
  if (typeof v === 'string') return v;
  if (Math.abs(v) >= 1000) return Math.round(v).toLocaleString('en-US');
  return String(Math.round(v * 100) / 100);
};

export const NOISY_MARK = '~';
export const NOISY_FOOTNOTE = `${NOISY_MARK} the ktail and peer ranges (min–max over the rounds) overlap: the spread is wider than the difference the ratio reports`;

/** `median (min–max)` of the rounds' values (× scale); one value alone as it is */
export function range(v: Values, scale = 1): string | undefined {
  if (!v?.length) return undefined;
  const s = summary(v.map((x) => x * scale));
  return v.length > 1 ? `${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)})` : fmt(s.median);
}

// before the number ("about"), so that the column stays aligned on the digits
export const ratioCell = (c: Compared | undefined): string =>
  c ? `${c.rangesOverlap && c.ratio !== null ? NOISY_MARK : ''}${fmt(c.ratio)}` : '';

const lines = (x: { linesReceived: number; linesWritten: number } | undefined) =>
  x ? `${fmt(x.linesReceived)}/${fmt(x.linesWritten)}` : undefined;
const lostDup = (x: { linesLost: number; duplicates: number } | null | undefined) => (x ? `${x.linesLost} / ${x.duplicates}` : undefined);

class Rows {
  readonly rows: Cell[][] = [['scenario', 'figure', 'ktail', 'peer', 'peer is', 'ktail/peer']];
  constructor(private readonly r: BenchResults) {}

  add(scenario: string, figure: string, k: Cell, p: Cell, peer: string, q?: Compared): void {
    this.rows.push([scenario, figure, k, p, peer, q ? ratioCell(q) : undefined]);
  }

  /** a row of two sides' per-round values, with their ratio */
  vs(scenario: string, figure: string, k: Values, p: Values, peer: string, scale = 1): void {
    this.add(scenario, figure, range(k, scale), range(p, scale), peer, compare(k, p));
  }

  /** a row of a named ratio: its values and the ratio kept in the JSON */
  named(scenario: string, figure: string, key: keyof Ratios, peer: string, scale = 1): void {
    const [k, p] = RATIO_INPUTS[key](this.r);
    this.add(scenario, figure, range(k, scale), range(p, scale), peer, this.r.ratioSpreads[key]);
  }

  /** a row of values without a ratio */
  plain(scenario: string, figure: string, k: Values, p: Values, peer: string, scale = 1): void {
    this.add(scenario, figure, range(k, scale), range(p, scale), peer);
  }
}

const S = 1 / 1000;

function liveRows(t: Rows, r: BenchResults): void {
  const tp = r.throughput;
  if (tp) {
    const scen = `throughput ${tp.clusters}×${tp.containersPerCluster}×${fmt(tp.linesPerContainer)}, ${tp.rounds} rounds`;
    const peer = `${tp.stern.processes.length} sterns`;
    t.add(scen, 'lines received/written', lines(tp.ktail), lines(tp.stern), peer);
    t.plain(
      '',
      'writing the lines took (s)',
      per(tp.ktail, (x) => x.emitMs),
      per(tp.stern, (x) => x.emitMs),
      peer,
      S,
    );
    t.named('', 'wall to last line (s)', 'throughputWallVsStern', peer, S);
    t.plain(
      '',
      'lines/s',
      per(tp.ktail, (x) => x.linesPerSec),
      per(tp.stern, (x) => x.linesPerSec),
      peer,
    );
    t.plain(
      '',
      'CPU user+sys (s)',
      per(tp.ktail, (x) => x.cpuMs),
      per(tp.stern, (x) => x.cpuMs),
      peer,
      S,
    );
    t.named('', 'CPU per line (µs)', 'cpuPerLineVsStern', peer);
    t.vs(
      '',
      'peak RSS (MB)',
      per(tp.ktail, (x) => x.peakRssMb),
      per(tp.stern, (x) => x.peakRssMb),
      peer,
    );
  }
  if (r.fanout) fanoutRows(t, r.fanout, 'fanoutRssVsStern', 'fanoutCpuVsStern');
  if (r.fanout20k) fanoutRows(t, r.fanout20k, 'fanout20kRssVsStern', 'fanout20kCpuVsStern');
  const m = r.rss1k;
  if (m) {
    const scen = `rss @${fmt(m.streams)} streams, 1 cluster, ${m.rounds} rounds`;
    t.add(
      scen,
      'streams open (worst) / lines lost',
      `${m.ktail.streamsOpened} / ${m.ktail.linesLost}`,
      `${m.stern.streamsOpened} / ${m.stern.linesLost}`,
      'stern',
    );
    t.plain(
      '',
      'time to open all (s)',
      per(m.ktail, (x) => x.readyMs),
      per(m.stern, (x) => x.readyMs),
      'stern',
      S,
    );
    t.named('', 'peak RSS (MB)', 'rssVsStern', 'stern');
    perStreamRows(t, m, 'stern');
  }
  if (r.scale) scaleRows(t, r.scale);
  const l = r.latency;
  if (l) {
    const scen = `latency ${fmt(l.linesPerSec)}/s × ${l.seconds}s, ${l.streams} streams, ${l.rounds} rounds`;
    t.add(scen, 'lines received/written', lines(l.ktail), lines(l.stern), 'stern');
    t.named('', 'p50 (ms)', 'p50LatencyVsStern', 'stern');
    t.named('', 'p99 (ms)', 'p99LatencyVsStern', 'stern');
    t.plain(
      '',
      'max (ms)',
      per(l.ktail, (x) => x.latencyMs?.max),
      per(l.stern, (x) => x.latencyMs?.max),
      'stern',
    );
    t.vs(
      '',
      'CPU per line (µs)',
      per(l.ktail, (x) => x.cpuPerLineUs),
      per(l.stern, (x) => x.cpuPerLineUs),
      'stern',
    );
  }
}

function fanoutRows(t: Rows, f: FanoutResult, rss: keyof Ratios, cpu: keyof Ratios): void {
  const scen = `fan-out ${f.clusters}×${f.containersPerCluster} (${fmt(f.streams)} streams), ${f.seconds}s, ${f.rounds} rounds`;
  const peer = `${f.stern.processes.length} sterns`;
  t.add(scen, 'streams open (worst round)', `${f.ktail.streamsOpened}/${f.streams}`, `${f.stern.streamsOpened}/${f.streams}`, peer);
  t.plain(
    '',
    'time to open all (s)',
    per(f.ktail, (x) => x.readyMs),
    per(f.stern, (x) => x.readyMs),
    peer,
    S,
  );
  t.add('', 'lines written', f.ktail.linesWritten, f.stern.linesWritten, peer);
  // the bench writes every stream's line each second itself: on a loaded machine the 20 s trickle stretches
  t.plain(
    '',
    'writing the lines took (s)',
    per(f.ktail, (x) => x.emitMs),
    per(f.stern, (x) => x.emitMs),
    peer,
    S,
  );
  t.add('', 'lines lost', f.ktail.linesLost, f.stern.linesLost, peer);
  t.add('', 'duplicates', f.ktail.duplicates, f.stern.duplicates, peer);
  t.named('', 'peak RSS (MB)', rss, peer);
  t.named('', 'CPU during trickle (s)', cpu, peer, S);
  perStreamRows(t, f, peer);
}

/** RSS and CPU per stream, from the medians (no ratio: the same as the row above's) */
function perStreamRows(t: Rows, x: FanoutResult | Rss1kResult, peer: string): void {
  t.add('', 'RSS per stream (KB)', x.perStream.ktail.rssKb, x.perStream.stern.rssKb, peer);
  t.add('', 'CPU per stream (ms)', x.perStream.ktail.cpuMs, x.perStream.stern.cpuMs, peer);
}

function scaleRows(t: Rows, s: ScaleResult): void {
  const at = (pick: (p: ScaleResult['points'][number]) => number) => s.points.map((p) => fmt(pick(p))).join(' / ');
  const fit = (f: RssFit | null, pick: (f: RssFit) => Cell) => (f ? fmt(pick(f)) : undefined);
  const marginal = (f: RssFit | null) => f?.marginalKbPerStream.map(fmt).join(' / ');
  const flat = (f: RssFit | null) => (f ? (f.flat ? 'yes' : 'no') : undefined);
  const peer = 'sterns (1 per cluster)';
  t.add(
    `scale: peak RSS against streams`,
    `points: streams (clusters)`,
    s.points.map((p) => `${fmt(p.streams)} (${p.clusters})`).join(' / '),
    '',
    peer,
  );
  t.add(
    '',
    'peak RSS at each point (MB)',
    at((p) => p.ktail.peakRssMb),
    at((p) => p.stern.peakRssMb),
    peer,
  );
  t.add(
    '',
    'RSS per stream at each point (KB)',
    at((p) => p.ktail.perStream.rssKb),
    at((p) => p.stern.perStream.rssKb),
    peer,
  );
  t.add(
    '',
    'RSS slope (MB per 1,000 streams)',
    fit(s.ktail, (f) => f.mbPer1kStreams),
    fit(s.stern, (f) => f.mbPer1kStreams),
    peer,
    compare(s.ktail ? [s.ktail.mbPer1kStreams] : undefined, s.stern ? [s.stern.mbPer1kStreams] : undefined),
  );
  t.add(
    '',
    'RSS intercept (MB at 0 streams)',
    fit(s.ktail, (f) => f.interceptMb),
    fit(s.stern, (f) => f.interceptMb),
    peer,
  );
  t.add(
    '',
    'fit R²',
    fit(s.ktail, (f) => f.r2?.toFixed(3)),
    fit(s.stern, (f) => f.r2?.toFixed(3)),
    peer,
  );
  t.add('', 'RSS per stream above the intercept (KB)', marginal(s.ktail), marginal(s.stern), peer);
  t.add('', `flat (each within ±${s.flatTolerance * 100}% of the slope)`, flat(s.ktail), flat(s.stern), peer);
  const cc = s.clusterCost;
  const n = cc.ktail?.clusters ?? cc.stern?.clusters;
  if (n !== undefined) {
    t.add('', `slope over the ${n}-cluster points only (MB/1,000)`, cc.ktail?.mbPer1kStreams, cc.stern?.mbPer1kStreams, peer);
    t.add('', 'RSS a cluster adds at equal streams (MB)', cc.ktail?.mbPerCluster, cc.stern?.mbPerCluster, peer);
  }
}

function fixedRows(t: Rows, r: BenchResults): void {
  const st = r.startup;
  if (st) {
    const ms = (x: { runsMs: (number | null)[] }) => x.runsMs.map((v) => v ?? NaN);
    t.named(
      `startup, ${st.repetitions} rounds`,
      `first line (ms), ktail -m ${st.clusters} clusters`,
      'firstLineVsStern',
      'stern, 1 cluster',
    );
    t.vs('', 'first line (ms), ktail 1 cluster', ms(st.ktailOne), ms(st.stern), 'stern, 1 cluster');
    if (st.nodeFloor) {
      t.named('', `first line (ms), ktail -m ${st.clusters} clusters`, 'firstLineVsNodeFloor', 'node -e (floor)');
      t.named('', 'first line (ms), ktail 1 cluster', 'firstLineOneVsNodeFloor', 'node -e (floor)');
    }
    if (st.baselineOne) t.vs('', 'first line (ms), ktail 1 cluster', ms(st.ktailOne), ms(st.baselineOne), 'baseline, 1 cluster');
  }
  const o = r.oneStream;
  if (o) {
    const scen = `one stream, ${fmt(o.lines)} lines, ${o.rounds} rounds`;
    t.named(scen, 'lines/s (spawn → last line)', 'oneStreamLinesPerSecVsKubectl', 'kubectl logs -f');
    t.vs(
      '',
      'lines/s after the first line',
      per(o.ktail, (x) => x.streamingLinesPerSec),
      per(o.kubectl, (x) => x.streamingLinesPerSec),
      'kubectl logs -f',
    );
    t.named('', 'CPU per line (µs)', 'oneStreamCpuPerLineVsKubectl', 'kubectl logs -f');
    t.plain(
      '',
      'peak RSS (MB)',
      per(o.ktail, (x) => x.peakRssMb),
      per(o.kubectl, (x) => x.peakRssMb),
      'kubectl logs -f',
    );
    t.add(
      '',
      'lines received / duplicates',
      `${fmt(o.ktail.linesReceived)} / ${o.ktail.duplicates}`,
      `${fmt(o.kubectl.linesReceived)} / ${o.kubectl.duplicates}`,
      'kubectl logs -f',
    );
    for (const [peer, name] of [
      [o.stern, 'stern'],
      [o.baseline, 'baseline'],
    ] as const) {
      if (!peer) continue;
      t.vs(
        '',
        'lines/s (spawn → last line)',
        per(o.ktail, (x) => x.linesPerSec),
        per(peer, (x) => x.linesPerSec),
        name,
      );
      t.vs(
        '',
        'CPU per line (µs)',
        per(o.ktail, (x) => x.cpuPerLineUs),
        per(peer, (x) => x.cpuPerLineUs),
        name,
      );
    }
  }
  if (r.filters) filterRows(t, r.filters);
  const off = r.offline;
  if (off) {
    const scen = `offline ${fmt(off.lines)} lines, ${off.repetitions} rounds`;
    t.named(scen, 'CPU full read -o raw (s)', 'offlineCpuVsZcat', 'zcat/cat', S);
    t.named('', 'CPU --tail 10 (s)', 'offlineTailCostRatio', 'tree 10× smaller', S);
    if (off.baseline) {
      t.vs('', 'baseline: CPU full read (s)', off.baseline.fullRead.runsMs, off.floor.runsMs, 'zcat/cat', S);
      t.vs('', 'baseline: CPU --tail 10 (s)', off.baseline.tail10.runsMs, off.baseline.tail10Small.runsMs, 'tree 10× smaller', S);
    }
  }
}

function filterRows(t: Rows, f: FiltersResult): void {
  const before = `ktail ${f.before.commit?.slice(0, 7) ?? f.before.ref}`;
  const cpu = (x: FiltersResult['floor'] | null | undefined): Values => x?.runs.map((r) => r.cpuPerLineUs);
  t.vs(
    `filters 1×${f.containers}×${fmt(f.linesPerContainer)}, ${f.repetitions} rounds`,
    'no filters: CPU per line (µs)',
    cpu(f.floor),
    cpu(f.beforeFloor),
    before,
  );
  t.add('', 'no filters: lines lost / duplicates', lostDup(f.floor), lostDup(f.beforeFloor), before);
  for (const v of f.variants) {
    const cost = filterCosts(f, v);
    t.vs(`  ${v.name}`, 'CPU per line (µs)', cpu(v.ktail), cpu(v.before), before);
    t.vs('', 'CPU per line (µs)', cpu(v.ktail), cpu(v.stern), 'stern');
    // no ratio: the older build's cost is a difference of two noisy medians, often near zero
    t.add('', 'filter cost over no filters (µs)', cost.now, cost.before, before);
    t.add('', 'lines lost / duplicates', lostDup(v.ktail), lostDup(v.before), before);
    t.add('', 'lines lost / duplicates', lostDup(v.ktail), lostDup(v.stern), 'stern');
  }
}

export function table(r: BenchResults): string {
  const t = new Rows(r);
  liveRows(t, r);
  fixedRows(t, r);
  const text = t.rows.map((row) => row.map((c) => (typeof c === 'string' ? c : fmt(c))));
  const widths = text[0]!.map((_, i) => Math.max(...text.map((row) => row[i]!.length)));
  const line = (row: string[]) =>
    row
      .map((c, i) => (i < 2 || i === 4 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  const out = [line(text[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...text.slice(1).map(line)];
  out.push('', `figures: median (min–max) over the rounds; lines, lost and duplicates summed over the rounds; ratios: median ÷ median`);
  if (text.slice(1).some((row) => row[5]?.startsWith(NOISY_MARK))) out.push(NOISY_FOOTNOTE);
  for (const e of r.errors) out.push(`FAILED ${e.scenario}: ${e.message}`);
  return out.join('\n');
}
