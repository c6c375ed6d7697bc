// --save: the files it writes (layout, CRI format), what it does when the disk is slow or
// full, and that --log-dir reads them back to the very lines that were saved.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, test } from 'node:test';
import { parseOptions, type RawFlags } from '../../src/options/parse.js';
import { runOffline } from '../../src/offline/run.js';
import { criEntry } from '../../src/save/cri.js';
import { clusterDirName } from '../../src/save/layout.js';
import { openSave } from '../../src/save/open.js';
import { saveWriter, type SaveFs } from '../../src/save/writer.js';
import { UsageError } from '../../src/shared/errors.js';
import type { LogLine, Target } from '../../src/shared/target.js';

const target = (cluster: string, over: Partial<Target> = {}): Target => ({
  cluster: { name: cluster },
  namespace: 'shop',
  pod: 'web-1',
  podUid: 'u-1',
  container: 'app',
  kind: 'container',
  containerId: 'containerd://a',
  nodeName: 'node',
  labels: {},
  restartCount: 0,
  ...over,
});
const stamp = (i: number) => `2026-12-01T10:00:${String(i % 60).padStart(2, '0')}.${String(i).padStart(9, '0')}Z`;
const line = (t: Target, i: number, text: string | Buffer): LogLine => {
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text);
  return { target: t, timestamp: stamp(i), message: bytes.toString('utf8'), bytes };
};
const tmp = () => mkdtempSync(join(tmpdir(), 'ktail-save-'));

/** an in-memory disk whose appends can be held back or made to fail */
function memoryFs() {
  const files = new Map<string, Buffer>();
  const held: (() => void)[] = [];
  let stall = false;
  let failWith: string | undefined;
  const fs: SaveFs = {
    mkdir: async () => undefined,
    truncate: async (path, size) => void files.set(path, (files.get(path) ?? Buffer.alloc(0)).subarray(0, size)),
    append: (path, data) =>
      new Promise((resolve, reject) => {
        const act = () => {
          // a full disk takes part of the write before it refuses the rest
          if (failWith) files.set(path, Buffer.concat([files.get(path) ?? Buffer.alloc(0), data.subarray(0, data.length >> 1)]));
          if (failWith)
            return reject(Object.assign(new Error(`${failWith}: no space left on device, write`), { code: failWith, syscall: 'write' }));
          files.set(path, Buffer.concat([files.get(path) ?? Buffer.alloc(0), data]));
          resolve();
        };
        if (stall) held.push(act);
        else act();
      }),
  };
  return {
    fs,
    files,
    stall: () => void (stall = true),
    release: () => {
      stall = false;
      for (const act of held.splice(0)) act();
    },
    fail: (code: string) => void (failWith = code),
  };
}

async function replay(dir: string, flags: RawFlags = {}): Promise<string[]> {
  const stdout = new PassThrough();
  let text = '';
  stdout.on('data', (d: Buffer) => (text += d.toString('utf8')));
  const io = { stdout, stderr: new PassThrough(), env: {}, interrupted: new Promise<void>(() => undefined) };
  const opts = parseOptions(undefined, { logDir: dir, output: 'json', ...flags });
  assert.equal(await runOffline(opts, { dir, follow: false }, io), 0);
  return text.split('\n').filter(Boolean);
}

