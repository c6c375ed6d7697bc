import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { V1Pod } from '@kubernetes/client-node';
import { UsageError } from '../../src/shared/errors.js';
import { conditionMatches } from '../../src/select/pods.js';
import { parseOptions, type RawFlags } from '../../src/options/parse.js';

const parse = (flags: RawFlags) => parseOptions(undefined, flags, {});

const bad: [string, RawFlags, RegExp][] = [
  [
    'unknown condition',
    { condition: 'healthy', follow: false },
    /^invalid --condition "healthy": the condition should be one of ContainersReady, Initialized, Ready/,
  ],
  [
    'bad condition value',
    { condition: 'ready=maybe', follow: false },
    /^invalid --condition "ready=maybe": the value should be one of True, False, Unknown$/,
  ],
  [
    '--condition while following from the start',
    { condition: 'ready', tail: '-1' },
    /--condition is only supported with --tail=0 or --no-follow/,
  ],
  ['--condition with --stdin', { condition: 'ready', follow: false, stdin: true }, /--condition needs a cluster/],
  ['--stdin with --log-dir', { stdin: true, logDir: '.' }, /^--stdin cannot be used with --log-dir: /],
  ['--stdin with --prompt', { stdin: true, prompt: true }, /--prompt .* --stdin/],
  ['--qps not a number', { qps: 'fast' }, /^invalid --qps "fast": expected requests per second/],
  ['--burst negative', { burst: '-3' }, /^invalid --burst "-3": expected a whole number ≥ 0$/],
  ['--verbosity not a number', { verbosity: 'high' }, /^invalid --verbosity "high"/],
  ['--request-timeout not a duration', { requestTimeout: 'soon' }, /^invalid --request-timeout "soon": expected seconds or a duration/],
  ['--request-timeout negative', { requestTimeout: '-5' }, /^invalid --request-timeout "-5"/],
  [
    '--container-state unknown',
    { containerState: ['all,sleeping'] },
    /--container-state "sleeping": expected one of running, waiting, terminated, all/,
  ],
];

for (const [name, flags, message] of bad) {
  test(`bad input: ${name}`, () => {
    assert.throws(
      () => parse(flags),
      (err: unknown) => err instanceof UsageError && message.test(err.message),
    );
  });
}

test('--condition: name and value case-insensitive, value true by default (stern)', () => {
  assert.deepEqual(parse({ condition: 'ready', follow: false }).pods.condition, { type: 'Ready', status: 'True' });
  assert.deepEqual(parse({ condition: 'READY=false', tail: '0' }).pods.condition, { type: 'Ready', status: 'False' });
  assert.deepEqual(parse({ condition: 'podreadytostartcontainers=unknown', follow: false }).pods.condition, {
    type: 'PodReadyToStartContainers',
    status: 'Unknown',
  });
  assert.equal(parse({}).pods.condition, undefined);
});

test('a pod matches --condition only when it has that condition with that status', () => {
  const pod = (status?: string): V1Pod => ({
    status: {
      conditions: status
        ? [
            { type: 'PodScheduled', status: 'True' },
            { type: 'Ready', status },
          ]
        : [],
    },
  });
  const readyFalse = { type: 'Ready', status: 'False' as const };
  assert.equal(conditionMatches(pod('False'), readyFalse), true);
  assert.equal(conditionMatches(pod('True'), readyFalse), false);
  assert.equal(conditionMatches(pod(), readyFalse), false);
});

test('--container-state: all (the default) is every state; lists and repeats combine', () => {
  assert.deepEqual([...parse({ containerState: ['all'] }).containers.states].sort(), ['running', 'terminated', 'waiting']);
  assert.deepEqual([...parse({ containerState: ['running', 'waiting'] }).containers.states], ['running', 'waiting']);
  assert.deepEqual([...parse({ containerState: ['terminated,running'] }).containers.states], ['terminated', 'running']);
});

test('--qps/--burst: off unless asked; client-go defaults fill the other; -1 is off', () => {
  assert.deepEqual(parse({}).requests, { burst: 0, verbosity: 0, timeoutMs: 10_000 });
  assert.deepEqual(parse({ qps: '20' }).requests, { qps: 20, burst: 10, verbosity: 0, timeoutMs: 10_000 });
  assert.deepEqual(parse({ qps: '0.5', burst: '2' }).requests, { qps: 0.5, burst: 2, verbosity: 0, timeoutMs: 10_000 });
  assert.deepEqual(parse({ burst: '3' }).requests, { qps: 5, burst: 3, verbosity: 0, timeoutMs: 10_000 });
  assert.deepEqual(parse({ qps: '-1', burst: '3' }).requests, { burst: 0, verbosity: 0, timeoutMs: 10_000 });
  assert.equal(parse({ verbosity: '7' }).requests.verbosity, 7);
});

test('--request-timeout: 10s unless given; bare integers are seconds, else a Go duration; 0 is no limit (kubectl)', () => {
  assert.equal(parse({}).requests.timeoutMs, 10_000);
  assert.equal(parse({ requestTimeout: '3' }).requests.timeoutMs, 3000);
  assert.equal(parse({ requestTimeout: '5s' }).requests.timeoutMs, 5000);
  assert.equal(parse({ requestTimeout: '1m' }).requests.timeoutMs, 60_000);
  assert.equal(parse({ requestTimeout: '1500ms' }).requests.timeoutMs, 1500);
  assert.equal(parse({ requestTimeout: '0' }).requests.timeoutMs, 0);
});

test('--stdin and --prompt are carried', () => {
  assert.equal(parse({ stdin: true }).stdin, true);
  assert.equal(parse({ prompt: true }).prompt, true);
  assert.equal(parse({}).stdin, false);
});
