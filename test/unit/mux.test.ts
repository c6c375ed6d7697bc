import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { mux } from '../../src/output/mux.js';

test('lines leave whole and in order; a slow writer pauses the producer instead of buffering without bound', async () => {
  const writes: string[] = [];
  const slow = new Writable({
    highWaterMark: 1024,
    write(chunk: Buffer, _enc, done) {
      writes.push(chunk.toString());
      setTimeout(done, 2);
    },
  });
  const m = mux(slow);
  let paused = 0;
  for (let i = 0; i < 5000; i++) {
    if (!m.write(`line ${i} ${'x'.repeat(50)}\n`)) {
      paused++;
      await new Promise<void>((resolve) => m.whenDrained(resolve));
    }
  }
  await m.flush();
  assert.ok(paused > 0, 'the producer was told to wait');
  assert.ok(writes.every((w) => w.endsWith('\n')), 'every write ends on a line boundary');
  const lines = writes.join('').split('\n').slice(0, -1);
  assert.deepEqual(lines, Array.from({ length: 5000 }, (_, i) => `line ${i} ${'x'.repeat(50)}`));
});