describe('--save files', () => {
  test('a line is one CRI entry; a text over the runtime limit is cut into P pieces and an F one', () => {
    assert.equal(criEntry(stamp(1), Buffer.from('hello')).toString(), `${stamp(1)} stdout F hello\n`);
    assert.equal(criEntry(stamp(1), Buffer.alloc(0)).toString(), `${stamp(1)} stdout F \n`);
    const pieces = criEntry(stamp(2), Buffer.from('abcdefg'), 3).toString();
    assert.equal(pieces, `${stamp(2)} stdout P abc\n${stamp(2)} stdout P def\n${stamp(2)} stdout F g\n`);
    assert.equal(criEntry(stamp(3), Buffer.from('abcdef'), 3).toString(), `${stamp(3)} stdout P abc\n${stamp(3)} stdout F def\n`);
  });

  test('the kubelet layout per cluster, a file per restart, -p the instance before; markers name the clusters', async () => {
    const root = join(tmp(), 'run');
    const w = await openSave(root, ['kind-a', 'arn:aws:eks:eu/prod'], { previous: false, warn: assert.fail });
    const a = target('kind-a');
    w.write(line(a, 1, 'first'));
    w.write(line(target('kind-a', { restartCount: 1, containerId: 'containerd://b' }), 2, 'after restart'));
    w.write(line(target('arn:aws:eks:eu/prod', { container: 'proxy' }), 3, 'other cluster'));
    w.write({ ...line(a, 4, 'no stamp'), timestamp: '' });
    await w.close();
    assert.deepEqual(readdirSync(root).sort(), ['.ktail-save', 'arn:aws:eks:eu%2fprod', 'kind-a']);
    assert.equal(readFileSync(join(root, 'arn:aws:eks:eu%2fprod', '.ktail-cluster'), 'utf8'), 'arn:aws:eks:eu/prod');
    const pod = join(root, 'kind-a', 'shop_web-1_u-1', 'app');
    assert.deepEqual(readdirSync(pod).sort(), ['0.log', '1.log']);
    // a line the API sent without a timestamp keeps its stream's last one
    assert.equal(readFileSync(join(pod, '0.log'), 'utf8'), `${stamp(1)} stdout F first\n${stamp(1)} stdout F no stamp\n`);
    assert.equal(readFileSync(join(pod, '1.log'), 'utf8'), `${stamp(2)} stdout F after restart\n`);
    assert.equal(
      readFileSync(join(root, 'arn:aws:eks:eu%2fprod', 'shop_web-1_u-1', 'proxy', '0.log'), 'utf8'),
      `${stamp(3)} stdout F other cluster\n`,
    );

    const prev = join(tmp(), 'prev');
    const p = await openSave(prev, ['kind-a'], { previous: true, warn: assert.fail });
    p.write(line(target('kind-a', { restartCount: 3 }), 1, 'of the last instance'));
    await p.close();
    assert.deepEqual(readdirSync(join(prev, 'kind-a', 'shop_web-1_u-1', 'app')), ['2.log']);
  });

  test('cluster directory names cannot escape the tree or collide', () => {
    assert.equal(clusterDirName('..'), '%2e.');
    assert.equal(clusterDirName('.hidden'), '%2ehidden');
    assert.notEqual(clusterDirName('a/b'), clusterDirName('a%2fb'));
    assert.equal(clusterDirName('a\\b'), 'a%5cb');
  });

  test('DIR not empty, or not writable: a usage error (exit 2) naming it, before anything is tailed', async () => {
    const full = tmp();
    writeFileSync(join(full, 'earlier'), '');
    await assert.rejects(
      openSave(full, ['c'], { previous: false, warn: assert.fail }),
      (e: Error) => e instanceof UsageError && /^--save .*: not empty/.test(e.message),
    );
    const file = join(tmp(), 'a-file');
    writeFileSync(file, '');
    await assert.rejects(
      openSave(join(file, 'save'), ['c'], { previous: false, warn: assert.fail }),
      (e: Error) => e instanceof UsageError && e.message === `--save ${join(file, 'save')}: cannot create it: ENOTDIR`,
    );
  });
});

test('--save is refused where nothing comes from a cluster, and with --limit-bytes', () => {
  assert.throws(
    () => parseOptions(undefined, { save: '/tmp/x', logDir: '/tmp' }),
    (e: Error) => e instanceof UsageError && /^--save cannot be used with --log-dir/.test(e.message),
  );
  assert.throws(
    () => parseOptions(undefined, { save: '/tmp/x', stdin: true }),
    (e: Error) => e instanceof UsageError && /^--save cannot be used with --stdin/.test(e.message),
  );
  assert.throws(
    () => parseOptions(undefined, { save: '/tmp/x', limitBytes: '10' }),
    (e: Error) => e instanceof UsageError && /^--save cannot be used with --limit-bytes/.test(e.message),
  );
  // -o raw alone would not ask for timestamps: the saved lines need the kubelet's
  assert.equal(parseOptions(undefined, { save: '/tmp/x', output: 'raw' }).logs.timestamps, true);
});

