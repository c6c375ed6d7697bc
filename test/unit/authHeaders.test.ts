import assert from 'node:assert/strict';
import { test } from 'node:test';
import { authHeaders } from '../../src/api/authHeaders.js';

const counting = (answers: Array<() => Promise<{ headers?: Record<string, string>; auth?: string }>>) => {
  let asked = 0;
  return { options: () => (answers[asked++] ?? (answers.at(-1) as () => Promise<object>))(), asked: () => asked };
};

test('streams opening together share one ask for credentials, in HTTP/2 form', async () => {
  const c = counting([async () => ({ headers: { Authorization: 'Bearer one' } }), async () => ({ auth: 'u:p' })]);
  const auth = authHeaders(c.options);
  const [a, b] = await Promise.all([auth.get(), auth.get()]);
  assert.equal(c.asked(), 1);
  assert.deepEqual(a, { authorization: 'Bearer one' });
  assert.equal(a, b);
});

test('refused credentials (forget) and a failed ask are asked for again on the next request', async () => {
  const c = counting([
    async () => ({ headers: { Authorization: 'Bearer old' } }),
    async () => Promise.reject(new Error('exec plugin failed')),
    async () => ({ auth: 'user:secret' }),
  ]);
  const auth = authHeaders(c.options);
  assert.deepEqual(await auth.get(), { authorization: 'Bearer old' });
  auth.forget();
  await assert.rejects(auth.get(), /exec plugin failed/);
  assert.deepEqual(await auth.get(), { authorization: `Basic ${Buffer.from('user:secret').toString('base64')}` });
  assert.equal(c.asked(), 3);
});
