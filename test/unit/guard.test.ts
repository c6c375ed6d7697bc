// The process-wide guard in the CLI entry: whatever escapes every handler ends ktail with one
// line on stderr and a non-zero exit, not a stack trace. No code path of ktail is known to
// leak a rejection (that is the point), so a preloaded module makes one once the guard is in.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

const CLI = fileURLToPath(new URL('../../src/cli.ts', import.meta.url));

/** ktail following a cluster that refuses connections (so it keeps running), with `fault` preloaded. */
function ktailWith(fault: string): Promise<{ code: number | null; stderr: string; stdout: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'ktail-guard-'));
  const kubeconfig = join(dir, 'config');
  writeFileSync(
    kubeconfig,
    `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]
users: [{name: u, user: {token: t}}]
contexts: [{name: c, context: {cluster: c, user: u}}]
current-context: c
`,
  );
  // waits for the CLI to install its guard, then lets something escape
  const preload = `data:text/javascript,const t = setInterval(() => { if (process.listenerCount('unhandledRejection')) { clearInterval(t); ${fault} } }, 20);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', preload, CLI, '--kubeconfig', kubeconfig], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr, stdout })));
}

const internalErrors = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('ktail: internal error'));

test('an unexpected rejection ends ktail with one line on stderr and exit 1, no stack trace', { timeout: 60_000 }, async () => {
  const { code, stderr, stdout } = await ktailWith('Promise.reject(new Error("boom"));');
  assert.equal(code, 1);
  assert.deepEqual(internalErrors(stderr), ['ktail: internal error: boom']);
  assert.doesNotMatch(stderr, /^\s+at /m);
  assert.equal(stdout, '');
});

test('an uncaught exception ends ktail the same way', { timeout: 60_000 }, async () => {
  const { code, stderr } = await ktailWith('setTimeout(() => { throw new TypeError("bad" + String.fromCharCode(10) + "second line"); });');
  assert.equal(code, 1);
  assert.deepEqual(internalErrors(stderr), ['ktail: internal error: bad']);
  assert.doesNotMatch(stderr, /^\s+at |second line/m);
});
