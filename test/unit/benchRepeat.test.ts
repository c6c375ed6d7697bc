// The bench's rounds: tailers interleaved round by round, a figure as the median and range of
// its rounds, counts summed, ratios of medians, and a ratio marked in the table exactly when
// the two sides' ranges overlap.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compare, compareAll, ratiosOf } from '../../bench/ratios.js';
import type { BenchResults } from '../../bench/report.js';
import { rangesOverlap, rounds, summary } from '../../bench/repeat.js';
import { combineLive, type LiveResult } from '../../bench/scenarios/live.js';
import { NOISY_FOOTNOTE, NOISY_MARK, range, table } from '../../bench/table.js';

test('summary: median, min, max and the range relative to the median; rounds that measured nothing are left out', () => {
  assert.deepEqual(summary([30, 10, 20]), { median: 20, min: 10, max: 30, spread: 1 });
  assert.deepEqual(summary([5, NaN, 5, 5]), { median: 5, min: 5, max: 5, spread: 0 });
  assert.ok(Number.isNaN(summary([]).median));
});

test('rangesOverlap: disjoint ranges are a difference, touching or overlapping ones are not', () => {
  const s = (...v: number[]) => summary(v);
  assert.equal(rangesOverlap(s(1, 2, 3), s(4, 5, 6)), false);
  assert.equal(rangesOverlap(s(4, 5, 6), s(1, 2, 3)), false);
  assert.equal(rangesOverlap(s(1, 2, 4), s(4, 5, 6)), true);
  assert.equal(rangesOverlap(s(1, 5, 9), s(4, 5, 6)), true);
  assert.equal(rangesOverlap(s(), s(4, 5, 6)), false);
});

test('compare: the ratio of the medians, flagged when one outlying round makes the ranges overlap', () => {
  const c = compare([10, 11, 30], [12, 13, 14]);
  assert.equal(c.ratio, 0.846);
  assert.equal(c.rangesOverlap, true);
  assert.deepEqual(
    { ratio: compare([1, 2, 3], [4, 5, 6]).ratio, overlap: compare([1, 2, 3], [4, 5, 6]).rangesOverlap },
    { ratio: 0.4, overlap: false },
  );
  assert.deepEqual(compare(undefined, [1]), { ratio: null, ktail: null, peer: summary([1]), rangesOverlap: false });
});

test('rounds: one run of every tailer per round, in order (rotated with rotate), results per tailer in round order', async () => {
  const calls: string[] = [];
  const tailer = (key: string) => ({ key, run: async (round: number) => (calls.push(`${key}${round}`), `${key}@${round}`) });
  const got = await rounds(3, [tailer('k'), tailer('p')]);
  assert.deepEqual(calls, ['k0', 'p0', 'k1', 'p1', 'k2', 'p2']);
  assert.deepEqual(got, { k: ['k@0', 'k@1', 'k@2'], p: ['p@0', 'p@1', 'p@2'] });
  calls.length = 0;
  await rounds(3, [tailer('a'), tailer('b'), tailer('c')], { rotate: true });
  assert.deepEqual(calls, ['a0', 'b0', 'c0', 'b1', 'c1', 'a1', 'c2', 'a2', 'b2']);
});

const live = (over: Partial<LiveResult>): LiveResult => ({
  processes: ['ktail'],
  streams: 100,
  streamsOpened: 100,
  readyMs: 500,
  linesWritten: 1000,
  linesReceived: 1000,
  linesLost: 0,
  duplicates: 0,
  otherLines: 0,
  complete: true,
  emitMs: 100,
  wallMs: 200,
  linesPerSec: 5000,
  cpuMs: 50,
  cpuPerLineUs: 5,
  cpuTotalMs: 90,
  peakRssMb: 70,
  latencyMs: { p50: 5, p90: 8, p99: 10, max: 20, samples: 1000 },
  exitedEarly: false,
  exitCodes: [0],
  ...over,
});

test("combineLive: medians of the figures, lines and losses summed, the worst round's open streams, every round kept", () => {
  const runs = [
    live({ cpuPerLineUs: 4 }),
    live({ cpuPerLineUs: 9, linesLost: 2, linesReceived: 998, streamsOpened: 99 }),
    live({ cpuPerLineUs: 5, duplicates: 1 }),
  ];
  const c = combineLive(runs);
  assert.deepEqual(
    {
      cpu: c.cpuPerLineUs,
      lost: c.linesLost,
      dup: c.duplicates,
      written: c.linesWritten,
      received: c.linesReceived,
      open: c.streamsOpened,
      complete: c.complete,
    },
    { cpu: 5, lost: 2, dup: 1, written: 3000, received: 2998, open: 99, complete: true },
  );
  assert.equal(c.rounds, runs);
});

function latencyResults(ktailP99: number[], sternP99: number[]): BenchResults {
  // every compared figure of a side follows its p99, so that only the p99s decide the marks
  const side = (p99: number[]) =>
    combineLive(p99.map((v) => live({ cpuPerLineUs: v / 10, latencyMs: { p50: v / 10, p90: v / 2, p99: v, max: v * 2, samples: 1000 } })));
  const measured = {
    schema: 2 as const,
    quick: true,
    rounds: 3,
    runId: 'x',
    startedAt: '',
    finishedAt: '',
    durationSec: 0,
    notes: [],
    errors: [],
    machine: { cpus: 2, cpuModel: '', memoryMb: 0, kernel: '', loadAvgAtStart: [], versions: {} },
    throughput: null,
    fanout: null,
    fanout20k: null,
    rss1k: null,
    startup: null,
    oneStream: null,
    filters: null,
    offline: null,
    scale: null,
    latency: { cluster: 'c1', streams: 100, linesPerSec: 20_000, seconds: 5, rounds: 3, ktail: side(ktailP99), stern: side(sternP99) },
  };
  const spreads = compareAll(measured);
  return { ...measured, ratios: ratiosOf(spreads), ratioSpreads: spreads, ratioDefinitions: {} as BenchResults['ratioDefinitions'] };
}

const p99Row = (out: string) => out.split('\n').find((l) => l.includes('p99 (ms)')) ?? '';

test('table: the p99 row shows median (min–max) of each side, and a ratio of medians marked when the ranges overlap', () => {
  const noisy = latencyResults([40, 50, 300], [60, 70, 80]);
  assert.equal(noisy.ratios.p99LatencyVsStern, 0.714);
  const out = table(noisy);
  assert.match(p99Row(out), /50 \(40–300\)\s+70 \(60–80\)\s+stern\s+~0\.71$/);
  assert.ok(out.includes(NOISY_FOOTNOTE));
});

test('table: a ratio whose ranges are apart carries no mark and no footnote', () => {
  const clear = table(latencyResults([40, 50, 55], [60, 70, 80]));
  assert.match(p99Row(clear), /stern\s+0\.71$/);
  assert.ok(!clear.includes(NOISY_FOOTNOTE));
  assert.ok(!p99Row(clear).includes(NOISY_MARK));
});

test('range: one round alone is shown without a range', () => {
  assert.equal(range([1234.4]), '1,234');
  assert.equal(range([1500, 1000, 2000], 1 / 1000), '1.5 (1–2)');
  assert.equal(range(undefined), undefined);
});
