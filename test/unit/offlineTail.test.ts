// --log-dir --tail N reads from the end of the newest files: the lines it prints must be
// exactly the last N a full read prints, wherever the start falls (inside a line split into
// fragments, on stdout and stderr at once, across rotated, .gz and live files and restarts).
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { parseOptions, type RawFlags } from '../../src/options/parse.js';
import { runOffline } from '../../src/offline/run.js';
import { cri, nodeDir, put } from './offlineFixture.js';

async function read(dir: string, flags: RawFlags) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d));
  stderr.on('data', (d: Buffer) => (err += d));
  const io = { stdout, stderr, env: {}, interrupted: new Promise<void>(() => undefined) };
  const opts = parseOptions(undefined, { logDir: dir, output: 'raw', ...flags });
  assert.equal(await runOffline(opts, { dir, follow: false }, io), 0);
  return { lines: out.split('\n').slice(0, -1), stderr: err };
}

/** a small deterministic generator: the same tree on every run */
function random(seed: number) {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

/**
 * Three instances, each with a .gz, a plain rotated and a live file; stdout and stderr
 * interleaved, a third of the entries fragments (P). Every stream ends its line before an
 * instance ends (see tailStart.ts for the one case a tail leaves out).
 */
function tree(seed: number): string {
  const rnd = random(seed);
  const root = nodeDir(`tail-${seed}`);
  let seq = 0;
  for (let n = 0; n < 3; n++) {
    const files = [`${n}.log.20240501-10000${n}.gz`, `${n}.log.20240501-11000${n}`, `${n}.log`];
    const open = { stdout: false, stderr: false };
    for (const [i, name] of files.entries()) {
      let text = '';
      const count = 3 + Math.floor(rnd() * 25);
      for (let k = 0; k < count; k++) {
        const stream = rnd() < 0.3 ? 'stderr' : 'stdout';
        const partial = rnd() < 0.35;
        text += cri(`${stream[3]}${seq++}${partial ? '+' : ''}`, stream, partial ? 'P' : 'F');
        open[stream] = partial;
        if (rnd() < 0.03) text += 'not a log line\n';
      }
      if (i === files.length - 1)
        for (const stream of ['stdout', 'stderr'] as const) if (open[stream]) text += cri(`${stream[3]}${seq++}end`, stream, 'F');
      put(root, `ns_pod_u1/c/${name}`, name.endsWith('.gz') ? gzipSync(text) : text);
    }
  }
  return root;
}

test('--tail N prints exactly the last N lines of the full read, wherever the start falls', async () => {
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    const dir = tree(seed);
    const all = (await read(dir, {})).lines;
    for (const n of [0, 1, 2, 3, 5, 8, 13, 40, all.length - 1, all.length, all.length + 5]) {
      const tail = await read(dir, { tail: String(n) });
      assert.deepEqual(tail.lines, n ? all.slice(-n) : [], `seed ${seed}, --tail ${n}`);
    }
    // -p: the instance before the latest, its own last lines
    const previous = (await read(dir, { previous: true })).lines;
    assert.deepEqual((await read(dir, { previous: true, tail: '4' })).lines, previous.slice(-4), `seed ${seed}, -p --tail 4`);
  }
});

test('--tail N leaves older files unread when the newest hold N lines', async () => {
  const dir = nodeDir('tail-unread');
  put(dir, 'ns_pod_u1/c/0.log.20240501-100000.gz', 'not gzip: reading it would warn');
  put(dir, 'ns_pod_u1/c/0.log.20240501-110000', cri('r1') + cri('r2'));
  put(dir, 'ns_pod_u1/c/0.log', cri('l1') + cri('l2 ', 'stdout', 'P') + cri('end'));
  const full = await read(dir, {});
  assert.deepEqual(full.lines, ['r1', 'r2', 'l1', 'l2 end']);
  assert.match(full.stderr, /cannot read \S+0\.log\.20240501-100000\.gz: incorrect header check/);
  assert.deepEqual(await read(dir, { tail: '3' }), { lines: ['r1', 'r2', 'l1', 'l2 end'].slice(-3), stderr: '' });
  // one more than the newer files hold: the broken file is reached
  assert.match((await read(dir, { tail: '5' })).stderr, /incorrect header check/);
});
