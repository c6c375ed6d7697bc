// A Target in a one-context cluster at `server`, for tests against stub servers.
import { KubeConfig, type Cluster as KcCluster } from '@kubernetes/client-node';
import type { Target } from '../../src/target.js';

export function stubTarget(server: string, cluster: Partial<KcCluster> = {}): Target {
  const kc = new KubeConfig();
  kc.loadFromOptions({ clusters: [{ name: 'c', server, ...cluster }], users: [{ name: 'u' }], contexts: [{ name: 'c', cluster: 'c', user: 'u' }], currentContext: 'c' });
  return {
    cluster: { name: 'c', context: 'c', file: '', server, namespaces: ['default'], kc },
    namespace: 'ns', pod: 'p', podUid: 'u', container: 'app', kind: 'container', containerId: 'x', nodeName: 'n', labels: {},
  };
}
