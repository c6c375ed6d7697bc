// Issue 13 items 3 and 5 on the real clusters with -m: grep's context lines per container
// stream (two containers writing at once), --where on JSON and logfmt lines, -o pretty.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, writeFileSync } from 'node:fs';
import { before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CLUSTERS, clusters, createPod, kubeHome, ktail, uniqueNamespace } from './harness.js';

const KTAIL = fileURLToPath(new URL('../../bin/ktail.js', import.meta.url));
const [C1 = '', C2 = '', C3 = ''] = CLUSTERS;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** A CRI line with a chosen timestamp (ms since the epoch). */
const cri = (ms: number, text: string) => `${new Date(ms).toISOString().replace('Z', '000000Z')} stdout F ${text}\n`;

function run(args: string[], home: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [KTAIL, ...args], {
    env: { PATH: process.env.PATH, HOME: home },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

before(async () => {
  await clusters();
});

// two containers of one pod whose lines interleave line by line, and a pod in another cluster
const ONE = ['o1', 'o2', 'o3 ERROR', 'o4', 'o5', 'o6', 'o7', 'o8 ERROR', 'o9'];
const TWO = ['t1 ERROR', 't2', 't3', 't4', 't5 ERROR', 't6', 't7', 't8', 't9'];

describe('context lines (-B/-C/--after-context)', () => {
  test('two containers written at once, merged by time: each keeps its own context and separators', async () => {
    const ns = uniqueNamespace('ctx');
    const pod = await createPod(C1, `${ns}/p`, { containers: ['one', 'two'] });
    const other = await createPod(C2, `${ns}/q`);
    const t0 = Date.now() - 60_000;
    writeFileSync(pod.one ?? '', ONE.map((m, i) => cri(t0 + 10 * i, m)).join(''));
    writeFileSync(pod.two ?? '', TWO.map((m, i) => cri(t0 + 10 * i + 5, m)).join(''));
    writeFileSync(other.app ?? '', ['q1', 'q2 ERROR', 'q3'].map((m, i) => cri(t0 + 10 * i + 7, m)).join(''));
    const r = run(['-m', '-n', ns, '--no-follow', '--merge', 'time', '-i', 'ERROR', '-C', '1', '--color', 'never'], kubeHome());
    assert.equal(r.status, 0, r.stderr);
    assert.equal(
      r.stdout,
      [
        // printed as the line that decides arrives: a before-context line waits for its match
        `${C1} p two t1 ERROR`,
        `${C1} p two t2`,
        `${C2} q app q1`,
        `${C2} q app q2 ERROR`,
        `${C1} p one o2`,
        `${C1} p one o3 ERROR`,
        `${C2} q app q3`,
        `${C1} p one o4`,
        `${C1} p two --`,
        `${C1} p two t4`,
        `${C1} p two t5 ERROR`,
        `${C1} p two t6`,
        `${C1} p one --`,
        `${C1} p one o7`,
        `${C1} p one o8 ERROR`,
        `${C1} p one o9`,
        '',
      ].join('\n'),
    );
  });

  test("following: lines arriving in both containers at once are never each other's context", async () => {
    const ns = uniqueNamespace('ctx-f');
    const pod = await createPod(C3, `${ns}/p`, { containers: ['one', 'two'] });
    // each stream starts with a match and ends with unprinted lines: however the two streams'
    // lines interleave on arrival, a shared context would print one's tail before the other's match
    const one = ['o1 ERROR', 'o2', 'o3', 'o4', 'o5 ERROR', 'o6', 'o7', 'o8'];
    const two = ['t1 ERROR', 't2', 't3', 't4', 't5', 't6 ERROR', 't7', 't8', 't9'];
    const live = ktail(['-m', '-n', ns, '-i', 'ERROR', '-B', '2', '--after-context', '1', '-o', 'json'], { home: kubeHome() });
    await sleep(1500); // both streams open
    for (let i = 0; i < two.length; i++) {
      if (one[i] !== undefined) appendFileSync(pod.one ?? '', cri(Date.now(), one[i] ?? ''));
      appendFileSync(pod.two ?? '', cri(Date.now(), two[i] ?? ''));
    }
    await live.waitFor((l) => l.length >= 12, 20_000, '12 lines');
    await sleep(1000); // nothing more may come
    assert.equal(await live.stop(), 0);
    const records = live.lines.map((l) => JSON.parse(l) as { containerName: string; message: string; context?: boolean; cluster: string });
    const of = (c: string) => records.filter((r) => r.containerName === c).map((r) => `${r.context ? '-' : ':'}${r.message}`);
    assert.deepEqual(of('one'), [':o1 ERROR', '-o2', '-o3', '-o4', ':o5 ERROR', '-o6']);
    assert.deepEqual(of('two'), [':t1 ERROR', '-t2', '-t4', '-t5', ':t6 ERROR', '-t7']);
    assert.equal(records.length, 12);
    assert.ok(records.every((r) => r.cluster === C3));
  });

  test('without -i or --where: refused with one line, exit 2', () => {
    const r = run(['-m', '-C', '2'], kubeHome());
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, 'ktail: context lines (-B, -C, --after-context) are around matches: give -i or --where\n');
  });
});

const JSON_LINES = [
  '{"level":"info","msg":"GET /","status":200,"http":{"method":"GET","ms":3}}',
  '{"level":"error","msg":"upstream timeout","status":504,"http":{"method":"POST","ms":30000}}',
  '{"level":"error","msg":"bad request","status":400}',
];
const LOGFMT_LINES = [
  'level=warn msg="slow query" status=200 db.ms=1200',
  'level=error msg="connection reset by peer" status=502 peer="10.0.0.7:5432"',
  'level=error msg=panic',
];
const PLAIN = ['plain text status=500 level=error but not a record', 'starting up'];

describe('--where and -o pretty', () => {
  let ns = '';
  let home = '';
  before(async () => {
    ns = uniqueNamespace('where');
    const t0 = Date.now() - 60_000;
    const write = async (cluster: string, pod: string, lines: string[]) => {
      const files = await createPod(cluster, `${ns}/${pod}`);
      writeFileSync(files.app ?? '', lines.map((m, i) => cri(t0 + i, m)).join(''));
    };
    await write(C1, 'api', JSON_LINES);
    await write(C2, 'db', LOGFMT_LINES);
    await write(C3, 'batch', PLAIN);
    home = kubeHome();
  });

  const sorted = (out: string) => out.split('\n').filter(Boolean).sort();

  test('JSON and logfmt lines in three clusters, every condition held; plain lines never match', () => {
    const r = run(['-m', '-n', ns, '--no-follow', '--color', 'never', '--where', 'level=error', '--where', 'status>=500'], home);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(sorted(r.stdout), [`${C1} api app ${JSON_LINES[1]}`, `${C2} db app ${LOGFMT_LINES[1]}`]);
    const nested = run(['-m', '-n', ns, '--no-follow', '-o', 'raw', '--where', 'http.ms>1000'], home);
    assert.deepEqual(sorted(nested.stdout), [JSON_LINES[1]]);
    const dotted = run(['-m', '-n', ns, '--no-follow', '-o', 'raw', '--where', 'db.ms>=1000', '--where', 'msg~^slow'], home);
    assert.deepEqual(sorted(dotted.stdout), [LOGFMT_LINES[0]]);
    const quoted = run(['-m', '-n', ns, '--no-follow', '-o', 'raw', '--where', 'msg=connection reset by peer'], home);
    assert.deepEqual(sorted(quoted.stdout), [LOGFMT_LINES[1]]);
    const notRegex = run(['-m', '-n', ns, '--no-follow', '-o', 'raw', '--where', 'level!~^(info|warn)$'], home);
    assert.deepEqual(sorted(notRegex.stdout), [JSON_LINES[1], JSON_LINES[2], LOGFMT_LINES[1], LOGFMT_LINES[2]].sort());
  });

  test('--where with context: the records around an error, per stream', () => {
    const r = run(['-m', '-n', ns, '--no-follow', '-o', 'raw', '--where', 'msg~timeout', '-B', '1'], home);
    assert.equal(r.stdout, `${JSON_LINES[0]}\n${JSON_LINES[1]}\n`);
  });

  test('-o pretty: LEVEL message key=value with the usual prefix; other lines as the default format', () => {
    const r = run(['-m', '-n', ns, '--no-follow', '--color', 'never', '-o', 'pretty'], home);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(
      sorted(r.stdout),
      [
        `${C1} api app ERROR bad request status=400`,
        `${C1} api app ERROR upstream timeout status=504 http={"method":"POST","ms":30000}`,
        `${C1} api app INFO GET / status=200 http={"method":"GET","ms":3}`,
        `${C2} db app ERROR connection reset by peer status=502 peer=10.0.0.7:5432`,
        `${C2} db app ERROR panic`,
        `${C2} db app WARN slow query status=200 db.ms=1200`,
        `${C3} batch app ${PLAIN[0]}`,
        `${C3} batch app ${PLAIN[1]}`,
      ].sort(),
    );
    const colored = run(
      ['-m', '-n', ns, '--context', C2, '--no-follow', '--color', 'always', '-o', 'pretty', '--where', 'msg=panic'],
      home,
    );
    assert.match(colored.stdout, /\u001b\[31mERROR\u001b\[0m panic\n$/);
  });

  test('bad --where: exit 2, one line', () => {
    const r = run(['-m', '-n', ns, '--where', 'status>high'], home);
    assert.equal(r.status, 2);
    assert.equal(r.stderr, 'ktail: invalid --where "status>high": > compares numbers, and "high" is not one\n');
  });
});
