import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseEntry } from '../../src/offline/entries.js';
import { stampReader } from '../../src/offline/stamp.js';
import { timestampNanos } from '../../src/shared/time.js';

const STAMPS = [
  '2024-05-01T12:00:00.123456789Z',
  '2024-05-01T12:00:00.5Z',
  '2024-05-01T12:00:00Z',
  '2024-05-01T12:00:01.000000001Z',
  '2024-13-01T12:00:00.1Z', // no such month
  '2024-05-01T12:00:00.1234567890Z', // ten fraction digits
  '2024-05-01T12:00:00.Z',
  '2024-05-01T12:00:00.1+02:00',
  '2024-05-01T12:00:00.1-07:30',
  '2024-05-01T12:00:00.1+0200',
  '2024-05-01T12:00:00.1+02:0x',
  '2024-05-01T12:00:00.1z',
  '2024-05-01 12:00:00.1Z',
  '2024 05-01T12:00:00.1Z', // a space inside the date: the field ends there
  '2024-05-01T12:00:00.1ZZ',
  '2024-05-01T12:0a:00.1Z',
  'x024-05-01T12:00:00.1Z', // differs from a valid one in its first bytes only
  '2024-05-01T12:00:0x.1Z',
  '2024-05-01T12:00x00.1Z',
  'not a timestamp at all',
];

/** what a CRI line's first field is worth, the slow way */
const expected = (line: string) => {
  const a = line.indexOf(' ');
  return a >= 0 && timestampNanos(line.slice(0, a)) >= 0n ? a : -1;
};

test('offline lines: the timestamp reader agrees with timestampNanos wherever the line lies in its chunk, in any order', () => {
  // every stamp after every other: the reader answers from the last second it saw
  const order = STAMPS.flatMap((a) => STAMPS.flatMap((b) => [a, b]));
  const lines = order.map((s) => `${s} stdout F x`);
  const chunk = Buffer.from(lines.map((l) => `${l}\n`).join(''));
  const read = stampReader();
  let at = 0;
  for (const line of lines) {
    const end = at + Buffer.byteLength(line);
    const want = expected(line);
    assert.equal(read(chunk, at, end), want < 0 ? -1 : at + want, `${line} at offset ${at}`);
    at = end + 1;
  }
});

/** a CRI line the slow way: a regex over the text */
function reference(line: string) {
  const m = /^(\S+) (stdout|stderr) ([FP])(?:(:[^ ]*))?(?: (.*))?$/s.exec(line);
  if (!m || timestampNanos(m[1] as string) < 0n) return undefined;
  return { timestamp: m[1], stream: m[2], partial: m[3] === 'P', message: m[5] ?? '' };
}

test('offline lines: every field of a CRI line is read as a regex over its text reads it, valid or not', () => {
  const good = '2024-05-01T12:00:00.5Z stdout F hello world';
  // each line a small change to a valid one, in every field and at every edge between them
  const variants = new Set<string>([good]);
  for (let i = 0; i <= good.length; i++) {
    variants.add(good.slice(0, i));
    variants.add(good.slice(0, i) + good.slice(i + 1));
    for (const ch of [' ', ':', 'P', 'x', 'Z']) variants.add(good.slice(0, i) + ch + good.slice(i + 1));
  }
  for (const more of [
    '2024-05-01T12:00:00.5Z stderr P:tag:more part',
    '2024-05-01T12:00:00.5Z stdout F:tag',
    '2024-05-01T12:00:00.5Z stdout F',
    '2024-05-01T12:00:00.5Z stdout F ',
    '2024-05-01T12:00:00.5+02:00 stdout F  two spaces',
    '2024-05-01T12:00:00.5Z stdout  F x',
    '2024-05-01T12:00:00.5Z stdoutF x',
  ])
    variants.add(more);
  // one chunk, as the file reader hands them on: a line's neighbours must not leak into it
  const lines = [...variants];
  const chunk = Buffer.from(lines.map((l) => `${l}\n`).join(''));
  const read = stampReader();
  let at = 0;
  for (const line of lines) {
    const end = at + Buffer.byteLength(line);
    const e = parseEntry(chunk, at, end, read);
    const got = e && { timestamp: e.timestamp, stream: e.stream, partial: e.partial, message: e.bytes.toString() };
    assert.deepEqual(got, reference(line), JSON.stringify(line));
    at = end + 1;
  }
});
