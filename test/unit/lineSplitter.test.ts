import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lineSplitter } from '../../src/tail/lineSplitter.js';

function split(chunks: Buffer[], maxLine?: number, continuedFlags: boolean[] = []): string[] {
  const lines: string[] = [];
  const s = lineSplitter((l, continued) => {
    lines.push(l.toString('utf8'));
    continuedFlags.push(continued);
  }, maxLine);
  for (const c of chunks) s.push(c);
  s.end();
  return lines;
}

test('splits lines across chunk boundaries', () => {
  assert.deepEqual(split([Buffer.from('a\nb'), Buffer.from('c\n'), Buffer.from('\nd\n')]), ['a', 'bc', '', 'd']);
});

test('a multi-byte character cut between chunks is decoded whole', () => {
  const bytes = Buffer.from('héllo → wörld 🚀\n');
  for (let cut = 1; cut < bytes.length - 1; cut++) {
    assert.deepEqual(split([bytes.subarray(0, cut), bytes.subarray(cut)]), ['héllo → wörld 🚀'], `cut at ${cut}`);
  }
});

test('a last line without newline is passed on at end', () => {
  assert.deepEqual(split([Buffer.from('one\ntwo')]), ['one', 'two']);
});

test('a line longer than maxLine comes out in pieces, nothing lost', () => {
  const lines = split([Buffer.from('x'.repeat(25)), Buffer.from('y'.repeat(5) + '\nz\n'), Buffer.from('w'.repeat(23) + '\n')], 10);
  assert.deepEqual(lines, ['x'.repeat(10), 'x'.repeat(10), 'xxxxxyyyyy', 'z', 'w'.repeat(10), 'w'.repeat(10), 'www']);
});

test('pieces after the first of a long line are marked as continued', () => {
  const flags: boolean[] = [];
  split([Buffer.from('a'.repeat(25) + '\nb\n')], 10, flags);
  assert.deepEqual(flags, [false, true, true, false]);
});
