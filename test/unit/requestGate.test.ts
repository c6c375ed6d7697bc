import assert from 'node:assert/strict';
import { test } from 'node:test';
import { masked, requestTrace } from '../../src/kubeconfig/requestTrace.js';
import { tokenBucket } from '../../src/kubeconfig/throttle.js';
import { initialState, press, render, type SelectState } from '../../src/prompt/select.js';

/** How many of n waits resolve at once (a fake clock that never moves). */
async function immediate(bucket: ReturnType<typeof tokenBucket>, n: number): Promise<number> {
  let done = 0;
  const waits = Array.from({ length: n }, () =>
    bucket.wait(AbortSignal.timeout(50)).then(
      () => done++,
      () => undefined,
    ),
  );
  await new Promise((r) => setImmediate(r));
  const now = done;
  await Promise.all(waits);
  return now;
}

test('token bucket: burst requests at once, then one per 1/qps seconds', async () => {
  let clock = 0;
  const bucket = tokenBucket(2, 3, () => clock);
  assert.equal(await immediate(bucket, 5), 3);
  clock += 1000; // 2 tokens back (the aborted waiters gave theirs back)
  assert.equal(await immediate(bucket, 5), 2);
  clock += 10_000; // never more than the burst
  assert.equal(await immediate(bucket, 5), 3);
});

test('token bucket: waiters are released as their tokens come due, not before, in the order they asked', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const bucket = tokenBucket(50, 1, () => 0); // a token every 20 ms
  await bucket.wait();
  const released: string[] = [];
  void bucket.wait().then(() => released.push('second'));
  void bucket.wait().then(() => released.push('third'));
  const after = async (ms: number) => {
    t.mock.timers.tick(ms);
    await new Promise((r) => setImmediate(r));
    return [...released];
  };
  assert.deepEqual(await after(19), []);
  assert.deepEqual(await after(1), ['second']);
  assert.deepEqual(await after(19), ['second']);
  assert.deepEqual(await after(1), ['second', 'third']);
});

test('trace levels: 6 answers only, 7 requests with headers, 8 response headers; credentials masked', () => {
  const lines: string[] = [];
  // HTTP/2 sends lower-case names: written as Go writes them
  const headers = { authorization: 'Bearer s3cr3t', Accept: '*/*' };
  for (const level of [5, 6, 7, 8]) {
    const t = requestTrace(level, 'c1', (l) => lines.push(`${level} ${l}`));
    t.request('GET', 'https://user:pw@h/api/v1/pods', headers);
    t.response('GET', 'https://h/api/v1/pods', 403, 4.4, { 'content-type': 'application/json' });
  }
  assert.deepEqual(lines, [
    '6 c1 "Response" verb="GET" url="https://h/api/v1/pods" status="403 Forbidden" milliseconds=4',
    '7 c1 "Request" verb="GET" url="https://h/api/v1/pods" headers="Authorization: Bearer <masked>; Accept: */*"',
    '7 c1 "Response" verb="GET" url="https://h/api/v1/pods" status="403 Forbidden" milliseconds=4',
    '8 c1 "Request" verb="GET" url="https://h/api/v1/pods" headers="Authorization: Bearer <masked>; Accept: */*"',
    '8 c1 "Response" verb="GET" url="https://h/api/v1/pods" status="403 Forbidden" milliseconds=4 headers="Content-Type: application/json"',
  ]);
  assert.equal(masked('authorization', 'Basic dXNlcjpwdw=='), 'Basic <masked>');
  assert.equal(masked('Cookie', 'session=1'), '<masked>');
  assert.equal(masked('Authorization', 'weird-token'), '<masked>');
});

test('prompt picker: arrows wrap, typing filters, Enter picks, Ctrl-C gives up', () => {
  let s: SelectState = initialState(['alpha', 'beta', 'gamma']);
  const step = (key: string) => {
    const r = press(s, key);
    if (!('state' in r)) return r;
    s = r.state;
    return undefined;
  };
  step('\u001b[A');
  assert.equal(render(s, 'Q?')[3], '❯ gamma');
  step('\u001b[B');
  assert.deepEqual(render(s, 'Q?'), ['? Q? [Use arrows to move, type to filter]', '❯ alpha', '  beta', '  gamma']);
  step('e');
  step('t');
  assert.deepEqual(render(s, 'Q?'), ['? Q? [filter: et]', '❯ beta']);
  assert.deepEqual(step('\r'), { picked: 'beta' });
  step('\u007f');
  step('\u007f');
  step('z');
  assert.deepEqual(render(s, 'Q?').slice(1), ['  (nothing matches)']);
  assert.equal(step('\r'), undefined);
  assert.deepEqual(step('\u0003'), { aborted: true });
});
