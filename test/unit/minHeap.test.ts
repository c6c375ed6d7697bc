import assert from 'node:assert/strict';
import { test } from 'node:test';
import { minHeap } from '../../src/output/minHeap.js';

test('items come out smallest first, pushes and pops interleaved', () => {
  const heap = minHeap<number>((a, b) => a < b);
  // a fixed shuffle with repeats, so a run always checks the same sequence
  const input = [5, 3, 9, 1, 7, 3, 8, 2, 6, 0, 4, 9, 1];
  const out: number[] = [];
  for (const [i, n] of input.entries()) {
    heap.push(n);
    if (i % 4 === 3) out.push(heap.pop() as number);
  }
  while (heap.size) out.push(heap.pop() as number);
  assert.deepEqual(out, [1, 2, 0, 1, 3, 3, 4, 5, 6, 7, 8, 9, 9]);
  assert.equal(heap.pop(), undefined);
});
