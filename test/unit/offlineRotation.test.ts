// --log-dir while the kubelet rotates and compresses (the writer in offlineFixture.ts does
// what container_log_manager.go does, in its order). Each test holds ktail still at a known
// place by not reading its stdout: ktail cannot run further ahead than the pipe and its own
// buffers (a few thousand 60-byte lines), so the rotation lands where the test says,
// whatever the machine's speed. Every line written must come out exactly once.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { test, type TestContext } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ENV, KTAIL, kubeletWriter, nodeDir } from './offlineFixture.js';

function run(t: TestContext, ...args: string[]) {
  const child = spawn(process.execPath, [KTAIL, ...args], { env: ENV });
  t.after(() => void child.kill('SIGKILL'));
  let rest = '';
  const lines: string[] = [];
  let err = '';
  child.stdout.on('data', (d: Buffer) => {
    const parts = (rest + d.toString('utf8')).split('\n');
    rest = parts.pop() ?? '';
    lines.push(...parts);
  });
  child.stderr.on('data', (d: Buffer) => (err += d));
  const closed = once(child, 'close').then(([code]) => code as number | null);
  return {
    lines,
    stderr: () => err,
    closed,
    /** resolves once n lines arrived, then stops reading ktail's stdout */
    async holdAt(n: number) {
      for (const end = Date.now() + 60_000; lines.length < n; await sleep(5)) {
        if (Date.now() > end) assert.fail(`waited for ${n} lines, have ${lines.length}; stderr: ${err}`);
      }
      child.stdout.pause();
    },
    resume: () => child.stdout.resume(),
    async seen(n: number) {
      for (const end = Date.now() + 30_000; lines.length < n; await sleep(20)) {
        if (Date.now() > end || child.exitCode !== null) assert.fail(`waited for ${n} lines, have ${lines.length}; stderr: ${err}`);
      }
    },
    interrupt() {
      child.kill('SIGINT');
      return closed;
    },
  };
}

/** lost and repeated lines, by message: both empty when ktail printed each line once */
function compare(printed: string[], written: string[]) {
  const count = new Map<string, number>();
  for (const l of printed) count.set(l, (count.get(l) ?? 0) + 1);
  const lost = written.filter((w) => !count.has(w));
  const twice = [...count].filter(([, n]) => n > 1).map(([l]) => l);
  const known = new Set(written);
  const unknown = [...count.keys()].filter((l) => !known.has(l));
  return { printed: printed.length, lost: lost.length, twice: twice.length, unknown: unknown.length, firstLost: lost[0] };
}
const exact = (written: string[]) => ({ printed: written.length, lost: 0, twice: 0, unknown: 0, firstLost: undefined });

for (const [where, holdAt] of [
  ['in the oldest, compressed file', 10_000],
  ['in the rotated plain file the kubelet compresses next', 110_000],
] as const) {
  test(`--no-follow: a rotation while the first read is ${where}: 0 lost, 0 twice`, async (t) => {
    const dir = nodeDir('node-r');
    const w = kubeletWriter(`${dir}/shop_web_u1/app`);
    w.append(100_000);
    w.rotate();
    w.append(100_000);
    w.rotate();
    // 0.log.<t1>.gz, 0.log.<t2>, 0.log: 204,000 lines
    w.append(4_000);
    const k = run(t, '--log-dir', dir, '-o', 'raw');
    await k.holdAt(holdAt);
    // <t2> is compressed (its plain file removed), 0.log renamed to <t3>, a new 0.log written
    w.rotate();
    w.append(1_000);
    k.resume();
    assert.equal(await k.closed, 0, k.stderr());
    assert.deepEqual(compare(k.lines, w.written), exact(w.written));
    assert.equal(k.stderr(), '');
  });
}

test('--follow: two rotations between two looks (the first rotated file compressed meanwhile): 0 lost, 0 twice', async (t) => {
  const dir = nodeDir('node-r2');
  const w = kubeletWriter(`${dir}/shop_web_u1/app`);
  w.append(20_000);
  const k = run(t, '--log-dir', dir, '--follow', '-o', 'raw');
  // ktail is inside its first read of 0.log and cannot look at the directory again before it is let go
  await k.holdAt(2_000);
  w.rotate();
  w.append(1_000);
  w.rotate();
  w.append(1_000);
  k.resume();
  await k.seen(22_000);
  // and it goes on following the new live file
  w.append(1_000);
  await k.seen(23_000);
  w.rotate();
  w.append(500);
  await k.seen(23_500);
  assert.equal(await k.interrupt(), 0);
  assert.deepEqual(compare(k.lines, w.written), exact(w.written));
  assert.equal(k.stderr(), '');
});

test('a rotated file the kubelet deletes (containerLogMaxFiles) before ktail reached it: its name on stderr, every other line once', async (t) => {
  const dir = nodeDir('node-r3');
  const w = kubeletWriter(`${dir}/shop_web_u1/app`);
  w.append(20_000);
  w.rotate();
  const first = w.written.length;
  w.append(20_000);
  const second = w.rotate();
  const gone = w.written.slice(first);
  w.append(1_000);
  const k = run(t, '--log-dir', dir, '-o', 'raw');
  await k.holdAt(2_000);
  // containerLogMaxFiles 2 keeps no rotated file: the one ktail reads goes (its open descriptor keeps it), and the next one
  w.rotate(2);
  w.append(1_000);
  k.resume();
  assert.equal(await k.closed, 0, k.stderr());
  const missing = new Set(gone);
  const kept = w.written.filter((l) => !missing.has(l));
  assert.deepEqual(compare(k.lines, kept), exact(kept));
  assert.match(
    k.stderr(),
    new RegExp(
      `^ktail: ${second.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} was deleted \\(rotated away by the kubelet\\) before it could be read: its lines are missing\\n$`,
    ),
  );
});

test('--follow --tail: started inside the live file, which is then rotated and compressed between two looks: 0 lost, 0 twice', async (t) => {
  const dir = nodeDir('node-rt');
  const w = kubeletWriter(`${dir}/shop_web_u1/app`);
  w.append(5_000);
  const k = run(t, '--log-dir', dir, '--follow', '--tail', '100', '-o', 'raw');
  await k.seen(100);
  w.append(20_000);
  // inside the read of what was appended, on the descriptor it opened at an offset
  await k.holdAt(2_100);
  w.rotate();
  w.append(1_000);
  // the file it reads is compressed now: it is known by its first bytes, not the ones it started at
  w.rotate();
  w.append(1_000);
  k.resume();
  await k.seen(22_100);
  assert.equal(await k.interrupt(), 0);
  assert.deepEqual(compare(k.lines, w.written.slice(4_900)), exact(w.written.slice(4_900)));
  assert.equal(k.stderr(), '');
});
