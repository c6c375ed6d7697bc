import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compilePattern } from '../../src/options/pattern.js';
import { continuationRule, multilineGrouper } from '../../src/output/multiline.js';
import type { LogLine, Target } from '../../src/shared/target.js';

const target = { pod: 'p' } as Target;
const line = (message: string): LogLine => ({ target, timestamp: '', message, bytes: Buffer.from(message) });

function group(mode: 'auto' | RegExp, messages: string[]): string[] {
  const out: string[] = [];
  const g = multilineGrouper(continuationRule(mode === 'auto' ? mode : compilePattern(mode.source)), (l) => (out.push(l.message), true));
  for (const m of messages) g.push(line(m));
  g.flush();
  return out;
}

test('auto: a Java stack trace stays with the line that logged it', () => {
  assert.deepEqual(
    group('auto', [
      '2024-05-01 12:00:00 ERROR Worker failed',
      'java.lang.IllegalStateException: queue closed',
      '\tat com.shop.Worker.take(Worker.java:42)',
      'Caused by: java.io.IOException: broken pipe',
      '\t... 3 more',
      '2024-05-01 12:00:01 INFO next',
    ]),
    [
      '2024-05-01 12:00:00 ERROR Worker failed\njava.lang.IllegalStateException: queue closed\n\tat com.shop.Worker.take(Worker.java:42)\nCaused by: java.io.IOException: broken pipe\n\t... 3 more',
      '2024-05-01 12:00:01 INFO next',
    ],
  );
});

test('auto: Python tracebacks and Go panics', () => {
  assert.deepEqual(
    group('auto', ['Traceback (most recent call last):', '  File "app.py", line 3, in <module>', 'ValueError: bad', 'next line']),
    ['Traceback (most recent call last):\n  File "app.py", line 3, in <module>\nValueError: bad', 'next line'],
  );
  assert.deepEqual(group('auto', ['panic: boom', '', 'goroutine 1 [running]:', 'main.main()', '\t/app/main.go:12 +0x1d', 'I1123 ok']), [
    'panic: boom\n\ngoroutine 1 [running]:\nmain.main()\n\t/app/main.go:12 +0x1d',
    'I1123 ok',
  ]);
});

test('auto: plain lines that never look like records are not glued together', () => {
  assert.deepEqual(group('auto', ['GET / 200', 'GET /a 404', 'POST /b 201']), ['GET / 200', 'GET /a 404', 'POST /b 201']);
});

test('a regex marks where a record starts', () => {
  assert.deepEqual(group(/^>>/, ['>> one', 'more', 'and more', '>> two']), ['>> one\nmore\nand more', '>> two']);
});

test('a group is passed on once it was idle for the idle time, not before', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const out: string[] = [];
  const g = multilineGrouper(continuationRule('auto'), (l) => (out.push(l.message), true), { idleMs: 20 });
  g.push(line('ERROR x'));
  g.push(line('  detail'));
  t.mock.timers.tick(19);
  assert.deepEqual(out, [], 'idle for 19 ms only');
  t.mock.timers.tick(1);
  assert.deepEqual(out, ['ERROR x\n  detail']);
});

test('an endless run of continuation lines is cut at the line cap: records of at most 1,000 lines, every line once, in order', () => {
  const out: string[] = [];
  const g = multilineGrouper(continuationRule('auto'), (l) => (out.push(l.message), true));
  const messages = ['2024-05-01 12:00:00 ERROR start', ...Array.from({ length: 2499 }, (_, i) => `\tat frame ${i}`)];
  for (const m of messages) g.push(line(m));
  g.flush();
  assert.deepEqual(
    out.map((r) => r.split('\n').length),
    [1000, 1000, 500],
  );
  assert.deepEqual(out.join('\n').split('\n'), messages);
});

test('a record is cut at the byte cap (1 MiB, newlines included)', () => {
  const out: Buffer[] = [];
  const g = multilineGrouper(continuationRule('auto'), (l) => (out.push(l.bytes), true));
  const piece = ` ${'x'.repeat(100 * 1024 - 1)}`; // 100 KiB, a continuation line
  g.push(line('ERROR big'));
  for (let i = 0; i < 25; i++) g.push(line(piece));
  g.flush();
  assert.ok(out.length >= 3, `${out.length} records`);
  assert.ok(
    out.every((b) => b.length <= 1 << 20),
    `sizes ${out.map((b) => b.length).join(',')}`,
  );
  assert.equal(
    Buffer.concat(out).length,
    9 + 25 * piece.length + (26 - out.length),
    'no byte lost or added but the newlines inside records',
  );
  assert.equal(
    out.reduce((n, b) => n + b.toString().split('\n').length, 0),
    26,
  );
});

test('a record whose lines keep coming slowly is passed on once it is older than the age cap', () => {
  let clock = 0;
  const out: string[] = [];
  const g = multilineGrouper(
    continuationRule('auto'),
    (l) => (out.push(l.message), true),
    { maxAgeMs: 1000 },
    () => clock,
  );
  g.push(line('ERROR slow'));
  for (let i = 1; i <= 15; i++) {
    clock = i * 100; // a line every 100 ms: never idle for 200 ms
    g.push(line(`  step ${i}`));
  }
  assert.equal(out.length, 1, 'the first second went out while lines were still coming');
  assert.deepEqual(out[0]?.split('\n'), ['ERROR slow', ...Array.from({ length: 9 }, (_, i) => `  step ${i + 1}`)]);
  g.flush();
  assert.deepEqual(out.join('\n').split('\n').length, 16);
});
