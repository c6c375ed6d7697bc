// --events: which events are printed (matched pods, level, once per occurrence), containers'
// ends from a pod's status, how an event is printed, the flag, and the watch loop's in-band 410.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { CoreV1Event, V1Pod, Watch } from '@kubernetes/client-node';
import { containerEnds } from '../../src/events/containerEnds.js';
import { podEventOf } from '../../src/events/fromApi.js';
import { matchedEvents } from '../../src/events/matchedEvents.js';
import { colors } from '../../src/output/colors.js';
import { eventFormatter, type EventFormatOptions } from '../../src/output/eventFormat.js';
import { parseOptions } from '../../src/options/parse.js';
import { UsageError } from '../../src/shared/errors.js';
import type { PodEvent } from '../../src/shared/event.js';
import { listWatch } from '../../src/watch/listWatch.js';

const cluster = { name: 'prod' };
const KTAIL = fileURLToPath(new URL('../../bin/ktail.js', import.meta.url));

function apiEvent(over: Partial<CoreV1Event> & { uid?: string; pod?: string; podUid?: string } = {}): CoreV1Event {
  const { uid = 'e1', pod = 'web-1', podUid = 'p1', ...rest } = over;
  return {
    metadata: { name: `${pod}.abc`, namespace: 'shop', uid, resourceVersion: '10' },
    involvedObject: { kind: 'Pod', namespace: 'shop', name: pod, uid: podUid, fieldPath: 'spec.containers{app}' },
    reason: 'BackOff',
    type: 'Warning',
    message: 'Back-off restarting failed container',
    count: 1,
    lastTimestamp: new Date('2026-01-01T10:00:00Z'),
    source: { component: 'kubelet' },
    ...rest,
  };
}

function collect(level: 'all' | 'warnings' = 'all') {
  const printed: PodEvent[] = [];
  const m = matchedEvents(level, (e) => printed.push(e));
  const offer = (e: CoreV1Event) => m.event(e.metadata.uid ?? '', podEventOf(cluster, e));
  const seen = () => printed.map((e) => `${e.involvedObject.name} ${e.reason} x${e.count}`);
  return { m, offer, seen };
}

test('an event is printed once per occurrence: the same count again (a re-list) is not, a count bump is', () => {
  const { m, offer, seen } = collect();
  m.pod('p1', true);
  m.ready();
  offer(apiEvent());
  offer(apiEvent());
  offer(apiEvent({ count: 2 }));
  offer(apiEvent({ count: 2 }));
  // events.k8s.io writers count in series
  offer(apiEvent({ count: undefined, series: { count: 3, lastObservedTime: new Date('2026-01-01T10:05:00Z') } }));
  assert.deepEqual(seen(), ['web-1 BackOff x1', 'web-1 BackOff x2', 'web-1 BackOff x3']);
});

test("only events of matched pods; one arriving before its pod waits for it; a deleted pod's late events still show", () => {
  const { m, offer, seen } = collect();
  m.pod('p1', true);
  m.pod('p2', false);
  m.ready();
  offer(apiEvent({ uid: 'e2', pod: 'db-1', podUid: 'p2' }));
  offer(apiEvent({ uid: 'e3', pod: 'web-2', podUid: 'p3', reason: 'Scheduled' }));
  assert.deepEqual(seen(), []);
  m.pod('p3', true);
  assert.deepEqual(seen(), ['web-2 Scheduled x1']);
  m.podGone('p1');
  offer(apiEvent({ uid: 'e4', reason: 'Killing' }));
  assert.deepEqual(seen(), ['web-2 Scheduled x1', 'web-1 Killing x1']);
});

test('before both lists are in, events wait; then they come out in time order', () => {
  const { m, offer, seen } = collect();
  m.pod('p1', true);
  offer(apiEvent({ uid: 'late', reason: 'Pulled', lastTimestamp: new Date('2026-01-01T10:02:00Z') }));
  offer(apiEvent({ uid: 'early', reason: 'Scheduled', lastTimestamp: new Date('2026-01-01T10:01:00Z') }));
  assert.deepEqual(seen(), []);
  m.ready();
  assert.deepEqual(seen(), ['web-1 Scheduled x1', 'web-1 Pulled x1']);
});