describe('--save off the print path', () => {
  test('a stalled disk never blocks a write; past the bound saving stops with one warning, and the files hold every line before it', async () => {
    const disk = memoryFs();
    const warnings: string[] = [];
    const entrySize = criEntry(stamp(0), Buffer.from('line 0000')).length;
    const w = saveWriter({ root: '/save', previous: false, maxQueued: entrySize * 10, warn: (m) => warnings.push(m), fs: disk.fs });
    w.write(line(target('c'), 0, 'line 0000'));
    disk.stall();
    // every write returns at once although nothing reaches the disk
    for (let i = 1; i < 50; i++) w.write(line(target('c'), i, `line ${String(i).padStart(4, '0')}`));
    assert.equal(w.stopped, true);
    assert.deepEqual(warnings, [
      '--save /save: the disk is slower than the logs (more than 90 bytes waiting); saving stopped (the files hold the lines up to here), tailing goes on'.replace(
        '90',
        String(entrySize * 10),
      ),
    ]);
    disk.release();
    await w.close();
    const saved = disk.files
      .get('/save/c/shop_web-1_u-1/app/0.log')
      ?.toString()
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split(' F ')[1]);
    // what fit the bound is written once the disk comes back; nothing after it
    assert.deepEqual(
      saved,
      Array.from({ length: 10 }, (_, i) => `line ${String(i).padStart(4, '0')}`),
    );
  });

  test('ENOSPC: one warning, saving stops, the part of a line the disk took is cut off, later lines are dropped without another word', async () => {
    const disk = memoryFs();
    const warnings: string[] = [];
    const w = saveWriter({ root: '/save', previous: false, maxQueued: 1 << 20, warn: (m) => warnings.push(m), fs: disk.fs });
    w.write(line(target('c'), 1, 'kept'));
    await w.close();
    disk.fail('ENOSPC');
    w.write(line(target('c'), 2, 'lost'));
    await w.close();
    w.write(line(target('c'), 3, 'not even tried'));
    await w.close();
    assert.deepEqual(warnings, [
      '--save /save: the disk is full (ENOSPC); saving stopped (the files hold the lines up to here), tailing goes on',
    ]);
    assert.equal(disk.files.get('/save/c/shop_web-1_u-1/app/0.log')?.toString(), `${stamp(1)} stdout F kept\n`);
  });

  test('another write error says which file and why', async () => {
    const disk = memoryFs();
    const warnings: string[] = [];
    const w = saveWriter({ root: '/save', previous: false, maxQueued: 1 << 20, warn: (m) => warnings.push(m), fs: disk.fs });
    disk.fail('EACCES');
    w.write(line(target('c'), 1, 'x'));
    await w.close();
    assert.deepEqual(warnings, [
      '--save /save: cannot write /save/c/shop_web-1_u-1/app/0.log: EACCES; saving stopped (the files hold the lines up to here), tailing goes on',
    ]);
  });
});

describe('--save then --log-dir', () => {
  const root = join(tmp(), 'run');
  const long = Buffer.from('L'.repeat(40_000));
  // a piece of a line over the tailer's line limit: live mode printed it as a line of its own
  const huge = Buffer.alloc(1 << 20, 0x68);
  const saved = [
    line(target('c1'), 1, 'one'),
    line(target('c1'), 2, long),
    line(target('c1'), 3, ''),
    line(target('c1'), 4, Buffer.from([0x62, 0x61, 0x64, 0xff, 0x21])),
    line(target('c1'), 5, huge),
    line(target('c1'), 5, 'h-rest'),
    line(target('c1', { restartCount: 1, containerId: 'b' }), 6, 'restarted'),
    line(target('team/c2', { namespace: 'db', pod: 'pg-0', podUid: 'u-2', container: 'pg' }), 7, 'two'),
  ];
  const asJson = (l: LogLine) => ({
    cluster: l.target.cluster.name,
    namespace: l.target.namespace,
    podName: l.target.pod,
    containerName: l.target.container,
    timestamp: l.timestamp,
    message: l.message,
  });
  const fields = (json: string) => {
    const { cluster, namespace, podName, containerName, timestamp, message } = JSON.parse(json) as Record<string, string>;
    return { cluster, namespace, podName, containerName, timestamp, message };
  };
  const ready = (async () => {
    const w = await openSave(root, ['c1', 'team/c2'], { previous: false, warn: assert.fail });
    for (const l of saved) w.write(l);
    await w.close();
  })();

  test('the whole tree reads back to the same lines, cluster names kept', async () => {
    await ready;
    assert.deepEqual((await replay(root)).map(fields), saved.map(asJson));
  });

  test("one cluster's subtree reads back to that cluster's lines, under its name", async () => {
    await ready;
    assert.deepEqual(
      (await replay(join(root, clusterDirName('team/c2')))).map(fields),
      saved.filter((l) => l.target.cluster.name === 'team/c2').map(asJson),
    );
  });

  test('line filters work on the replay', async () => {
    await ready;
    assert.deepEqual(
      (await replay(root, { include: ['^(one|two)$'] })).map((l) => fields(l).message),
      ['one', 'two'],
    );
  });
});
