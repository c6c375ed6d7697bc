import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Reopen } from '../../src/tail/resumePoint.js';
import { streamLines, type StreamLinesOptions } from '../../src/tail/streamLines.js';

const ts = (s: number) => `2026-11-23T10:00:0${s}.000000001Z`;

/** Feeds whole lines; returns what was printed and what end() said. */
const run = (o: StreamLinesOptions, lines: string[]) => {
  const printed: string[] = [];
  const s = streamLines(o, (timestamp, buf, start, end) => printed.push(`${timestamp}|${buf.toString('utf8', start, end)}`));
  // each line where it lies in a chunk of its own, between other bytes, as the splitter hands it on
  for (const l of lines) {
    const chunk = Buffer.from(`junk\n${l}\nmore`);
    s.line(chunk, 5, 5 + Buffer.byteLength(l), false);
  }
  return { printed, error: s.end()?.message };
};

test("on a stream with timestamps, an unstamped last line is the kubelet's error, one in the middle a log line", () => {
  assert.deepEqual(run({ timestamps: true, limitBytes: false }, [`${ts(1)} one`, 'plain', `${ts(2)} two`, 'context cancelled']), {
    printed: [`${ts(1)}|one`, '|plain', `${ts(2)}|two`],
    error: 'context cancelled',
  });
});

test('--limit-bytes may cut the last line inside its timestamp: printed, not an error', () => {
  assert.deepEqual(run({ timestamps: true, limitBytes: true }, [`${ts(1)} one`, '2026-11-2']), {
    printed: [`${ts(1)}|one`, '|2026-11-2'],
    error: undefined,
  });
});

test('a stream without timestamps prints every line as it came', () => {
  assert.deepEqual(run({ timestamps: false, limitBytes: false }, [`${ts(1)} one`, 'context cancelled']), {
    printed: [`|${ts(1)} one`, '|context cancelled'],
    error: undefined,
  });
});

test('a re-opened stream drops the rest of a line begun before it and the lines printed already', () => {
  const reopen: Reopen = { sinceTime: ts(0), printedBefore: (timestamp) => (timestamp === ts(1) ? Infinity : 0) };
  assert.deepEqual(run({ timestamps: true, limitBytes: false, reopen }, ['rest of a cut line', `${ts(1)} one`, `${ts(2)} two`]), {
    printed: [`${ts(2)}|two`],
    error: undefined,
  });
});