test('a timestamp reads the same from a list (a Date) and from a watch (the JSON string)', () => {
  // the apiserver's JSON has whole seconds, no fraction
  const fromWatch = { ...apiEvent(), lastTimestamp: '2026-01-01T10:00:00Z' } as unknown as CoreV1Event;
  assert.equal(podEventOf(cluster, fromWatch).timestamp, '2026-01-01T10:00:00.000Z');
  assert.equal(podEventOf(cluster, apiEvent()).timestamp, '2026-01-01T10:00:00.000Z');
});

test('--events=warnings: Normal events are not printed', () => {
  const { m, offer, seen } = collect('warnings');
  m.pod('p1', true);
  m.ready();
  offer(apiEvent({ uid: 'n', type: 'Normal', reason: 'Pulled' }));
  offer(apiEvent({ uid: 'w' }));
  assert.deepEqual(seen(), ['web-1 BackOff x1']);
});

test('an event deleted (expired) and seen again is printed again', () => {
  const { m, offer, seen } = collect();
  m.pod('p1', true);
  m.ready();
  offer(apiEvent());
  m.eventGone('e1');
  offer(apiEvent());
  assert.equal(seen().length, 2);
});

const pod = (statuses: V1Pod['status']): V1Pod => ({ metadata: { name: 'web-1', namespace: 'shop', uid: 'p1' }, status: statuses });

test("a container's end from the pod status: reason and exit code, once per instance, the one before a restart too", () => {
  const ends = containerEnds(cluster);
  const finishedAt = new Date('2026-01-01T10:00:00Z');
  const oom = pod({
    containerStatuses: [
      {
        name: 'app',
        image: '',
        imageID: '',
        ready: false,
        restartCount: 1,
        state: { running: {} },
        lastState: { terminated: { exitCode: 137, reason: 'OOMKilled', containerID: 'containerd://a', finishedAt } },
      },
    ],
  });
  const first = ends.seen(oom).map((x) => x.event);
  assert.deepEqual(
    first.map((e) => [e.type, e.reason, e.message, e.involvedObject.container, e.involvedObject.fieldPath, e.timestamp, e.source]),
    [['Warning', 'OOMKilled', 'container ended, exit code 137', 'app', 'spec.containers{app}', '2026-01-01T10:00:00.000Z', 'pod status']],
  );
  assert.deepEqual(ends.seen(oom), []);
  // the same instance, as a watch carries it (JSON strings, not Dates): still the same end
  const again = JSON.parse(JSON.stringify(oom)) as V1Pod;
  assert.deepEqual(ends.seen(again), []);
  const done = pod({
    initContainerStatuses: [
      {
        name: 'init',
        image: '',
        imageID: '',
        ready: false,
        restartCount: 0,
        state: { terminated: { exitCode: 0, reason: 'Completed', containerID: 'containerd://i' } },
      },
    ],
  });
  assert.deepEqual(
    ends.seen(done).map((x) => [x.event.type, x.event.reason, x.event.involvedObject.fieldPath]),
    [['Normal', 'Completed', 'spec.initContainers{init}']],
  );
});

const fmt = (over: Partial<EventFormatOptions> = {}) => ({
  format: 'default' as const,
  showCluster: true,
  showNamespace: false,
  timestamps: false,
  showTime: (t: string) => `T${t}`,
  ...over,
});

test('default format: the marker stands where a log line has its container, the count and one line of text', () => {
  const e = podEventOf(cluster, apiEvent({ count: 3, message: 'Back-off\nrestarting\u001b[2J failed container' }));
  const line = eventFormatter(fmt(), colors(false))(e);
  assert.equal(line, 'prod web-1 ⚑ app Warning BackOff: Back-off; restarting^[[2J failed container (x3)\n');
  const pod = podEventOf(
    cluster,
    apiEvent({
      involvedObject: { kind: 'Pod', name: 'web-1', namespace: 'shop', uid: 'p1' },
      type: 'Normal',
      reason: 'Scheduled',
      message: 'ok',
    }),
  );
  assert.equal(
    eventFormatter(fmt({ showCluster: false, showNamespace: true, timestamps: true }), colors(false))(pod),
    'shop web-1 ⚑ T2026-01-01T10:00:00.000Z Normal Scheduled: ok\n',
  );
});

test('default format in colour: the marker and the reason are painted in inverse video, no palette colour', () => {
  const line = eventFormatter(fmt(), colors(true))(podEventOf(cluster, apiEvent()));
  assert.ok(line.includes('\u001b[7;33m⚑\u001b[27;0m'), JSON.stringify(line));
  assert.ok(line.includes('\u001b[7;33mWarning BackOff\u001b[27;0m'), JSON.stringify(line));
});

