import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { V1Pod } from '@kubernetes/client-node';
import type { Cluster } from '../../src/kubeconfig/clusters.js';
import { parseOptions } from '../../src/options/parse.js';
import type { Target } from '../../src/shared/target.js';
import { targetTracker, type RemovalReason } from '../../src/select/targets.js';

const cluster = { name: 'c1' } as Cluster;

/** `ended`: containers whose instance (same containerID) has terminated */
function pod(
  name: string,
  containers: Record<string, string | undefined>,
  init: Record<string, string | undefined> = {},
  ended: string[] = [],
): V1Pod {
  const state = (n: string, id: string | undefined) => {
    if (!id) return { waiting: { reason: 'ContainerCreating' } };
    return ended.includes(n) ? { terminated: { exitCode: 0, containerID: id } } : { running: { startedAt: new Date() } };
  };
  const statuses = (m: Record<string, string | undefined>) =>
    Object.entries(m).map(([n, id]) => ({
      name: n,
      containerID: id,
      image: 'x',
      imageID: '',
      ready: true,
      restartCount: 0,
      state: state(n, id),
    }));
  return {
    metadata: { name, namespace: 'ns', uid: `uid-${name}` },
    spec: { containers: Object.keys(containers).map((n) => ({ name: n })), initContainers: Object.keys(init).map((n) => ({ name: n })) },
    status: { containerStatuses: statuses(containers), initContainerStatuses: statuses(init) },
  };
}

function track(query: string | undefined, flags = {}) {
  const log: string[] = [];
  const o = parseOptions(query, flags, {});
  const t = targetTracker(cluster, o.pods, o.containers, {
    added: (x: Target) => log.push(`+${x.pod}/${x.container}@${x.containerId}`),
    removed: (x: Target, why: RemovalReason) => log.push(`-${x.pod}/${x.container}@${x.containerId} ${why}`),
  });
  return { t, log };
}

test('a repeated event starts nothing twice; a restart replaces the stream; delete drops it; each removal says why', () => {
  const { t, log } = track('web');
  t.upsert(pod('web-1', { app: 'id1' }));
  t.upsert(pod('web-1', { app: 'id1' }));
  t.upsert(pod('db-1', { app: 'id9' }));
  t.upsert(pod('web-1', { app: 'id2' }));
  t.remove(pod('web-1', { app: 'id2' }));
  assert.deepEqual(log, ['+web-1/app@id1', '-web-1/app@id1 restarted', '+web-1/app@id2', '-web-1/app@id2 gone']);
});

test('a container that ends while only running ones are asked for is removed as ended, not restarted or gone', () => {
  const { t, log } = track('web', { containerState: ['running'] });
  t.upsert(pod('web-1', { app: 'id1', side: 's1' }));
  t.upsert(pod('web-1', { app: 'id1', side: 's1' }, {}, ['app']));
  t.upsert(pod('web-1', { app: 'id1', side: 's2' }, {}, ['app']));
  assert.deepEqual(log, ['+web-1/app@id1', '+web-1/side@s1', '-web-1/app@id1 ended', '-web-1/side@s1 restarted', '+web-1/side@s2']);
});

test('container include/exclude and state filters', () => {
  const { t, log } = track(undefined, { container: 'app|side', excludeContainer: ['side'] });
  t.upsert(pod('p', { app: 'a1', side: 's1', other: 'o1', waiting: undefined }));
  assert.deepEqual(log, ['+p/app@a1']);
  // as stern: a container that never started has no log to read, whatever the states asked for
  const waiting = track(undefined, { containerState: ['waiting'] });
  waiting.t.upsert(pod('p', { app: 'a1', starting: undefined }));
  assert.deepEqual(waiting.log, []);
});

test('--exclude-pod and --init-containers=false', () => {
  const { t, log } = track('', { excludePod: ['canary'], initContainers: 'false', containerState: ['running', 'terminated'] });
  t.upsert(pod('web-canary', { app: 'c1' }));
  t.upsert(pod('web', { app: 'w1' }, { init: 'i1' }));
  assert.deepEqual(log, ['+web/app@w1']);
});
