// The bench's scale fit: peak RSS against streams, the slope per 1,000 streams and the
// intercept, and "flat" exactly when every point's RSS above the intercept per stream is the slope's.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clusterCostOf, fitRss, type ScalePoint } from '../../bench/scale.js';

test('fitRss: points on a line give its slope and intercept, R² 1, flat', () => {
  const f = fitRss([1000, 5000, 20000], [80, 120, 270]);
  assert.ok(f);
  assert.equal(f.mbPer1kStreams, 10);
  assert.equal(f.interceptMb, 70);
  assert.equal(f.r2, 1);
  assert.deepEqual(f.marginalKbPerStream, [10.24, 10.24, 10.24]);
  assert.equal(f.flat, true);
});

test('fitRss: RSS that follows the clusters (one-cluster point far below) is not flat', () => {
  // 1 cluster at 1,000 streams, 10 clusters at 5,000 and 20,000: 100 MB per cluster on top
  const f = fitRss([1000, 5000, 20000], [80 + 100, 120 + 1000, 270 + 1000]);
  assert.ok(f);
  assert.equal(f.flat, false);
});

test('fitRss: two points make a line without R²; fewer, or one x twice, make none', () => {
  assert.equal(fitRss([1000, 5000], [80, 120])?.r2, null);
  assert.equal(fitRss([1000], [80]), null);
  assert.equal(fitRss([1000, 1000], [80, 90]), null);
  assert.equal(fitRss([1000, 5000], [80, NaN]), null);
});

const pt = (clusters: number, streams: number, ktailMb: number) =>
  ({ scenario: 'fanout', clusters, streams, ktail: { peakRssMb: ktailMb } }) as unknown as ScalePoint;

test('clusterCostOf: the one-cluster point below the line through the ten-cluster points, per cluster fewer', () => {
  const c = clusterCostOf([pt(1, 1000, 100), pt(10, 5000, 300), pt(10, 20000, 900)], (p) => p.ktail.peakRssMb);
  // the ten-cluster line: 40 MB per 1,000 streams from 100 MB; at 1,000 streams 140 MB, 40 MB above, over 9 clusters
  assert.deepEqual(c, { mbPer1kStreams: 40, clusters: 10, mbPerCluster: 4.44 });
  assert.equal(
    clusterCostOf([pt(10, 5000, 300), pt(10, 20000, 900)], (p) => p.ktail.peakRssMb),
    null,
  );
});
