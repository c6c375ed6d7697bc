// Issue 13 item 4: --save DIR keeps a run in the kubelet's layout, one subtree per cluster,
// and --log-dir reads it back: the same lines as the live run printed, compared as sorted
// lists of what -o json and -o raw print, not by eye.
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { criTimestamp } from '../../scripts/devcluster/crilog.js';
import {
  CLUSTERS,
  clusters,
  createPod,
  kubeHome,
  ktail,
  restartContainer,
  startComponent,
  stopComponent,
  uniqueNamespace,
  type CriStream,
} from './harness.js';

const [C1 = '', C2 = '', C3 = ''] = CLUSTERS;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const put = (file: string | undefined, texts: string[], stream: CriStream = 'stdout') =>
  appendFileSync(file ?? '', texts.map((t) => `${criTimestamp()} ${stream} F ${t}\n`).join(''));
const range = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);

/** what a saved line keeps of -o json (labels, annotations and the node are not in the kubelet's files) */
const kept = (json: string) => {
  const { cluster, namespace, podName, containerName, timestamp, message } = JSON.parse(json) as Record<string, string>;
  return JSON.stringify({ cluster, namespace, podName, containerName, timestamp, message });
};
const sorted = (lines: string[]) => [...lines].sort();

before(async () => {
  await clusters();
});

