// The pacer's decisions against a fake native handle: a real socket cannot be made to read a
// given number of bytes per turn, nor to hold a write, on demand. The real one is exercised
// end to end in http2Sessions.test.ts and by every e2e stream.
import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { onChunk, readPacer } from '../../src/api/readPacing.js';

test('onChunk sees every chunk given to a stream and leaves its mode to the reader: nothing given before the reader came is lost', async () => {
  const stream = new Readable({ read() {} });
  let arrived = 0;
  onChunk(stream, () => arrived++);
  stream.push('a\n');
  stream.push('b\n');
  assert.equal(arrived, 2);
  assert.equal(stream.readableFlowing, null);
  stream.push(null);
  assert.equal(arrived, 2);
  let text = '';
  for await (const c of stream) text += String(c);
  assert.equal(text, 'a\nb\n');
});

/** A socket whose native handle is a fake: what the pacer asks of it, and what it "read". */
function fakeSocket() {
  const calls: string[] = [];
  const handle = {
    bytesRead: 0,
    writeQueueSize: 0,
    readStop: () => (calls.push('stop'), 0),
    readStart: () => (calls.push('start'), 0),
  };
  const socket = { _handle: handle, destroyed: false } as unknown as Socket;
  return { socket, handle, calls };
}
const turn = () => new Promise((r) => setImmediate(r));
const after = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('a turn that read a little makes the socket rest, once however many chunks it held, then read again', async () => {
  const { socket, handle, calls } = fakeSocket();
  const arrived = readPacer(socket, 5, 1000);
  handle.bytesRead += 300;
  for (let i = 0; i < 10; i++) arrived();
  await turn();
  assert.deepEqual(calls, ['stop']);
  arrived();
  await after(20);
  assert.deepEqual(calls, ['stop', 'start']);
});

test('a turn that read a lot (a backlog, a bulk answer) does not rest: the transfer is not capped at a read per rest', async () => {
  const { socket, handle, calls } = fakeSocket();
  const arrived = readPacer(socket, 5, 1000);
  for (let i = 0; i < 3; i++) {
    handle.bytesRead += 64 * 1024;
    arrived();
    await turn();
  }
  assert.deepEqual(calls, []);
  // the stream slows to a trickle: it rests again
  handle.bytesRead += 100;
  arrived();
  await turn();
  assert.deepEqual(calls, ['stop']);
});

test('reading starts again only once no write waits on the socket (the HTTP/2 session stops reading under one)', async () => {
  const { socket, handle, calls } = fakeSocket();
  const arrived = readPacer(socket, 2, 1000);
  handle.bytesRead += 10;
  arrived();
  await turn();
  handle.writeQueueSize = 500;
  await after(20);
  assert.deepEqual(calls, ['stop']);
  handle.writeQueueSize = 0;
  await after(20);
  assert.deepEqual(calls, ['stop', 'start']);
});

test('a socket destroyed while it rests is not read again', async () => {
  const { socket, handle, calls } = fakeSocket();
  const arrived = readPacer(socket, 2, 1000);
  handle.bytesRead += 10;
  arrived();
  await turn();
  (socket as { destroyed: boolean }).destroyed = true;
  await after(20);
  assert.deepEqual(calls, ['stop']);
});
