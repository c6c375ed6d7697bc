// The scale goal (issue 14): ktail's RSS grows with the streams it follows, not with the
// clusters they are on. A least-squares line through peak RSS (the median over the rounds)
// against streams, over the RSS point at 1,000 streams (one cluster) and the two fan-out
// points (5,000 and 20,000 streams over ten clusters); the same for stern (one process per
// cluster, summed). Were RSS to follow the clusters, the one-cluster point would sit far
// below the line through the ten-cluster ones: that distance per cluster is reported too.
import type { BenchResults } from './report.js';
import type { FanoutResult, PerStream, Rss1kResult } from './scenarios/fanout.js';
import { round2, type RepeatedLive } from './scenarios/live.js';

/** a point's marginal RSS per stream may differ from the slope by this much (relative) and still count as flat */
export const FLAT_TOLERANCE = 0.2;

export interface ScaleSide {
  peakRssMb: number;
  cpuMs: number;
  linesLost: number;
  duplicates: number;
  perStream: PerStream;
}

export interface ScalePoint {
  scenario: 'rss1k' | 'fanout' | 'fanout20k';
  clusters: number;
  streams: number;
  ktail: ScaleSide;
  stern: ScaleSide;
}

export interface RssFit {
  /** MB of peak RSS per 1,000 more streams */
  mbPer1kStreams: number;
  /** MB at 0 streams, extrapolated */
  interceptMb: number;
  /** how much of the variance the line explains; null with two points (always 1) */
  r2: number | null;
  /** (peak RSS − intercept) ÷ streams at each point, in the points' order (KB) */
  marginalKbPerStream: number[];
  /** every marginal within FLAT_TOLERANCE of the slope: RSS per stream is the same at every point */
  flat: boolean;
}

/**
 * Streams and clusters apart: the line through the points on the most clusters (the two
 * fan-out points), and how far below it a point on fewer clusters lies (rss1k), per cluster
 * fewer. About 0: RSS follows the streams alone; a whole process per cluster for stern.
 */
export interface ClusterCost {
  /** the slope over the points on the most clusters only */
  mbPer1kStreams: number;
  clusters: number;
  /** (that line at a fewer-clusters point's streams − its RSS) ÷ the clusters it has fewer; the mean over such points */
  mbPerCluster: number;
}

export interface ScaleResult {
  /** by streams, smallest first */
  points: ScalePoint[];
  ktail: RssFit | null;
  stern: RssFit | null;
  flatTolerance: number;
  clusterCost: { ktail: ClusterCost | null; stern: ClusterCost | null };
}

function side(r: RepeatedLive, perStream: PerStream): ScaleSide {
  return { peakRssMb: r.peakRssMb, cpuMs: r.cpuMs, linesLost: r.linesLost, duplicates: r.duplicates, perStream };
}

function point(scenario: ScalePoint['scenario'], clusters: number, x: FanoutResult | Rss1kResult): ScalePoint {
  return {
    scenario,
    clusters,
    streams: x.streams,
    ktail: side(x.ktail, x.perStream.ktail),
    stern: side(x.stern, x.perStream.stern),
  };
}

/** Least squares of y (MB) on x (streams); null without two distinct x or with a missing y. */
export function fitRss(xs: number[], ys: number[]): RssFit | null {
  const n = xs.length;
  if (n < 2 || new Set(xs).size < 2 || !ys.every(Number.isFinite)) return null;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
    syy += (ys[i]! - my) ** 2;
  }
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  const marginal = xs.map((x, i) => ((ys[i]! - intercept) * 1024) / x);
  const slopeKb = slope * 1024;
  return {
    mbPer1kStreams: round2(slope * 1000),
    interceptMb: round2(intercept),
    r2: n > 2 && syy > 0 ? Math.round(((sxy * sxy) / (sxx * syy)) * 1000) / 1000 : null,
    marginalKbPerStream: marginal.map(round2),
    flat: marginal.every((m) => Math.abs(m - slopeKb) <= FLAT_TOLERANCE * Math.abs(slopeKb)),
  };
}

/** null unless two points share the most clusters and another has fewer */
export function clusterCostOf(points: readonly ScalePoint[], rss: (p: ScalePoint) => number): ClusterCost | null {
  const most = Math.max(...points.map((p) => p.clusters));
  const many = points.filter((p) => p.clusters === most);
  const fewer = points.filter((p) => p.clusters < most);
  const line = fitRss(
    many.map((p) => p.streams),
    many.map(rss),
  );
  if (!line || !fewer.length || !fewer.every((p) => Number.isFinite(rss(p)))) return null;
  const at = (streams: number) => line.interceptMb + (line.mbPer1kStreams * streams) / 1000;
  const perCluster = fewer.map((p) => (at(p.streams) - rss(p)) / (most - p.clusters));
  return {
    mbPer1kStreams: line.mbPer1kStreams,
    clusters: most,
    mbPerCluster: round2(perCluster.reduce((a, b) => a + b, 0) / perCluster.length),
  };
}

type Measured = Pick<BenchResults, 'rss1k' | 'fanout' | 'fanout20k'>;

/** The points measured in this run (any two make a line); null when fewer than two ran. */
export function scaleOf(r: Measured): ScaleResult | null {
  const points = [
    r.rss1k && point('rss1k', 1, r.rss1k),
    r.fanout && point('fanout', r.fanout.clusters, r.fanout),
    r.fanout20k && point('fanout20k', r.fanout20k.clusters, r.fanout20k),
  ]
    .filter((p): p is ScalePoint => Boolean(p))
    .sort((a, b) => a.streams - b.streams);
  if (points.length < 2) return null;
  const xs = points.map((p) => p.streams);
  return {
    points,
    ktail: fitRss(
      xs,
      points.map((p) => p.ktail.peakRssMb),
    ),
    stern: fitRss(
      xs,
      points.map((p) => p.stern.peakRssMb),
    ),
    flatTolerance: FLAT_TOLERANCE,
    clusterCost: { ktail: clusterCostOf(points, (p) => p.ktail.peakRssMb), stern: clusterCostOf(points, (p) => p.stern.peakRssMb) },
  };
}
