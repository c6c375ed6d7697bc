// Issue 13 item 1: --events on the real clusters with -m. kwok's stages record no Events
// (checked: `kubectl get events -A` stays empty after a pod is created and restarted), so the
// harness records them as a kubelet would (devcluster `event`); a container's end comes from
// the pod status the harness writes on restart.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { RbacAuthorizationV1Api } from '@kubernetes/client-node';
import { loadKubeconfig } from '../../scripts/devcluster/kubeconfig.js';
import {
  bumpEvent,
  CLUSTERS,
  clusterPaths,
  compactEtcd,
  clusters,
  createEvent,
  createPod,
  deletePod,
  emit,
  kubeHome,
  ktail,
  restartContainer,
  startComponent,
  stopComponent,
  uniqueNamespace,
} from './harness.js';

const [C1 = ''] = CLUSTERS;

before(async () => {
  await clusters();
});

interface EventJson {
  kind?: string;
  cluster: string;
  namespace: string;
  podName: string;
  containerName?: string;
  type: string;
  reason: string;
  message: string;
  count: number;
  timestamp: string;
  source: string;
  involvedObject: { kind: string; namespace: string; name: string; uid: string; fieldPath?: string; container?: string };
}

const parsed = (lines: string[]) => lines.filter(Boolean).map((l) => JSON.parse(l) as EventJson & { message: string });
const eventsOf = (lines: string[]) => parsed(lines).filter((r) => r.kind === 'event');
/** a text line is an event when ⚑ stands where a log line has its container: after `cluster pod` */
const isEventLine = (l: string) => l.split(' ')[2] === '⚑';
// a log line whose text is what an event line says (emit adds its sequence number)
const FAKE_PREFIX = '⚑ Warning BackOff: Back-off restarting failed container app #';
const FAKE = `${FAKE_PREFIX}1`;

