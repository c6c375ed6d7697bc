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

test('a line written in pieces leaves byte-exact and whole: strings of any width, bytes, spans of a read chunk, lines longer than a batch', async () => {
  const writes: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      // flush() asks for its callback with an empty write
      if (chunk.length) writes.push(Buffer.from(chunk));
      done();
    },
  });
  const m = mux(sink);
  // a read chunk the spans point into, with bytes that are not valid UTF-8
  const chunk = Buffer.concat([Buffer.from('2024-05-01T00:00:00Z stdout F '), Buffer.from([0xff, 0xfe, 0x41, 0x1b, 0x5b, 0x32, 0x4a])]);
  const expected: Buffer[] = [];
  const wide = 'é€😀'; // 2, 3 and 4 bytes in UTF-8
  for (let i = 0; i < 30_000; i++) {
    const prefix = `${wide.repeat(i % 7)} p${i} `;
    const own = { buf: chunk, start: 30, end: chunk.length };
    // every 5,000th line is longer than a batch: it must still leave whole, in its place
    const long = i % 5000 === 4999 ? Buffer.alloc(100_000 + i, 0x78) : Buffer.alloc(0);
    m.write([prefix, own, long, Buffer.from('\n')]);
    expected.push(Buffer.from(prefix), chunk.subarray(30), long, Buffer.from('\n'));
    // short lines, and now and then one of few characters but many bytes (60 KB in 20,000)
    const text = i % 1000 === 999 ? `${'€'.repeat(20_000)}\n` : i % 3 === 0 ? `${wide} s${i}\n` : '';
    if (text) {
      m.write(text);
      expected.push(Buffer.from(text));
    }
  }
  await m.flush();
  assert.ok(Buffer.concat(writes).equals(Buffer.concat(expected)), 'every byte, in order');
  assert.ok(
    writes.every((w) => w.at(-1) === 0x0a),
    'every write ends on a line boundary',
  );
  assert.ok(writes.length > 10, `batched into several writes, not one (${writes.length})`);
});

test('a stream that keeps what it is given (a socket queues it) still gets every line as it was written', async () => {
  const held: Buffer[] = [];
  const queueing = new Writable({
    write(chunk: Buffer, _enc, done) {
      held.push(chunk); // no copy: the mux must not write into it again
      setImmediate(done);
    },
  });
  const m = mux(queueing);
  const expected: string[] = [];
  for (let i = 0; i < 200; i++) {
    // a line or a few per tick, and now and then a burst that fills a batch
    const n = i % 50 === 49 ? 2000 : 1 + (i % 3);
    for (let j = 0; j < n; j++) {
      const line = `tick ${i} line ${j} ${'y'.repeat(j % 40)}\n`;
      m.write(line);
      expected.push(line);
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  await m.flush();
  assert.equal(Buffer.concat(held).toString(), expected.join(''));
});

test('spans of many read chunks leave byte-exact, however they jump between chunks and within one', async () => {
  const held: Buffer[] = [];
  const queueing = new Writable({
    write(chunk: Buffer, _enc, done) {
      held.push(chunk); // kept as given: a batch written into after it was handed over would show
      setImmediate(done);
    },
  });
  const m = mux(queueing);
  // chunks of distinct bytes, bigger than what the mux copies from a chunk at once
  let seed = 7;
  const next = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const chunks = Array.from({ length: 4 }, () => Buffer.from(Array.from({ length: 60_000 }, () => next(256))));
  const expected: Buffer[] = [];
  const cursor = chunks.map(() => 0);
  for (let i = 0; i < 20_000; i++) {
    const c = i % 97 < 90 ? 0 : next(chunks.length); // mostly one chunk in order, now and then another
    const chunk = chunks[c] as Buffer;
    // short lines mostly; a jump back now and then; a line of several KB now and then
    if (i % 53 === 0) cursor[c] = next(chunk.length);
    const len = i % 211 === 0 ? 3000 + next(9000) : next(120);
    const start = Math.min(cursor[c] as number, chunk.length - len);
    const end = start + len;
    cursor[c] = end + 1 >= chunk.length ? 0 : end + 1;
    m.write([{ buf: chunk, start, end }, Buffer.from('\n')]);
    expected.push(chunk.subarray(start, end), Buffer.from('\n'));
    if (i % 500 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  await m.flush();
  assert.ok(Buffer.concat(held).equals(Buffer.concat(expected)), 'every byte, in order');
});
