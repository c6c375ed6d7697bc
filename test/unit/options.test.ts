import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UsageError } from '../../src/shared/errors.js';
import { parseOptions, type RawFlags } from '../../src/options/parse.js';

const bad: [string, string | undefined, RawFlags, RegExp][] = [
  ['bad pod regex', '(', {}, /pod query regex "\("/],
  ['bad --exclude-pod', undefined, { excludePod: ['[a'] }, /--exclude-pod regex/],
  ['bad --container', undefined, { container: '*' }, /--container regex/],
  ['bad --exclude-container', undefined, { excludeContainer: ['('] }, /--exclude-container regex/],
  ['bad --since', undefined, { since: '5 minutes' }, /--since duration "5 minutes"/],
  ['bad --since-time', undefined, { sinceTime: 'yesterday' }, /--since-time "yesterday"/],
  ['--since with --since-time', undefined, { since: '5m', sinceTime: '2024-01-01T00:00:00Z' }, /cannot be used together/],
  ['negative --tail', undefined, { tail: '-5' }, /--tail "-5"/],
  ['bad --color', undefined, { color: 'sometimes' }, /--color "sometimes"/],
  ['bad --container-state', undefined, { containerState: ['running,sleeping'] }, /--container-state "sleeping"/],
  ['bad --init-containers', undefined, { initContainers: 'maybe' }, /--init-containers "maybe"/],
  ['bad --selector', undefined, { selector: 'app=web,tier in (a' }, /--selector "app=web,tier in \(a"/],
  ['bad --selector value', undefined, { selector: 'app=we b' }, /--selector/],
  ['bad --field-selector', undefined, { fieldSelector: 'status.phase' }, /--field-selector "status.phase"/],
  ['zero --max-log-requests', undefined, { maxLogRequests: '0' }, /--max-log-requests "0"/],
];

for (const [name, query, flags, message] of bad) {
  test(`bad input: ${name}`, () => {
    assert.throws(
      () => parseOptions(query, flags, {}),
      (err: unknown) => err instanceof UsageError && message.test(err.message),
    );
  });
}

test('defaults match stern: since 48h, all lines, containers in every state, init and ephemeral on', () => {
  const o = parseOptions(undefined, {}, { HOME: '/home/u' });
  assert.equal(o.logs.sinceSeconds, 48 * 3600);
  assert.equal(o.logs.tailLines, -1);
  assert.equal(o.logs.follow, true);
  assert.deepEqual([...o.containers.states].sort(), ['running', 'terminated', 'waiting']);
  assert.equal(o.containers.initContainers, true);
  assert.equal(o.containers.ephemeralContainers, true);
  assert.equal(o.clusters.kubeDir, '/home/u/.kube');
  assert.equal(o.maxLogRequests, 50);
});

test('--node joins the field selector', () => {
  const o = parseOptions(undefined, { fieldSelector: 'status.phase=Running', node: 'n1' }, {});
  assert.equal(o.pods.fieldSelector, 'status.phase=Running,spec.nodeName=n1');
});

test('durations add up like Go durations', () => {
  assert.equal(parseOptions(undefined, { since: '1h30m' }, {}).logs.sinceSeconds, 5400);
  assert.equal(parseOptions(undefined, { since: '500ms' }, {}).logs.sinceSeconds, 1);
});

test('valid selectors pass as they are', () => {
  for (const sel of [
    'app=web',
    'app==web,release!=canary',
    'tier in (front, back),!legacy',
    'app.kubernetes.io/name=web',
    'env notin (dev)',
    'gpu',
    'app=',
  ]) {
    assert.equal(parseOptions(undefined, { selector: sel }, {}).pods.labelSelector, sel);
  }
  assert.equal(
    parseOptions(undefined, { fieldSelector: 'status.phase=Running,metadata.name!=x' }, {}).pods.fieldSelector,
    'status.phase=Running,metadata.name!=x',
  );
});

test('colour lists follow stern: container colours default to the pod colours, and must be as many', () => {
  const pod = parseOptions(undefined, { podColors: '91,92' }, {}).output;
  assert.deepEqual(
    [pod.podColors, pod.containerColors],
    [
      ['91', '92'],
      ['91', '92'],
    ],
  );
  const both = parseOptions(undefined, { podColors: '91,92', containerColors: '31,32' }, {}).output;
  assert.deepEqual(both.containerColors, ['31', '32']);
  assert.throws(() => parseOptions(undefined, { podColors: '91,92', containerColors: '31' }, {}), /same length \(2 and 1\)/);
  assert.throws(() => parseOptions(undefined, { containerColors: '31' }, {}), /--container-colors needs --pod-colors/);
});
