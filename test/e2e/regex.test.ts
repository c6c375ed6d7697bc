// RE2 regexes on a real cluster: the patterns a stern user writes give the lines stern gives.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { before, test } from 'node:test';
import { binaries, CLUSTERS, clusterPaths, createPod, emit, kubeHome, ktail, up, uniqueNamespace } from './harness.js';

const [C1 = ''] = CLUSTERS;

before(async () => {
  await up(1);
});

async function runToEnd(args: string[]) {
  const run = ktail([...args, '--no-follow'], { home: kubeHome([C1]) });
  const code = await run.exited;
  return { lines: run.lines, stderr: run.stderr(), code };
}

/** stern, the oracle, with the same selection and filters */
function stern(ns: string, filters: string[]): string[] {
  const r = spawnSync(
    binaries.stern(),
    [
      '--kubeconfig',
      clusterPaths(C1).kubeconfig,
      '--context',
      C1,
      '-n',
      ns,
      '.',
      '--no-follow',
      '--output',
      'raw',
      '--color',
      'never',
      ...filters,
    ],
    { encoding: 'utf8', timeout: 60_000 },
  );
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split('\n').filter(Boolean);
}

test("ktail -i '(?i)error' prints the matching lines, as stern does", async () => {
  const ns = uniqueNamespace('re2');
  await createPod(C1, `${ns}/p`);
  for (const text of ['ERROR disk-', 'info ok-', 'Error retry-', 'an error here-', 'err or-'])
    await emit(C1, `${ns}/p`, 'app', { count: 2, text });
  const filters = ['-i', '(?i)error', '-e', '\\Qretry-2\\E\\z'];
  const r = await runToEnd(['--context', C1, '-m', '-n', ns, '-o', 'raw', ...filters]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(r.lines, ['ERROR disk-1', 'ERROR disk-2', 'Error retry-1', 'an error here-1', 'an error here-2']);
  assert.deepEqual(r.lines, stern(ns, filters));
});

test('a lookahead is refused before any cluster is asked: one line, exit 2', async () => {
  const r = await runToEnd(['--context', C1, '-m', '-i', 'error(?=!)']);
  assert.equal(r.code, 2);
  assert.deepEqual(r.lines, []);
  assert.match(
    r.stderr.trim(),
    /^[^\n]*invalid --include regex "error\(\?=!\)": error parsing regexp: invalid or unsupported Perl syntax: `\(\?=`$/,
  );
});
