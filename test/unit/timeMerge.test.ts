import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { timeMerge } from '../../src/output/timeMerge.js';
import type { LogLine, Target } from '../../src/shared/target.js';

const target = { pod: 'p' } as Target;
const line = (sec: number, message: string): LogLine => ({
  target,
  timestamp: `2026-01-01T00:00:${String(sec).padStart(2, '0')}.5Z`,
  message,
  bytes: Buffer.from(message),
});

/** one clock for both what timeMerge reads (`now`) and its timers, moved only by the test */
function fakeClock(t: TestContext) {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  let ms = 0;
  return {
    now: () => ms,
    advanceTo(to: number) {
      const by = to - ms;
      ms = to;
      t.mock.timers.tick(by);
    },
  };
}

test('lines come out in timestamp order, each held until the window after its arrival has passed, not before', (t) => {
  const clock = fakeClock(t);
  const out: string[] = [];
  const m = timeMerge(1000, (l) => (out.push(`${clock.now()}:${l.message}`), true), clock.now);
  m.push(line(2, 'b'));
  m.push(line(1, 'a'));
  clock.advanceTo(500);
  m.push(line(3, 'c'));
  clock.advanceTo(999);
  assert.deepEqual(out, [], "nothing before the first arrivals' window passed");
  clock.advanceTo(1000);
  assert.deepEqual(out, ['1000:a', '1000:b'], 'the two lines that arrived at 0, in timestamp order');
  clock.advanceTo(1499);
  assert.deepEqual(out, ['1000:a', '1000:b'], 'c arrived at 500: held until 1500');
  clock.advanceTo(1500);
  assert.deepEqual(out, ['1000:a', '1000:b', '1500:c']);
});

test('a line later than the window allows is printed at once and counted, never dropped', (t) => {
  const clock = fakeClock(t);
  const out: string[] = [];
  const m = timeMerge(20, (l) => (out.push(l.message), true), clock.now);
  m.push(line(5, 'e'));
  clock.advanceTo(20);
  assert.deepEqual(out, ['e']);
  m.push(line(1, 'late'));
  assert.deepEqual(out, ['e', 'late'], 'older than what was printed: out at once');
  m.push(line(9, 'i'));
  m.flush();
  assert.deepEqual(out, ['e', 'late', 'i']);
  assert.equal(m.late, 1);
});

test('what is held is capped: past the cap the oldest lines go out before the window ends; all come out once, in order', () => {
  const out: string[] = [];
  const m = timeMerge(
    60_000,
    (l) => (out.push(l.message), true),
    () => 0,
    { maxLines: 100, maxBytes: 1 << 20 },
  );
  const ts = (i: number) => `2026-01-01T00:00:00.${String(i).padStart(9, '0')}Z`;
  for (let i = 0; i < 250; i++) m.push({ target, timestamp: ts(i), message: `m${i}`, bytes: Buffer.from(`m${i}`) });
  assert.equal(out.length, 150, 'at most 100 held while the window (60 s) has not passed');
  m.flush();
  assert.deepEqual(
    out,
    Array.from({ length: 250 }, (_, i) => `m${i}`),
  );
});

test('the byte cap holds for big lines too', () => {
  const out: string[] = [];
  const m = timeMerge(
    60_000,
    (l) => (out.push(l.message), true),
    () => 0,
    { maxLines: 1_000_000, maxBytes: 1 << 20 },
  );
  const big = 'y'.repeat(300 * 1024);
  for (let i = 0; i < 10; i++)
    m.push({ target, timestamp: `2026-01-01T00:00:0${i}Z`, message: `${i}${big}`, bytes: Buffer.from(`${i}${big}`) });
  assert.equal(out.length, 7, 'at most 1 MiB (3 lines of 300 KiB) held');
  m.flush();
  assert.deepEqual(
    out.map((o) => o[0]),
    ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  );
});
