// Rounds: every timed scenario runs each tailer several times, interleaved (ktail, peer,
// ktail, peer …), so that a slow minute on a shared machine falls on both sides. A figure is
// then the median of its rounds with their range, and a ratio of two medians is flagged
// when the two ranges overlap: the rounds do not tell the two tailers apart.
import { median } from './measure.js';

export interface Summary {
  median: number;
  min: number;
  max: number;
  /** (max − min) ÷ median: the range relative to the figure */
  spread: number;
}

export interface Tailer<K extends string, R> {
  key: K;
  run(round: number): Promise<R>;
}

/** The figures of a set of rounds; non-finite values (a round that measured nothing) are left out. */
export function summary(values: readonly number[]): Summary {
  const ok = values.filter((v) => Number.isFinite(v));
  if (!ok.length) return { median: NaN, min: NaN, max: NaN, spread: NaN };
  const m = median(ok);
  const min = Math.min(...ok);
  const max = Math.max(...ok);
  return { median: m, min, max, spread: m === 0 ? (max === min ? 0 : Infinity) : (max - min) / Math.abs(m) };
}

/**
 * True when the two ranges [min, max] share a point: then some round of one side was as good as
 * some round of the other, and the ratio of the medians may be noise. Two disjoint ranges mean
 * every round of one side beat every round of the other (how likely that is by chance is in the
 * bench's notes). No figure on a side: nothing to compare, so not flagged.
 */
export function rangesOverlap(a: Summary, b: Summary): boolean {
  if (![a.min, a.max, b.min, b.max].every(Number.isFinite)) return false;
  return a.min <= b.max && b.min <= a.max;
}

/**
 * Runs every tailer once per round, one at a time, in the listed order (rotated by one each
 * round with `rotate`); the results per key, in round order.
 */
export async function rounds<K extends string, R>(
  n: number,
  tailers: readonly Tailer<K, R>[],
  opts: { rotate?: boolean } = {},
): Promise<Record<K, R[]>> {
  const out = Object.fromEntries(tailers.map((t) => [t.key, [] as R[]])) as Record<K, R[]>;
  for (let round = 0; round < n; round++) {
    const shift = opts.rotate && tailers.length ? round % tailers.length : 0;
    for (const t of [...tailers.slice(shift), ...tailers.slice(0, shift)]) out[t.key].push(await t.run(round));
  }
  return out;
}

/** The median over rounds of one figure, or its sum (counts such as lines lost) */
export const medianOf = <T>(runs: readonly T[], pick: (r: T) => number): number => summary(runs.map(pick)).median;
export const sumOf = <T>(runs: readonly T[], pick: (r: T) => number): number => runs.reduce((n, r) => n + pick(r), 0);
