// The filters bench measures what it says only if its lines and patterns behave: every
// measured line passes each variant's -i and none its -e, in JS RegExp (the code before RE2)
// and in RE2 alike, the ready probes pass too, and the line counter still counts a line that
// carries log text after its token.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LineCounter } from '../../bench/lines.js';
import { logLine } from '../../bench/logText.js';
import { FILTER_VARIANTS, PROBE_INCLUDE } from '../../bench/scenarios/filters.js';
import { compilePattern } from '../../src/options/pattern.js';

const TAG = 'fmx5exvkvx0y1';
const lines = Array.from({ length: 3000 }, (_, i) => logLine(TAG, i % 3, Math.floor(i / 3) + 1));
const probe = `r.${TAG}.2`;

const engines: Record<string, (p: string) => { test(s: string): boolean }> = {
  'JS RegExp': (p) => new RegExp(p),
  RE2: (p) => compilePattern(p),
};

for (const v of FILTER_VARIANTS) {
  for (const [engine, compile] of Object.entries(engines)) {
    test(`${v.name} (${engine}): the first -i keeps every measured line, the -e drops none, the probe passes`, () => {
      const [first, ...rest] = [...v.include, PROBE_INCLUDE].map((p) => compile(p));
      const exclude = v.exclude.map((p) => compile(p));
      assert.deepEqual(
        lines.filter((l) => !first!.test(l)),
        [],
      );
      assert.deepEqual(
        lines.filter((l) => exclude.some((re) => re.test(l))),
        [],
      );
      assert.ok([first!, ...rest].some((re) => re.test(probe)) && !exclude.some((re) => re.test(probe)));
    });
  }
}

test('a measured line followed by log text is counted once, a repeat as a duplicate', () => {
  const counter = new LineCounter(TAG, 3, 1000);
  for (const l of lines) counter.onLine(l, { at: 0, wall: 0 });
  counter.onLine(lines[5]!, { at: 0, wall: 0 });
  counter.onLine(probe, { at: 0, wall: 0 });
  assert.deepEqual(
    {
      unique: counter.unique,
      duplicates: counter.duplicates,
      other: counter.other,
      ready: counter.readyCount,
      latencies: counter.latencies.length,
    },
    { unique: 3000, duplicates: 1, other: 0, ready: 1, latencies: 0 },
  );
  assert.ok(counter.complete);
});
