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
  // bytes queued in the writer at once: what a producer that ignored the backpressure would pile up
  let peak = 0;
  for (let i = 0; i < 20_000; i++) {
    const accepted = m.write(`line ${i} ${'x'.repeat(50)}\n`);
    peak = Math.max(peak, slow.writableLength);
    if (!accepted) {
      paused++;
      await new Promise<void>((resolve) => m.whenDrained(resolve));
    }
  }
  await m.flush();
  assert.ok(paused > 0, 'the producer was told to wait');
  // the writer's queue stays within a few batches, far below the 1.2 MB written
  assert.ok(peak <= 256 * 1024, `the slow writer held ${peak} bytes at once`);
  assert.ok(
    writes.every((w) => w.endsWith('\n')),
    'every write ends on a line boundary',
  );
  const lines = writes.join('').split('\n').slice(0, -1);
  assert.deepEqual(
    lines,
    Array.from({ length: 20_000 }, (_, i) => `line ${i} ${'x'.repeat(50)}`),
  );
});