describe('--save DIR, then --log-dir DIR', () => {
  test("3 clusters, a restart, a long line, stderr and a node outage: the replay prints exactly the live run's lines", async () => {
    const ns = uniqueNamespace('save');
    const f1 = await createPod(C1, `${ns}/web-1`, { containers: ['app', 'side'] });
    const f2 = await createPod(C2, `${ns}/web-2`);
    const f3 = await createPod(C3, `${ns}/web-3`);
    put(f1.app, range('c1-app-pre-', 3));
    put(f1.side, range('c1-side-pre-', 3));
    put(f2.app, range('c2-pre-', 3));
    put(f3.app, range('c3-pre-', 3));
    const dir = join(mkdtempSync(join(tmpdir(), 'ktail-save-e2e-')), 'run');
    const home = kubeHome();
    const live = ktail(['-m', '-n', ns, '--save', dir, '-o', 'json', '--stats'], { home });
    await live.waitFor((l) => l.length >= 12, 30_000, 'the lines written before the run');

    // a line over the runtime's 16 KiB limit, as containerd writes it: pieces P, P, F
    const long = 'L'.repeat(40_000);
    const stamp = criTimestamp();
    appendFileSync(
      f1.app ?? '',
      [long.slice(0, 16_384), long.slice(16_384, 32_768)].map((p) => `${stamp} stdout P ${p}\n`).join('') +
        `${stamp} stdout F ${long.slice(32_768)}\n`,
    );
    put(f1.app, range('c1-app-mid-', 3));
    put(f2.app, range('c2-err-', 3), 'stderr');
    const f1Next = await restartContainer(C1, `${ns}/web-1`, 'app');
    await sleep(1000); // the new instance's stream opens
    put(f1Next, range('c1-app-after-restart-', 3));
    // the node's kubelet away: the stream reconnects and resumes, skipping what it printed
    put(f3.app, range('c3-before-outage-', 5));
    await stopComponent(C3, 'kwok');
    put(f3.app, range('c3-during-outage-', 5));
    await sleep(2000);
    await startComponent(C3, 'kwok');
    put(f3.app, range('c3-after-outage-', 5));
    const expected = [
      ...range('c1-app-pre-', 3),
      ...range('c1-side-pre-', 3),
      ...range('c2-pre-', 3),
      ...range('c3-pre-', 3),
      long,
      ...range('c1-app-mid-', 3),
      ...range('c2-err-', 3),
      ...range('c1-app-after-restart-', 3),
      ...range('c3-before-outage-', 5),
      ...range('c3-during-outage-', 5),
      ...range('c3-after-outage-', 5),
    ];
    await live.waitFor((l) => l.length >= expected.length, 60_000, `${expected.length} lines`);
    await sleep(1000); // a line printed twice would show up now
    assert.equal(await live.stop(), 0, live.stderr());
    const messages = (lines: string[]) => lines.map((l) => (JSON.parse(l) as { message: string }).message);
    assert.deepEqual(sorted(messages(live.lines)), sorted(expected), 'the live run printed each line once');
    // the outage did cut the node's stream: what the resumed stream sent again was skipped before the save, too
    assert.match(live.stderr(), new RegExp(`ktail stats: ${C3} +1 +\\d+ +[1-9]`));
    assert.ok(
      readdirSync(join(dir, C1, readdirSync(join(dir, C1)).find((d) => d.includes('web-1')) ?? '', 'app')).includes('1.log'),
      'the restart has its own file',
    );

    const all = ktail(['--log-dir', dir, '--no-follow', '-n', ns, '-o', 'json'], { home });
    assert.equal(await all.exited, 0, all.stderr());
    assert.deepEqual(sorted(all.lines.map(kept)), sorted(live.lines.map(kept)));

    for (const c of CLUSTERS) {
      const one = ktail(['--log-dir', join(dir, c), '--no-follow', '-o', 'json'], { home });
      assert.equal(await one.exited, 0, one.stderr());
      assert.deepEqual(
        sorted(one.lines.map(kept)),
        sorted(live.lines.map(kept).filter((l) => (JSON.parse(l) as { cluster: string }).cluster === c)),
        c,
      );
    }

    const raw = ktail(['--log-dir', dir, '--no-follow', '-o', 'raw'], { home });
    assert.equal(await raw.exited, 0, raw.stderr());
    assert.deepEqual(sorted(raw.lines), sorted(messages(live.lines)));

    // the default format names the clusters as the live run (several clusters) does
    const text = ktail(['--log-dir', dir, '--no-follow', '-n', ns, '-i', 'after-restart|outage-5$', '--color', 'never'], { home });
    assert.equal(await text.exited, 0, text.stderr());
    assert.deepEqual(
      sorted(text.lines),
      sorted([
        ...range(`${C1} web-1 app c1-app-after-restart-`, 3),
        `${C3} web-3 app c3-before-outage-5`,
        `${C3} web-3 app c3-during-outage-5`,
        `${C3} web-3 app c3-after-outage-5`,
      ]),
    );
    const filtered = ktail(['--log-dir', dir, '--no-follow', '-o', 'json', '-i', '^c2-', '-e', 'pre-2'], { home });
    assert.equal(await filtered.exited, 0, filtered.stderr());
    assert.deepEqual(sorted(messages(filtered.lines)), sorted(['c2-pre-1', 'c2-pre-3', ...range('c2-err-', 3)]));
  });

  test('the lines saved are those received, before -i/-e: a filtered live run still keeps them all', async () => {
    const ns = uniqueNamespace('save-f');
    const files = await createPod(C2, `${ns}/p`);
    put(files.app, ['keep me', 'drop me', 'keep me too']);
    const dir = join(mkdtempSync(join(tmpdir(), 'ktail-save-e2e-')), 'run');
    const home = kubeHome([C2]);
    const live = ktail(['--kubeconfig', join(home, '.kube', C2), '-n', ns, '--no-follow', '-o', 'raw', '-i', 'keep', '--save', dir], {
      home,
    });
    assert.equal(await live.exited, 0, live.stderr());
    assert.deepEqual(live.lines, ['keep me', 'keep me too']);
    // with the kubelet's timestamps, though this run (-o raw) would not have asked for them
    const written = readFileSync(files.app ?? '', 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => ({ timestamp: l.split(' ')[0], message: l.split(' F ')[1] }));
    const replay = ktail(['--log-dir', dir, '--no-follow', '-o', 'json'], { home });
    assert.equal(await replay.exited, 0, replay.stderr());
    assert.deepEqual(
      replay.lines.map((l) => {
        const { timestamp, message } = JSON.parse(l) as Record<string, string>;
        return { timestamp, message };
      }),
      written,
    );
  });

  test('an unwritable or non-empty DIR: exit 2 and one line, before any cluster is asked', async () => {
    const base = mkdtempSync(join(tmpdir(), 'ktail-save-e2e-'));
    const file = join(base, 'a-file');
    writeFileSync(file, '');
    const home = kubeHome([C1]);
    const bad = ktail(['--kubeconfig', join(home, '.kube', C1), '--save', join(file, 'run')], { home });
    assert.equal(await bad.exited, 2);
    assert.equal(bad.stderr(), `ktail: --save ${join(file, 'run')}: cannot create it: ENOTDIR\n`);
    assert.deepEqual(bad.lines, []);
    const full = ktail(['--kubeconfig', join(home, '.kube', C1), '--save', base], { home });
    assert.equal(await full.exited, 2);
    assert.match(full.stderr(), /^ktail: --save .*: not empty; give a new or empty directory[^\n]*\n$/);
    assert.ok(!existsSync(join(base, '.ktail-save')), 'nothing written into a directory that was refused');
  });
});
