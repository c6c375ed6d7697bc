// The README's first command, `npm run demo`: real clusters, pods writing logs, ktail -m
// following them, ended by Ctrl-C.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CLUSTERS } from './harness.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

test('npm run demo shows lines from every cluster and ends cleanly on Ctrl-C', async () => {
  const demo = spawn('npm', ['run', 'demo', '--silent', '--', '--color', 'never'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  let err = '';
  demo.stdout.on('data', (d: Buffer) => (out += d));
  demo.stderr.on('data', (d: Buffer) => (err += d));
  const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    demo.on('close', (code, signal) => resolve([code, signal])),
  );
  const deadline = Date.now() + 120_000;
  const seenAll = () => CLUSTERS.every((c) => new RegExp(`^${c} (web|api|worker)-\\d \\w+ \\S`, 'm').test(out));
  while (!seenAll() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
  process.kill(-(demo.pid ?? 0), 'SIGINT'); // Ctrl-C goes to the whole process group
  // npm itself dies of the SIGINT; the demo and ktail under it end cleanly and say so
  const [code, signal] = await exited;
  assert.ok(code === 0 || signal === 'SIGINT', `npm ended with ${code ?? signal}: ${err}`);
  assert.match(err, /demo: ktail ended \(exit 0\)/);
  assert.ok(seenAll(), `lines from ${CLUSTERS.join(', ')}:\n${out.slice(-2000)}\n${err}`);
  assert.match(err, /demo: following with: ktail -m --kube-dir \S+ -n ktail-demo/);
});
