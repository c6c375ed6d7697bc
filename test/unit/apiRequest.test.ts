// A cluster's GETs (api/request.ts) on answers a real apiserver does not give on demand: a
// proxy's page where JSON was due, and a refusal's body. Stub HTTP servers stand in for them
// (plain HTTP, which client-node allows only with skipTLSVerify).
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { apiClient, ApiError } from '../../src/api/request.js';
import { describeError } from '../../src/shared/errors.js';
import { stubTarget } from './stubTarget.js';

async function serve(status: number, type: string, body: string): Promise<{ server: Server; url: string }> {
  const server = createServer((_req, res) => res.writeHead(status, { 'content-type': type }).end(body));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

test('a list answered with a page instead of JSON fails in words, naming the path', async () => {
  const { server, url } = await serve(200, 'text/html', '<html>Sign in to the VPN</html>\n<body>…</body>');
  const api = apiClient(stubTarget(url, { skipTLSVerify: true }).cluster);
  try {
    await assert.rejects(api.get('/api/v1/namespaces/ns/pods', {}), (err: unknown) => {
      assert.equal(describeError(err), 'the answer to /api/v1/namespaces/ns/pods is not JSON: <html>Sign in to the VPN</html>');
      return true;
    });
  } finally {
    api.close();
    server.close();
  }
});

test("a refused list is an ApiError with the apiserver's status and message", async () => {
  const status = { kind: 'Status', code: 403, message: 'pods is forbidden: User "u" cannot list resource "pods"' };
  const { server, url } = await serve(403, 'application/json', JSON.stringify(status));
  const api = apiClient(stubTarget(url, { skipTLSVerify: true }).cluster);
  try {
    await assert.rejects(api.get('/api/v1/namespaces/ns/pods', { labelSelector: 'app=web' }), (err: unknown) => {
      assert.ok(err instanceof ApiError && err.code === 403);
      assert.equal(describeError(err), `forbidden (403): ${status.message}`);
      return true;
    });
  } finally {
    api.close();
    server.close();
  }
});