test(
  '-m --events: a pod created, restarted and deleted during the run shows its events once per change, interleaved with its logs',
  { timeout: 240_000 },
  async () => {
    const ns = uniqueNamespace('events');
    const home = kubeHome();
    // before the run: a matched pod with an event, and a pod the query does not match
    for (const c of CLUSTERS) {
      await createPod(c, `${ns}/web-pre`);
      await createEvent(c, `${ns}/web-pre`, { reason: 'Pulled', message: 'Container image already present on machine', container: 'app' });
      await createPod(c, `${ns}/db`);
      await createEvent(c, `${ns}/db`, { reason: 'Unhealthy', type: 'Warning', message: 'Readiness probe failed: db', container: 'app' });
    }
    const base = ['-m', '-n', ns, 'web', '--color', 'never'];
    const json = ktail([...base, '--events', '-o', 'json', '--verbosity', '6'], { home });
    const text = ktail([...base, '--events=warnings'], { home });
    try {
      for (const c of CLUSTERS) await emit(c, `${ns}/web-pre`, 'app', { count: 1, text: `ready-${c}-` });
      for (const run of [json, text])
        await run.waitFor((l) => CLUSTERS.every((c) => l.some((x) => x.includes(`ready-${c}-1`))), 60_000, 'a line of each cluster');

      const backOff = new Map<string, string>();
      for (const c of CLUSTERS) {
        const ref = `${ns}/web-new`;
        await createPod(c, ref);
        await createEvent(c, ref, { reason: 'Scheduled', message: `Successfully assigned ${ref} to kwok-node` });
        await createEvent(c, ref, {
          reason: 'Pulled',
          message: 'Container image "ktail.local/app:dev" already present on machine',
          container: 'app',
        });
        await emit(c, ref, 'app', { count: 1, text: FAKE_PREFIX });
        backOff.set(
          c,
          await createEvent(c, ref, {
            reason: 'BackOff',
            type: 'Warning',
            message: 'Back-off restarting failed container app',
            container: 'app',
          }),
        );
        await createEvent(c, `${ns}/db`, { reason: 'BackOff', type: 'Warning', message: 'db restarts', container: 'app' });
      }
      const backOffSeen = (n: number) => (l: string[]) =>
        CLUSTERS.every((c) => eventsOf(l).some((e) => e.cluster === c && e.reason === 'BackOff' && e.count === n));
      await json.waitFor(backOffSeen(1), 60_000, "each cluster's BackOff");

      // the watches of cluster 1 expire while ktail runs: etcd's history is compacted while its
      // apiserver is down, so resuming from the version last seen is answered 410 and ktail lists
      // again, getting every event again
      await stopComponent(C1, 'apiserver');
      await compactEtcd(C1);
      await startComponent(C1, 'apiserver');
      for (const c of CLUSTERS) {
        await bumpEvent(c, ns, backOff.get(c) ?? '');
        await bumpEvent(c, ns, backOff.get(c) ?? '');
      }
      await json.waitFor(backOffSeen(3), 90_000, 'each BackOff counted to 3');

      for (const c of CLUSTERS) await restartContainer(c, `${ns}/web-new`, 'app', { reason: 'OOMKilled', exitCode: 137 });
      await json.waitFor(
        (l) => CLUSTERS.every((c) => eventsOf(l).some((e) => e.cluster === c && e.reason === 'OOMKilled')),
        60_000,
        'each OOMKilled end',
      );
      for (const c of CLUSTERS) {
        await createEvent(c, `${ns}/web-new`, { reason: 'Killing', message: 'Stopping container app', container: 'app' });
        await deletePod(c, `${ns}/web-new`);
        await emit(c, `${ns}/web-pre`, 'app', { count: 1, text: `after-${c}-` });
      }
      const killed = (l: string[]) => CLUSTERS.every((c) => eventsOf(l).some((e) => e.cluster === c && e.reason === 'Killing'));
      await json.waitFor(
        (l) => killed(l) && CLUSTERS.every((c) => l.some((x) => x.includes(`after-${c}-1`))),
        60_000,
        'each Killing and the lines after it',
      );
      await text.waitFor((l) => CLUSTERS.every((c) => l.some((x) => x.includes(`after-${c}-1`))), 60_000, 'the lines after the deletes');
      assert.equal(await json.stop(), 0);
      assert.equal(await text.stop(), 0);

      // the re-list this test counts on happened: cluster 1 listed its events twice
      const lists = json
        .stderr()
        .split('\n')
        .filter(
          (l) => l.startsWith(`ktail: ${C1} "Response" verb="GET"`) && l.includes(`/namespaces/${ns}/events?`) && !l.includes('watch=true'),
        );
      assert.ok(lists.length >= 2, `cluster 1 listed its events ${lists.length} time(s):\n${json.stderr()}`);

      const events = eventsOf(json.lines);
      for (const c of CLUSTERS) {
        const mine = events.filter((e) => e.cluster === c);
        // once per change, in the order they happened; nothing of the pod the query does not match
        assert.deepEqual(
          mine.map((e) => `${e.podName} ${e.type} ${e.reason} x${e.count}`),
          [
            'web-pre Normal Pulled x1',
            'web-new Normal Scheduled x1',
            'web-new Normal Pulled x1',
            'web-new Warning BackOff x1',
            'web-new Warning BackOff x2',
            'web-new Warning BackOff x3',
            'web-new Warning OOMKilled x1',
            'web-new Normal Killing x1',
          ],
          c,
        );
        const oom = mine.find((e) => e.reason === 'OOMKilled');
        assert.match(oom?.message ?? '', /exit code 137/);
        assert.equal(oom?.source, 'pod status');
        const pulled = mine.find((e) => e.podName === 'web-new' && e.reason === 'Pulled');
        assert.ok(pulled);
        assert.deepEqual(Object.keys(pulled), [
          'kind',
          'cluster',
          'namespace',
          'podName',
          'containerName',
          'type',
          'reason',
          'message',
          'count',
          'timestamp',
          'source',
          'involvedObject',
        ]);
        assert.equal(pulled.containerName, 'app');
        assert.equal(pulled.source, 'kubelet');
        assert.match(pulled.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
        assert.deepEqual(
          { ...pulled.involvedObject, uid: '' },
          { kind: 'Pod', namespace: ns, name: 'web-new', uid: '', fieldPath: 'spec.containers{app}', container: 'app' },
        );
        assert.match(pulled.involvedObject.uid, /^[0-9a-f-]{36}$/);
        // the log line that reads like an event is a log line: no kind, its text as it was
        const fake = parsed(json.lines).filter((r) => r.cluster === c && r.message === FAKE);
        assert.equal(fake.length, 1, `${c}: ${JSON.stringify(fake)}`);
        assert.ok(
          fake.every((r) => r.kind === undefined && r.containerName === 'app'),
          JSON.stringify(fake),
        );
      }

      // --events=warnings in the default format: the warnings only, marked; the look-alike log line is not one
      for (const c of CLUSTERS) {
        const marked = text.lines.filter((l) => l.startsWith(`${c} `) && isEventLine(l));
        assert.deepEqual(marked, [
          `${c} web-new ⚑ app Warning BackOff: Back-off restarting failed container app`,
          `${c} web-new ⚑ app Warning BackOff: Back-off restarting failed container app (x2)`,
          `${c} web-new ⚑ app Warning BackOff: Back-off restarting failed container app (x3)`,
          `${c} web-new ⚑ app Warning OOMKilled: container ended, exit code 137`,
        ]);
        assert.ok(text.lines.includes(`${c} web-new app ${FAKE}`), text.lines.join('\n'));
      }
      assert.ok(text.lines.filter(isEventLine).length === 3 * 4, text.lines.join('\n'));
    } finally {
      await startComponent(C1, 'apiserver').catch(() => undefined);
      await json.stop();
      await text.stop();
    }
  },
);

test('--no-follow --events: the events there are at list time, then the logs, then the end', { timeout: 120_000 }, async () => {
  const ns = uniqueNamespace('events-nf');
  for (const c of CLUSTERS) {
    await createPod(c, `${ns}/api`);
    await emit(c, `${ns}/api`, 'app', { count: 2, text: `log-${c}-` });
    await createEvent(c, `${ns}/api`, {
      reason: 'Unhealthy',
      type: 'Warning',
      message: 'Liveness probe failed: HTTP probe failed with statuscode: 500',
      container: 'app',
      count: 4,
    });
    await createPod(c, `${ns}/excluded`);
    await createEvent(c, `${ns}/excluded`, { reason: 'Unhealthy', type: 'Warning', message: 'not this pod' });
  }
  const run = ktail(['-m', '-n', ns, '--exclude-pod', 'excluded', '--events', '--no-follow', '--color', 'never'], { home: kubeHome() });
  assert.equal(await run.exited, 0, run.stderr());
  for (const c of CLUSTERS) {
    const mine = run.lines.filter((l) => l.startsWith(`${c} `));
    assert.deepEqual(mine.filter(isEventLine), [
      `${c} api ⚑ app Warning Unhealthy: Liveness probe failed: HTTP probe failed with statuscode: 500 (x4)`,
    ]);
    assert.deepEqual(
      mine.filter((l) => !isEventLine(l)),
      [`${c} api app log-${c}-1`, `${c} api app log-${c}-2`],
    );
  }
  assert.equal(run.lines.length, 3 * 3);
});

test('--events is refused with --log-dir, in one line', async () => {
  const run = ktail(['--log-dir', '/tmp', '--events'], { home: kubeHome([]) });
  assert.equal(await run.exited, 2);
  assert.equal(run.stderr(), "ktail: --events cannot be used with --log-dir: the events are the cluster's, not in the log files\n");
});

test('a user who may read pods and logs but not events: one warning, and the logs are printed', { timeout: 60_000 }, async () => {
  const ns = uniqueNamespace('events-rbac');
  await createPod(C1, `${ns}/api`);
  await emit(C1, `${ns}/api`, 'app', { count: 2, text: 'log-' });
  await createEvent(C1, `${ns}/api`, { reason: 'Pulled', message: 'not for this user' });
  const rbac = loadKubeconfig(clusterPaths(C1).kubeconfig).makeApiClient(RbacAuthorizationV1Api);
  await rbac.createNamespacedRole({
    namespace: ns,
    body: {
      metadata: { name: 'pods-only' },
      rules: [{ apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get', 'list', 'watch'] }],
    },
  });
  await rbac.createNamespacedRoleBinding({
    namespace: ns,
    body: {
      metadata: { name: 'pods-only' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pods-only' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'ktail-limited' }],
    },
  });
  const run = ktail(['--kubeconfig', clusterPaths(C1).limitedKubeconfig, '-n', ns, '--events', '--no-follow', '--color', 'never'], {
    home: kubeHome([]),
  });
  assert.equal(await run.exited, 0, run.stderr());
  assert.deepEqual(run.lines, ['api app log-1', 'api app log-2']);
  const warnings = run.stderr().split('\n').filter(Boolean);
  assert.equal(warnings.length, 1, run.stderr());
  assert.match(warnings[0] ?? '', /^ktail: cluster \S+: cannot watch events: forbidden \(403\).*events is forbidden/);
});
