import assert from 'node:assert/strict';
import { test } from 'node:test';
import { timestampEnd } from '../../src/tail/timestamps.js';
import { timestampFormatter, timestampNanos } from '../../src/shared/time.js';

test('finds where the kubelet timestamp ends, wherever the line lies in its chunk', () => {
  const chunk = Buffer.from('xx2026-11-23T10:00:00.123456789Z hello world\nno timestamp here\n2026-11-23T10:00:00Z');
  assert.equal(timestampEnd(chunk, 2, 44), 32);
  assert.equal(chunk.toString('latin1', 2, 32), '2026-11-23T10:00:00.123456789Z');
  assert.equal(timestampEnd(chunk, 45, 62), -1);
  // a line cut inside its timestamp (--limit-bytes), or one with nothing after it
  assert.equal(timestampEnd(chunk, 63, chunk.length), -1);
  assert.equal(timestampEnd(chunk, 2, 20), -1);
});

test('timestamps with trimmed trailing zeros compare by value', () => {
  assert.equal(timestampNanos('2026-11-23T10:00:00.1Z'), timestampNanos('2026-11-23T10:00:00.100000000Z'));
  assert.ok(timestampNanos('2026-11-23T10:00:00.9Z') < timestampNanos('2026-11-23T10:00:01Z'));
});

test('timestamps shown in a zone, default and short', () => {
  assert.equal(timestampFormatter('default', 'UTC')('2026-11-23T10:00:00.5Z'), '2026-11-23T10:00:00.500000000Z');
  assert.equal(timestampFormatter('default', 'Asia/Tokyo')('2026-11-23T10:00:00.123456789Z'), '2026-11-23T19:00:00.123456789+09:00');
  assert.equal(timestampFormatter('short', 'UTC')('2026-11-23T10:00:00.5Z'), '11-23 10:00:00');
});
