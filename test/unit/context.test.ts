import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { contextStage, type ContextSpec } from '../../src/filter/context.js';
import { compilePattern } from '../../src/options/pattern.js';
import { parseOptions } from '../../src/options/parse.js';
import { UsageError } from '../../src/shared/errors.js';
import type { LogLine, Target } from '../../src/shared/target.js';
import { printTo } from './printTo.js';

const target = (pod: string, container = 'app'): Target => ({
  cluster: { name: 'c1' },
  namespace: 'ns',
  pod,
  podUid: `uid-${pod}`,
  container,
  kind: 'container',
  containerId: `id-${pod}-${container}`,
  nodeName: 'n',
  labels: {},
});
const A = target('a');
const B = target('b');
const line = (t: Target, message: string): LogLine => ({
  target: t,
  timestamp: '2024-05-01T12:00:00Z',
  message,
  bytes: Buffer.from(message),
});

/** the stage's output as grep writes it for one stream: `--` before a group that does not follow on */
function run(spec: ContextSpec, messages: string[], isMatch = (m: string) => m.includes('X')): string[] {
  const out: string[] = [];
  const stage = contextStage(
    spec,
    (l) => isMatch(l.message),
    (m) => {
      if (m.gap) out.push('--');
      out.push(`${m.context ? '-' : ':'}${m.line.message}`);
      return true;
    },
  );
  for (const m of messages) stage(line(A, m));
  return out;
}

test('after and before context; overlapping groups merge into one', () => {
  assert.deepEqual(run({ before: 1, after: 1 }, ['1', '2X', '3', '4X', '5', '6']), ['-1', ':2X', '-3', ':4X', '-5']);
  assert.deepEqual(run({ before: 2, after: 0 }, ['1', '2', '3', '4X']), ['-2', '-3', ':4X']);
  assert.deepEqual(run({ before: 0, after: 2 }, ['1X', '2', '3', '4']), [':1X', '-2', '-3']);
});

test('groups that touch are not separated; groups with a gap are', () => {
  // after-context of the first ends at 3, the before-context of the second starts at 4: adjacent
  assert.deepEqual(run({ before: 1, after: 1 }, ['1', '2X', '3', '4', '5X', '6']), ['-1', ':2X', '-3', '-4', ':5X', '-6']);
  assert.deepEqual(run({ before: 1, after: 1 }, ['1X', '2', '3', '4', '5X']), [':1X', '-2', '--', '-4', ':5X']);
});

test('N=0 prints matches only, with -- between non-adjacent ones (as grep -C 0)', () => {
  assert.deepEqual(run({ before: 0, after: 0 }, ['1X', '2X', '3', '4X']), [':1X', ':2X', '--', ':4X']);
});

test('a match in the after-context restarts the count; the before-buffer holds at most N lines', () => {
  assert.deepEqual(run({ before: 0, after: 1 }, ['1X', '2X', '3', '4']), [':1X', ':2X', '-3']);
  assert.deepEqual(run({ before: 2, after: 0 }, ['1', '2', '3', '4', '5', '6X']), ['-4', '-5', ':6X']);
});

test('interleaved streams keep their own context, counts and separators', () => {
  const out: string[] = [];
  const stage = contextStage(
    { before: 1, after: 1 },
    (l) => l.message.includes('X'),
    (m) => {
      out.push(`${m.gap ? '-- ' : ''}${m.line.target.pod}:${m.context ? '-' : ':'}${m.line.message}`);
      return true;
    },
  );
  // b's lines between a's lines must neither count as a's context nor break a's adjacency
  for (const [t, m] of [
    [A, 'a1'],
    [B, 'b1'],
    [A, 'a2X'],
    [B, 'b2'],
    [B, 'b3X'],
    [A, 'a3'],
    [A, 'a4'],
    [B, 'b4'],
    [A, 'a5'],
    [A, 'a6X'],
  ] as const)
    stage(line(t, m));
  assert.deepEqual(out, ['a:-a1', 'a::a2X', 'b:-b2', 'b::b3X', 'a:-a3', 'b:-b4', '-- a:-a5', 'a::a6X']);
});

test('a restarted container (new containerID) is a new stream', () => {
  const out: string[] = [];
  const stage = contextStage(
    { before: 1, after: 0 },
    (l) => l.message.includes('X'),
    (m) => out.push(m.line.message) > 0,
  );
  stage(line(A, 'old last'));
  stage(line({ ...A, containerId: 'id-new' }, 'new X'));
  assert.deepEqual(out, ['new X']);
});

test('backpressure from any written line is passed back', () => {
  const stage = contextStage(
    { before: 1, after: 0 },
    (l) => l.message.includes('X'),
    (m) => !m.context,
  );
  assert.equal(stage(line(A, '1')), true);
  assert.equal(stage(line(A, '2X')), false);
});

