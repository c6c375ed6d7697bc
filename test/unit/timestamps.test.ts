import assert from 'node:assert/strict';
import { test } from 'node:test';
import { splitTimestamp } from '../../src/tail/timestamps.js';
import { timestampFormatter, timestampNanos } from '../../src/shared/time.js';

test('splits the kubelet timestamp from the message', () => {
  const { timestamp, message } = splitTimestamp(Buffer.from('2026-11-23T10:00:00.123456789Z hello world'));
  assert.equal(timestamp, '2026-11-23T10:00:00.123456789Z');
  assert.equal(message.toString(), 'hello world');
  assert.equal(splitTimestamp(Buffer.from('no timestamp here')).timestamp, '');
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
