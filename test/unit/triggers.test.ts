// --until, --until-each, --fail-on, --timeout, --require-match and --stream: the flags, the
// line gate, the stream probe's reading of an apiserver's answer, and --log-dir (built CLI).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import { parseOptions } from '../../src/options/parse.js';
import { UsageError } from '../../src/shared/errors.js';
import type { LogLine, Target } from '../../src/shared/target.js';
import { lineTrigger, type Triggered } from '../../src/trigger/lineTrigger.js';
import { logClient } from '../../src/tail/logRequest.js';
import { streamRefusal } from '../../src/tail/streamSupport.js';
import { cri, ENV, KTAIL, ktail, nodeDir, put } from './offlineFixture.js';
import { stubTarget } from './stubTarget.js';

const target = (pod: string, container = 'app'): Target => ({
  cluster: { name: 'c1' },
  namespace: 'ns',
  pod,
  podUid: `${pod}-uid`,
  container,
  kind: 'container',
  containerId: `${pod}-id`,
  nodeName: 'n',
  labels: {},
});
const line = (t: Target, message: string): LogLine => ({ target: t, timestamp: '', message, bytes: Buffer.from(message) });

describe('flags', () => {
  test('bad values and combinations are usage errors naming the flag', () => {
    for (const [flags, message] of [
      [{ untilEach: true }, /--until-each needs --until/],
      [{ until: '(' }, /invalid --until regex/],
      [{ failOn: 'a[' }, /invalid --fail-on regex/],
      [{ timeout: '5 minutes' }, /invalid --timeout duration/],
      [{ timeout: '0s' }, /--timeout "0"/],
      [{ stream: 'both' }, /invalid --stream "both": expected one of stdout, stderr/],
      [{ stream: 'stderr', tail: '10' }, /--stream cannot be used with --tail/],
      [{ stream: 'stderr', stdin: true }, /--stream cannot be used with --stdin/],
    ] as const) {
      assert.throws(
        () => parseOptions(undefined, flags, {}),
        (err: unknown) => err instanceof UsageError && message.test(err.message),
        JSON.stringify(flags),
      );
    }
  });

  test("--timeout takes --since's durations; --stream goes into the log query", () => {
    const o = parseOptions(undefined, { timeout: '1m30s', stream: 'stderr', until: 'ready' }, {});
    assert.equal(o.triggers.timeoutMs, 90_000);
    assert.equal(o.logs.stream, 'stderr');
    assert.equal(o.triggers.until?.test('server ready'), true);
  });
});

describe('line trigger', () => {
  const run = (flags: Parameters<typeof parseOptions>[1]) => {
    const fired: Triggered[] = [];
    const printed: string[] = [];
    const trigger = lineTrigger(parseOptions(undefined, flags, {}).triggers, (t) => fired.push(t));
    const emit = trigger.gate((l) => printed.push(l.message) > 0);
    return { fired, printed, trigger, emit };
  };

  test('--fail-on: the matching line is printed, nothing after it from any stream, one firing naming where', () => {
    const r = run({ failOn: 'panic' });
    const [a, b] = [target('a'), target('b')];
    for (const l of [line(a, 'ok'), line(a, 'panic: boom'), line(a, 'after'), line(b, 'other stream'), line(b, 'panic again')]) r.emit(l);
    assert.deepEqual(r.printed, ['ok', 'panic: boom']);
    assert.deepEqual(r.fired, [{ code: 3, message: '--fail-on matched in c1/ns/a › app' }]);
  });

  test('--fail-on wins over --until on the same line; --until alone exits 0', () => {
    const both = run({ failOn: 'x', until: 'x' });
    both.emit(line(target('a'), 'x'));
    assert.equal(both.fired[0]?.code, 3);
    const until = run({ until: 'ready' });
    until.emit(line(target('a'), 'ready'));
    assert.equal(until.fired[0]?.code, 0);
    assert.equal(until.trigger.untilUnmet, false);
  });

  test('--until-each: every container followed must match; a restart keeps its match; a pod gone is not waited for', () => {
    const r = run({ until: 'ready', untilEach: true });
    const [a, b, c] = [target('a'), target('b'), target('c')];
    for (const t of [a, b, c]) r.trigger.added(t);
    r.trigger.ready();
    r.emit(line(a, 'ready'));
    r.emit(line(a, 'ready'));
    assert.deepEqual(r.fired, []);
    // b restarts: a new containerID, the same container
    r.trigger.added({ ...b, containerId: 'b-id-2' });
    r.emit(line({ ...b, containerId: 'b-id-2' }, 'ready'));
    assert.deepEqual(r.fired, []);
    assert.equal(r.trigger.untilUnmet, true);
    r.trigger.gone(c);
    assert.deepEqual(
      (r.fired as Triggered[]).map((f) => f.code),
      [0],
      'the last container still followed had matched',
    );
    r.emit(line(c, 'late'));
    assert.deepEqual(r.printed, ['ready', 'ready', 'ready']);
  });

  // found by review: offline, the first container was added, matched, and ended the run
  // before the second was even added; live, the same across clusters listing at different times
  test('--until-each waits until every container is known (every cluster listed, the tree read once)', () => {
    const r = run({ until: 'ready', untilEach: true });
    const [a, b] = [target('a'), target('b')];
    r.trigger.added(a);
    r.emit(line(a, 'ready'));
    assert.deepEqual(r.fired, [], 'a matched, b not known yet');
    r.trigger.added(b);
    r.trigger.ready();
    assert.deepEqual(r.fired, []);
    r.emit(line(b, 'ready'));
    assert.deepEqual(
      (r.fired as Triggered[]).map((f) => f.code),
      [0],
    );
    // every container matched before the list was complete: it fires once the list is
    const early = run({ until: 'ready', untilEach: true });
    early.trigger.added(a);
    early.emit(line(a, 'ready'));
    early.trigger.ready();
    assert.deepEqual(
      (early.fired as Triggered[]).map((f) => f.code),
      [0],
    );
  });

  test('without --until or --fail-on the emit is passed through untouched', () => {
    const inner = (l: LogLine) => l.message === 'x';
    assert.equal(lineTrigger(parseOptions(undefined, {}, {}).triggers, () => undefined).gate(inner), inner);
  });
});