// grep is the oracle: on one stream our output must be grep's, byte for byte
test('the same text through -o raw and through grep -A/-B/-C gives the same output', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ktail-ctx-'));
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const messages = Array.from({ length: 200 }, (_, i) => (rand() < 0.12 ? `line ${i} ERROR` : `line ${i}`));
  const file = join(dir, 'log');
  writeFileSync(file, `${messages.join('\n')}\n`);
  const cases: [string[], { before: number; after: number }][] = [
    [['-C', '0'], { before: 0, after: 0 }],
    [['-C', '2'], { before: 2, after: 2 }],
    [['-A', '3'], { before: 0, after: 3 }],
    [['-B', '4'], { before: 4, after: 0 }],
    [['-A', '1', '-B', '5'], { before: 5, after: 1 }],
    [['-C', '1', '-A', '6'], { before: 1, after: 6 }],
  ];
  for (const [grepFlags, context] of cases) {
    const { p, text } = printTo({ format: 'raw', include: [compilePattern('ERROR')], context });
    for (const m of messages) p.emit(line(A, m));
    assert.equal(await text(), execFileSync('grep', [...grepFlags, 'ERROR', file], { encoding: 'utf8' }), grepFlags.join(' '));
  }
});

test('default format: the separator carries the stream prefix; -e lines are gone, not context', async () => {
  const { p, text } = printTo({ include: [compilePattern('X')], exclude: [compilePattern('noise')], context: { before: 1, after: 0 } });
  for (const [t, m] of [
    [A, 'a1'],
    [A, 'a2X'],
    [A, 'a3'],
    [A, 'noise'],
    [A, 'a4'],
    [B, 'b1X'],
    [A, 'a5X'],
    [A, 'a6'],
    [A, 'noise'],
    [A, 'a7X'],
  ] as const)
    p.emit(line(t, m));
  assert.equal(
    await text(),
    'c1 a app a1\nc1 a app a2X\nc1 b app b1X\nc1 a app --\nc1 a app a4\nc1 a app a5X\nc1 a app a6\nc1 a app a7X\n',
  );
  assert.equal(p.lines, 7);
});

test('JSON formats mark context lines and print no separator', async () => {
  const { p, text } = printTo({ format: 'json', include: [compilePattern('X')], context: { before: 1, after: 0 } });
  for (const m of ['1', '2X', '3', '4', '5X']) p.emit(line(A, m));
  const records = (await text())
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { message: string; context?: boolean });
  assert.deepEqual(
    records.map((r) => [r.message, r.context]),
    [
      ['1', true],
      ['2X', undefined],
      ['4', true],
      ['5X', undefined],
    ],
  );
  for (const format of ['extjson', 'ppextjson'] as const) {
    const ext = printTo({ format, include: [compilePattern('X')], context: { before: 1, after: 0 } });
    for (const m of ['1', '2X']) ext.p.emit(line(A, m));
    const out = await ext.text();
    const objects = format === 'extjson' ? out.trim().split('\n') : out.split(/(?<=^\})\n/m).filter(Boolean);
    assert.deepEqual(
      objects.map((o) => (JSON.parse(o) as { context?: boolean }).context),
      [true, undefined],
      format,
    );
  }
});

test('context flags: -C for both sides, -B/--after-context win; refused without -i or --where', () => {
  assert.deepEqual(parseOptions(undefined, { include: ['x'], contextLines: '2', afterContext: '5' }).output.context, {
    before: 2,
    after: 5,
  });
  assert.deepEqual(parseOptions(undefined, { where: ['a=1'], beforeContext: '3' }).output.context, { before: 3, after: 0 });
  assert.equal(parseOptions(undefined, { include: ['x'] }).output.context, undefined);
  assert.throws(() => parseOptions(undefined, { contextLines: '1' }), UsageError);
  assert.throws(() => parseOptions(undefined, { exclude: ['x'], beforeContext: '1' }), /give -i or --where/);
  assert.throws(() => parseOptions(undefined, { include: ['x'], contextLines: '-1' }), /-C\/--context-lines/);
});

test('--multiline: a record is one line for context (its continuation lines come with it)', async () => {
  const { multilineGrouper, continuationRule } = await import('../../src/output/multiline.js');
  const { p, text } = printTo({ format: 'raw', include: [compilePattern('Exception')], context: { before: 1, after: 0 } });
  const grouped = multilineGrouper(continuationRule('auto'), p.emit);
  for (const m of [
    '2024-05-01 one',
    '2024-05-01 two',
    '  at a()',
    '2024-05-01 java.lang.IllegalStateException: x',
    '  at b()',
    '  at c()',
    '2024-05-01 after',
  ])
    grouped.push(line(A, m));
  grouped.flush();
  assert.equal(await text(), '2024-05-01 two\n  at a()\n2024-05-01 java.lang.IllegalStateException: x\n  at b()\n  at c()\n');
});

// Found by review: -B held up to N lines for every stream ever seen, ended pods and old
// containers included, for the whole run. A stream that ended is forgotten (its tail is done).
test('a stream that ended is forgotten: its held lines go, the others stay', () => {
  const printed: string[] = [];
  const stage = contextStage(
    { before: 2, after: 0 },
    (l) => l.message.includes('X'),
    (m) => {
      printed.push(`${m.line.target.pod}:${m.line.message}`);
      return true;
    },
  );
  const other = { ...A, pod: 'other', podUid: 'uid-other', containerId: 'other-id' };
  stage(line(A, 'a1'));
  stage(line(other, 'o1'));
  assert.equal(stage.streams, 2);
  stage.forget(A);
  assert.equal(stage.streams, 1, 'the ended stream holds nothing any more');
  stage(line(other, 'o2X'));
  assert.deepEqual(printed, ['other:o1', 'other:o2X'], 'the other stream kept its before-context');
});
