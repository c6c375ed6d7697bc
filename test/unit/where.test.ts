import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseLogfmt } from '../../src/filter/logfmt.js';
import { fieldsCache, parseStructured } from '../../src/filter/structured.js';
import { whereMatcher } from '../../src/filter/where.js';
import { parseOptions } from '../../src/options/parse.js';
import { whereCondition } from '../../src/options/where.js';
import { UsageError } from '../../src/shared/errors.js';
import type { LogLine, Target } from '../../src/shared/target.js';
import { printTo } from './printTo.js';

const target: Target = {
  cluster: { name: 'c1' },
  namespace: 'ns',
  pod: 'web',
  podUid: 'u',
  container: 'app',
  kind: 'container',
  containerId: 'x',
  nodeName: 'n',
  labels: {},
};
const line = (message: string): LogLine => ({ target, timestamp: '2024-05-01T12:00:00Z', message, bytes: Buffer.from(message) });

const kept = (wheres: string[], messages: string[]) => {
  const keep = whereMatcher(wheres.map(whereCondition), fieldsCache());
  return messages.filter((m) => keep?.(line(m)));
};

const LINES = [
  '{"level":"error","msg":"db timeout","status":503,"http":{"status":502,"path":"/a"}}',
  'level=info msg="all good here" status=200 dur=3ms',
  '{"level":"warn","message":"slow","status":"499","ok":true}',
  'plain text status=500 but prose',
  'level=error status=abc',
];

test('operators: = != ~ !~ on text, > >= < <= on numbers', () => {
  assert.deepEqual(kept(['level=error'], LINES), [LINES[0], LINES[4]]);
  assert.deepEqual(kept(['level!=error'], LINES), [LINES[1], LINES[2]]);
  assert.deepEqual(kept(['msg~time(out)?$'], LINES), [LINES[0]]);
  assert.deepEqual(kept(['msg!~good'], LINES), [LINES[0]]);
  assert.deepEqual(kept(['status>=500'], LINES), [LINES[0]]);
  assert.deepEqual(kept(['status>499'], LINES), [LINES[0]]);
  assert.deepEqual(kept(['status<500'], LINES), [LINES[1], LINES[2]]);
  assert.deepEqual(kept(['status<=200'], LINES), [LINES[1]]);
  assert.deepEqual(kept(['ok=true'], LINES), [LINES[2]]);
});

test('numbers compare as numbers when both sides are numbers; else = is text and an order is false', () => {
  assert.deepEqual(kept(['status=503.0'], LINES), [LINES[0]]);
  assert.deepEqual(kept(['status=499'], LINES), [LINES[2]]);
  // "9" > "10" as text, but not as numbers
  assert.deepEqual(kept(['n>9'], ['n=10', 'n=9', 'n=x']), ['n=10']);
  assert.deepEqual(kept(['status=abc'], LINES), [LINES[4]]);
  assert.deepEqual(kept(['status!=200'], LINES), [LINES[0], LINES[2], LINES[4]]);
});

test('every --where must hold; a line without the field or that is not a record does not match', () => {
  assert.deepEqual(kept(['level=error', 'status>=500'], LINES), [LINES[0]]);
  assert.deepEqual(kept(['missing!=x'], LINES), []);
  assert.deepEqual(kept(['status>=0'], ['status 500', '[1,2]', '"level=x"', '{"status":1', '{"status":7}']), ['{"status":7}']);
});

test('dotted keys walk nested JSON; a logfmt key with dots is taken as written', () => {
  assert.deepEqual(kept(['http.status>=500'], LINES), [LINES[0]]);
  assert.deepEqual(kept(['http.path=/a'], LINES), [LINES[0]]);
  assert.deepEqual(kept(['http.status.x=1', 'http=1'], LINES), []);
  assert.deepEqual(kept(['http.status=404'], ['ts=1 http.status=404']), ['ts=1 http.status=404']);
  assert.deepEqual(kept(['a.b=top'], ['{"a.b":"top","a":{"b":"nested"}}']), ['{"a.b":"top","a":{"b":"nested"}}']);
});

test('logfmt: quoted values with escapes, empty values, strictness', () => {
  assert.deepEqual(
    [...(parseLogfmt('a=1 b="x y" c= d="q\\"uote\\\\" e=ü') ?? [])],
    [
      ['a', '1'],
      ['b', 'x y'],
      ['c', ''],
      ['d', 'q"uote\\'],
      ['e', 'ü'],
    ],
  );
  assert.deepEqual(
    [...(parseLogfmt('  msg="a=b"\tk=v  ') ?? [])],
    [
      ['msg', 'a=b'],
      ['k', 'v'],
    ],
  );
  for (const prose of ['hello world', 'status=500 but prose', 'a="unterminated', 'a="x"b=1', 'a=b"c', '=v', 'k="bad \\q"', ''])
    assert.equal(parseLogfmt(prose), undefined, prose);
});

test('each line is parsed once, however many --where and -o pretty read it', async () => {
  let parses = 0;
  const l = line('level=error msg=x status=503');
  Object.defineProperty(l, 'message', { get: () => (parses++, 'level=error msg=x status=503') });
  const { p, text } = printTo({ format: 'pretty', where: ['level=error', 'status>=500', 'msg~x'].map(whereCondition) });
  p.emit(l);
  assert.equal(await text(), 'c1 web app ERROR x status=503\n');
  assert.equal(parses, 1);
  assert.equal(parseStructured('  {"a":1}')?.get('a'), 1);
});

test('bad --where: a usage error naming it', () => {
  for (const bad of ['level', '=x', 'status>abc', 'a<', 'msg~(', '~x'])
    assert.throws(() => parseOptions(undefined, { where: [bad] }), UsageError, bad);
  assert.throws(() => parseOptions(undefined, { where: ['msg~('] }), /invalid --where regex "\("/);
  assert.deepEqual(
    parseOptions(undefined, { where: ['a = b', 'n>=-1.5e3'] }).output.where.map((c) => [c.key, c.op, c.value]),
    [
      ['a', '=', 'b'],
      ['n', '>=', '-1.5e3'],
    ],
  );
});

test('-o pretty: LEVEL message key=value, level coloured as levelColor, keys dimmed; other lines as the default format', async () => {
  const { p, text } = printTo({ format: 'pretty' });
  for (const m of [...LINES, '{"lvl":40,"message":"pino","n":null}', '{"severity":"critical","msg":"x\\u001b[2J"}']) p.emit(line(m));
  assert.equal(
    await text(),
    [
      'c1 web app ERROR db timeout status=503 http={"status":502,"path":"/a"}',
      'c1 web app INFO all good here status=200 dur=3ms',
      'c1 web app WARN slow status=499 ok=true',
      'c1 web app plain text status=500 but prose',
      'c1 web app ERROR status=abc',
      'c1 web app WARN pino n=null',
      'c1 web app CRITICAL x\u001b[2J',
      '',
    ].join('\n'),
  );
  const colored = printTo({ format: 'pretty', color: 'always' }, { showCluster: false, showNamespace: false });
  colored.p.emit(line('level=warn msg="two words" k="a b"'));
  colored.p.emit(line('{"level":"notice","msg":"m"}'));
  const out = (await colored.text()).split('\n');
  assert.match(out[0] ?? '', /\u001b\[33mWARN\u001b\[0m two words \u001b\[2mk=\u001b\[22m"a b"$/);
  assert.match(out[1] ?? '', / NOTICE m$/);
});