describe('--stream probe', () => {
  const answer = async (status: number, body: unknown) => {
    let asked = '';
    const server = createServer((req, res) => {
      asked = req.url ?? '';
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { cluster } = stubTarget(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, { skipTLSVerify: true });
    const client = logClient(cluster);
    try {
      return { verdict: await streamRefusal(client, 'c', 'shop', new AbortController().signal), asked };
    } finally {
      client.close();
      server.close();
    }
  };
  const status = (reason: string) => ({ kind: 'Status', code: 422, reason: 'Invalid', details: { causes: [{ reason, field: 'stream' }] } });

  test("the apiserver's validation answer says whether it takes stream", async () => {
    const on = await answer(422, status('FieldValueNotSupported'));
    assert.equal(on.verdict, undefined);
    assert.match(on.asked, /^\/api\/v1\/namespaces\/shop\/pods\/ktail-stream-probe\/log\?.*stream=Probe/);
    assert.match((await answer(422, status('FieldValueForbidden'))).verdict ?? '', /PodLogsQuerySplitStreams feature gate off/);
    assert.match((await answer(404, { kind: 'Status', code: 404 })).verdict ?? '', /before 1\.32/);
    await assert.rejects(answer(403, { kind: 'Status', code: 403, message: 'no' }), /HTTP 403/);
  });
});

describe('--log-dir', () => {
  const root = nodeDir('node-t');
  put(root, 'shop_web-1_u1/app/0.log', cri('t-start') + cri('t-warn', 'stderr') + cri('t-panic boom', 'stderr') + cri('t-after'));
  put(root, 'shop_web-2_u2/app/0.log', cri('t-ready two'));

  test("--stream: only that stream's lines, exactly (the CRI lines carry it)", () => {
    assert.deepEqual(ktail('--log-dir', root, 'web-1', '-o', 'raw', '--stream', 'stderr').lines, ['t-warn', 't-panic boom']);
    assert.deepEqual(ktail('--log-dir', root, 'web-1', '-o', 'raw', '--stream', 'stdout').lines, ['t-start', 't-after']);
  });

  test('--fail-on exits 3 after printing the line, -i does not hide it from the trigger; --until unmet exits 5', () => {
    const failed = ktail('--log-dir', root, 'web-1', '-o', 'raw', '--fail-on', 'panic', '-i', 'start');
    assert.deepEqual([failed.code, failed.lines, failed.stderr], [3, ['t-start'], 'ktail: --fail-on matched in node-t/shop/web-1 › app\n']);
    const unmet = ktail('--log-dir', root, '-o', 'raw', '--until', 'never');
    assert.deepEqual([unmet.code, unmet.stderr], [5, 'ktail: --until did not match before the logs ended\n']);
    const each = ktail('--log-dir', root, '-o', 'raw', '--until', 'ready|start', '--until-each');
    assert.equal(each.code, 0, each.stderr);
  });

  test('a query that matches nothing says so once; --require-match makes it exit 4', () => {
    const none = ktail('--log-dir', root, 'typo', '--require-match');
    assert.deepEqual([none.code, none.stdout, none.stderr], [4, '', `ktail: ${root}: nothing matched\n`]);
  });
});

describe('--stdin', () => {
  test('--fail-on ends the read at its line (exit 3, "standard input"); --until unmet at the end: 5', () => {
    const run = (input: string, ...args: string[]) =>
      spawnSync(process.execPath, [KTAIL, '--stdin', '-o', 'raw', ...args], { env: ENV, input, encoding: 'utf8', timeout: 20_000 });
    const failed = run('one\npanic two\nthree\n', '--fail-on', 'panic');
    assert.deepEqual(
      [failed.status, failed.stdout, failed.stderr],
      [3, 'one\npanic two\n', 'ktail: --fail-on matched in standard input\n'],
    );
    const unmet = run('one\n', '--until', 'ready');
    assert.deepEqual([unmet.status, unmet.stdout], [5, 'one\n']);
  });
});
