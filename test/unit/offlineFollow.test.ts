// --log-dir --follow through the built CLI: lines appended as the runtime writes them, a
// rotation (rename + new file) right after a write, a restart, a new pod, then SIGINT.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { appendFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { test, type TestContext } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { cri, ENV, KTAIL, nodeDir, put } from './offlineFixture.js';

function follow(t: TestContext, dir: string, ...args: string[]) {
  const child = spawn(process.execPath, [KTAIL, '--log-dir', dir, '--follow', ...args], { env: ENV });
  // a failed assertion must not leave ktail running (the runner would wait for it forever)
  t.after(() => void child.kill('SIGKILL'));
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d));
  child.stderr.on('data', (d: Buffer) => (err += d));
  const lines = () => out.split('\n').filter((l) => l !== '');
  return {
    lines,
    stderr: () => err,
    async seen(n: number) {
      for (const end = Date.now() + 10_000; lines().length < n; await sleep(20)) {
        if (Date.now() > end) assert.fail(`waited for ${n} lines, have ${JSON.stringify(lines())}; stderr: ${err}`);
      }
    },
    async interrupt(): Promise<number | null> {
      const closed = once(child, 'close');
      child.kill('SIGINT');
      return ((await closed) as [number | null])[0];
    },
  };
}

test('--follow: appends, a line cut across writes, rotation, restart, new pod — each line once; SIGINT exits 0', async (t) => {
  const dir = nodeDir('node-f');
  const live = put(dir, 'app_follow_u1/main/0.log', cri('f1') + cri('f2'));
  const k = follow(t, dir);
  await k.seen(2);
  appendFileSync(live, cri('f3') + cri('f4'));
  await k.seen(4);
  // the reader meets half a line: nothing until its newline arrives
  const cut = cri('f5 written in two pieces');
  appendFileSync(live, cut.slice(0, 40));
  await sleep(450);
  assert.equal(k.lines().length, 4);
  appendFileSync(live, cut.slice(40));
  await k.seen(5);
  // rotation right after a write the poll has likely not read: the old file is read to its end first
  appendFileSync(live, cri('f6') + cri('f7'));
  renameSync(live, `${live}.20240501-120000`);
  writeFileSync(live, '');
  appendFileSync(live, cri('f8'));
  await k.seen(8);
  // a second rotation, and the old file written to between the rename and the new file
  appendFileSync(live, cri('f9'));
  renameSync(live, `${live}.20240501-120001`);
  await sleep(300);
  appendFileSync(`${live}.20240501-120001`, cri('f10'));
  await sleep(300);
  writeFileSync(live, cri('f11'));
  await k.seen(11);
  // the container restarts: 1.log, with a line in fragments (P … F) written apart
  const restarted = put(dir, 'app_follow_u1/main/1.log', cri('f12 part one, ', 'stdout', 'P'));
  await sleep(300);
  appendFileSync(restarted, cri('part two'));
  await k.seen(12);
  put(dir, 'app_late_u2/c/0.log', cri('g1'));
  await k.seen(13);
  appendFileSync(restarted, cri('f13'));
  await k.seen(14);
  assert.equal(await k.interrupt(), 0);
  const main = [1, 2, 3, 4]
    .map((i) => `f${i}`)
    .concat('f5 written in two pieces', 'f6', 'f7', 'f8', 'f9', 'f10', 'f11', 'f12 part one, part two');
  assert.deepEqual(k.lines(), [...main.map((m) => `app follow main ${m}`), 'app late c g1', 'app follow main f13']);
  assert.equal(k.stderr(), '');
});

test('--follow --tail 1 on a busy file, then every appended line; a deleted pod is dropped quietly', async (t) => {
  const dir = nodeDir('node-g');
  const live = put(dir, 'ns_busy_u1/c/0.log', Array.from({ length: 500 }, (_, i) => cri(`old-${i + 1}`)).join(''));
  const k = follow(t, dir, '--tail', '1', '-o', 'raw');
  await k.seen(1);
  for (let i = 1; i <= 200; i++) appendFileSync(live, cri(`new-${i}`));
  await k.seen(201);
  rmSync(dirname(dirname(live)), { recursive: true });
  await sleep(300);
  const later = put(dir, 'ns_later_u2/c/0.log', cri('later-1'));
  await k.seen(202);
  appendFileSync(later, cri('later-2'));
  await k.seen(203);
  assert.equal(await k.interrupt(), 0);
  assert.deepEqual(k.lines(), ['old-500', ...Array.from({ length: 200 }, (_, i) => `new-${i + 1}`), 'later-1', 'later-2']);
  assert.equal(k.stderr(), '');
});
