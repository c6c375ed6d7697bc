import assert from 'node:assert/strict';
import { test } from 'node:test';
import { timeMerge } from '../../src/output/timeMerge.js';
import type { LogLine, Target } from '../../src/target.js';

const target = { pod: 'p' } as Target;
const line = (sec: number, message: string): LogLine => ({ target, timestamp: `2026-01-01T00:00:${String(sec).padStart(2, '0')}.5Z`, message, bytes: Buffer.from(message) });

test('lines come out in timestamp order, each held no longer than the window', () => {
  let clock = 0;
  const out: string[] = [];
  const m = timeMerge(1000, (l) => (out.push(`${clock}:${l.message}`), true), () => clock);
  m.push(line(3, 'c'));
  m.push(line(1, 'a'));
  clock = 500;
  m.push(line(2, 'b'));
  m.flush();
  assert.deepEqual(out.map((o) => o.split(':')[1]), ['a', 'b', 'c']);
});

test('a line later than the window allows is printed at once and counted, never dropped', async () => {
  const out: string[] = [];
  const m = timeMerge(20, (l) => (out.push(l.message), true));
  m.push(line(5, 'e'));
  await new Promise((r) => setTimeout(r, 60)); // the window passed: e is out
  assert.deepEqual(out, ['e']);
  m.push(line(1, 'late'));
  m.push(line(9, 'i'));
  m.flush();
  assert.deepEqual(out, ['e', 'late', 'i']);
  assert.equal(m.late, 1);
});
