import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compilePattern } from '../../src/options/pattern.js';
import { continuationRule, multilineGrouper } from '../../src/output/multiline.js';
import type { LogLine, Target } from '../../src/target.js';

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
  assert.deepEqual(group('auto', [
    '2024-05-01 12:00:00 ERROR Worker failed',
    'java.lang.IllegalStateException: queue closed',
    '\tat com.shop.Worker.take(Worker.java:42)',
    'Caused by: java.io.IOException: broken pipe',
    '\t... 3 more',
    '2024-05-01 12:00:01 INFO next',
  ]), [
    '2024-05-01 12:00:00 ERROR Worker failed\njava.lang.IllegalStateException: queue closed\n\tat com.shop.Worker.take(Worker.java:42)\nCaused by: java.io.IOException: broken pipe\n\t... 3 more',
    '2024-05-01 12:00:01 INFO next',
  ]);
});

test('auto: Python tracebacks and Go panics', () => {
  assert.deepEqual(group('auto', ['Traceback (most recent call last):', '  File "app.py", line 3, in <module>', 'ValueError: bad', 'next line']),
    ['Traceback (most recent call last):\n  File "app.py", line 3, in <module>\nValueError: bad', 'next line']);
  assert.deepEqual(group('auto', ['panic: boom', '', 'goroutine 1 [running]:', 'main.main()', '\t/app/main.go:12 +0x1d', 'I1123 ok']),
    ['panic: boom\n\ngoroutine 1 [running]:\nmain.main()\n\t/app/main.go:12 +0x1d', 'I1123 ok']);
});

test('auto: plain lines that never look like records are not glued together', () => {
  assert.deepEqual(group('auto', ['GET / 200', 'GET /a 404', 'POST /b 201']), ['GET / 200', 'GET /a 404', 'POST /b 201']);
});

test('a regex marks where a record starts', () => {
  assert.deepEqual(group(/^>>/, ['>> one', 'more', 'and more', '>> two']), ['>> one\nmore\nand more', '>> two']);
});

test('a group is passed on after an idle time', async () => {
  const out: string[] = [];
  const g = multilineGrouper(continuationRule('auto'), (l) => (out.push(l.message), true), 20);
  g.push(line('ERROR x'));
  g.push(line('  detail'));
  await new Promise((r) => setTimeout(r, 60));
  assert.deepEqual(out, ['ERROR x\n  detail']);
});
