import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stampChecker } from '../../src/offline/stamp.js';
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
  '2024-05-01T12:00:00.1+0200',
  '2024-05-01T12:00:00.1z',
  '2024-05-01 12:00:00.1Z',
  '2024-05-01T12:0a:00.1Z',
  'not a timestamp at all',
];

test('offline lines: the timestamp check agrees with timestampNanos wherever the line lies in its chunk, in any order', () => {
  // the same stamps again and again, in shifting orders: the checker answers from the last second it saw
  const order = Array.from({ length: 400 }, (_, i) => STAMPS[(i * 7 + (i >> 3)) % STAMPS.length] as string);
  const chunk = Buffer.from(order.map((s) => `${s} stdout F x\n`).join(''));
  const check = stampChecker();
  let at = 0;
  for (const s of order) {
    const end = at + Buffer.byteLength(s);
    assert.equal(check(chunk, at, end), timestampNanos(s) >= 0n, `${s} at offset ${at}`);
    at = end + ' stdout F x\n'.length;
  }
});
