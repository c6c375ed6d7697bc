// A kubeconfig user's token-file as client-go reads it: trimmed, relative to the kubeconfig,
// re-read every minute (rotated files), the last token kept when a re-read fails, and an
// unreadable file a request error, not a silently anonymous user. The clock is injected so
// the minute passes without waiting.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { User } from '@kubernetes/client-node';
import { kubeConfigFor, loadKubeconfig } from '../../src/kubeconfig/load.js';
import { tokenFileAuth, tokenFilesOf, withTokenFiles } from '../../src/kubeconfig/tokenFile.js';

const config = (tokenFile: string) => `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: 'https://127.0.0.1:1'}}]
users: [{name: u, user: {token-file: '${tokenFile}'}}]
contexts: [{name: x, context: {cluster: c, user: u}}]
current-context: x
`;

async function authorization(file: string): Promise<unknown> {
  const loaded = loadKubeconfig([file]);
  assert.ok(!('error' in loaded), JSON.stringify(loaded));
  const fc = loaded.contexts[0];
  assert.ok(fc);
  const opts: { headers?: Record<string, unknown> } = { headers: {} };
  await kubeConfigFor(fc).applyToHTTPSOptions(opts);
  return opts.headers?.Authorization;
}

test('a token file relative to its kubeconfig, with a trailing newline, gives the trimmed token', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ktail-tf-'));
  mkdirSync(join(dir, 'sub'));
  writeFileSync(join(dir, 'sub', 'token'), 'tok-1\n');
  writeFileSync(join(dir, 'config'), config('sub/token'));
  assert.equal(await authorization(join(dir, 'config')), 'Bearer tok-1');
});

test("a token file missing at load: the user is kept and its requests fail with the file's error", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ktail-tf-'));
  writeFileSync(join(dir, 'config'), config('nowhere'));
  await assert.rejects(authorization(join(dir, 'config')), /ENOENT.*nowhere/);
});

test('rotated: re-read after a minute, not before; a failed re-read keeps the last token', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ktail-tf-'));
  const path = join(dir, 'token');
  writeFileSync(path, 'old\n');
  let now = 0;
  const auth = tokenFileAuth(() => now);
  const [user] = withTokenFiles([{ name: 'u' } as User], tokenFilesOf(join(dir, 'config'), config('token')));
  assert.ok(user && auth.isAuthProvider(user));
  const header = async () => {
    const opts: { headers?: Record<string, unknown> } = { headers: {} };
    await auth.applyAuthentication(user, opts);
    return opts.headers?.Authorization;
  };
  assert.equal(await header(), 'Bearer old');
  writeFileSync(path, 'new\n');
  now = 59_000;
  assert.equal(await header(), 'Bearer old', 'within the minute: the token read before');
  now = 60_000;
  assert.equal(await header(), 'Bearer new', 'after a minute: the rotated file');
  rmSync(path);
  now = 130_000;
  assert.equal(await header(), 'Bearer new', 'the file gone for a moment: the last token still serves');
});

test('a user with an exec plugin or auth provider keeps it: token-file is only its fallback', () => {
  const users = withTokenFiles([{ name: 'u', exec: { command: 'x' } } as unknown as User], new Map([['u', '/t']]));
  assert.equal(users[0]?.authProvider, undefined);
});
