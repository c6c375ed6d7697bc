import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { onChunk } from '../../src/api/readPacing.js';

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