test('JSON formats: an object with kind "event", the involved object and its container', () => {
  const e = podEventOf(cluster, apiEvent({ message: 'x\u009by' }));
  const text = eventFormatter(fmt({ format: 'json' }), colors(true))(e);
  assert.ok(text.includes('x\\u009by'), 'C1 controls escaped');
  assert.deepEqual(JSON.parse(text), {
    kind: 'event',
    cluster: 'prod',
    namespace: 'shop',
    podName: 'web-1',
    containerName: 'app',
    type: 'Warning',
    reason: 'BackOff',
    message: 'x\u009by',
    count: 1,
    timestamp: '2026-01-01T10:00:00.000Z',
    source: 'kubelet',
    involvedObject: { kind: 'Pod', namespace: 'shop', name: 'web-1', uid: 'p1', fieldPath: 'spec.containers{app}', container: 'app' },
  });
  const pretty = eventFormatter(fmt({ format: 'ppextjson' }), colors(false))(e);
  assert.deepEqual(JSON.parse(pretty), JSON.parse(text));
  assert.ok(pretty.split('\n').length > 3);
});

test('--events: bare = all, =warnings, anything else is a usage error; refused with --stdin and --log-dir', () => {
  assert.equal(parseOptions(undefined, {}, {}).events, undefined);
  assert.equal(parseOptions(undefined, { events: true }, {}).events, 'all');
  assert.equal(parseOptions(undefined, { events: true, eventsLevel: 'warnings' }, {}).events, 'warnings');
  assert.throws(
    () => parseOptions(undefined, { events: true, eventsLevel: 'errors' }, {}),
    (err: unknown) => err instanceof UsageError && /--events "errors"/.test(err.message),
  );
  assert.throws(() => parseOptions(undefined, { events: true, stdin: true }, {}), /--events cannot be used with --stdin/);
  assert.throws(() => parseOptions(undefined, { events: true, logDir: '/tmp' }, {}), /--events cannot be used with --log-dir/);
});

test('--events takes its value only after `=`: a query after it stays the query', () => {
  const run = (args: string[]) =>
    spawnSync(process.execPath, [KTAIL, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH, HOME: '/nonexistent' } });
  const bad = run(['--events=loud', '--kubeconfig', '/nonexistent']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--events "loud"/);
  // `frontend` is not taken as --events' value: the refusal is --log-dir's, not a bad value's
  const query = run(['--events', 'frontend', '--log-dir', '/tmp']);
  assert.equal(query.status, 2);
  assert.match(query.stderr, /--events cannot be used with --log-dir/);
});

test('listWatch: an in-band 410 (Expired) inside a watch lists again, though the abort ending it reports an error too', async () => {
  const lists: number[] = [];
  const seen: string[] = [];
  const ac = new AbortController();
  let watches = 0;
  const watch = {
    watch: async (_path: string, _params: unknown, onEvent: (type: string, obj: unknown) => void, done: (err: unknown) => void) => {
      watches++;
      const controller = new AbortController();
      // as client-node: an aborted request ends with an AbortError passed to done
      controller.signal.addEventListener('abort', () =>
        done(Object.assign(new Error('The user aborted a request.'), { name: 'AbortError' })),
      );
      // later, as from the network: once the request is open
      if (watches === 1)
        setImmediate(() => onEvent('ERROR', { kind: 'Status', code: 410, reason: 'Expired', message: 'too old resource version' }));
      else setImmediate(() => ac.abort());
      return controller;
    },
  } as unknown as Watch;
  await listWatch(
    {
      list: async () => {
        lists.push(lists.length);
        return {
          items: [{ metadata: { name: 'e', namespace: 'ns', resourceVersion: String(lists.length) } }],
          metadata: { resourceVersion: String(lists.length) },
        };
      },
      watch,
      path: '/api/v1/events',
    },
    {
      upsert: (o) => seen.push(`+${o.metadata?.resourceVersion}`),
      remove: () => undefined,
      ok: () => undefined,
      failed: (err) => seen.push(`failed ${String(err)}`),
      listed: () => undefined,
    },
    ac.signal,
  );
  assert.equal(lists.length, 2);
  assert.deepEqual(seen, ['+1', '+2']);
});
