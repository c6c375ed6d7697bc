// A one-context cluster at `server` and a Target in it, for tests against stub servers.
// The cluster (with its KubeConfig) goes to the client, the target carries its name only.
import { KubeConfig, type Cluster as KcCluster } from '@kubernetes/client-node';
import type { Cluster } from '../../src/kubeconfig/clusters.js';
import { clusterIdentity, type Target } from '../../src/shared/target.js';

export function stubTarget(server: string, kcCluster: Partial<KcCluster> = {}): { cluster: Cluster; target: Target } {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server, ...kcCluster }],
    users: [{ name: 'u' }],
    contexts: [{ name: 'c', cluster: 'c', user: 'u' }],
    currentContext: 'c',
  });
  const cluster: Cluster = { name: 'c', context: 'c', file: '', server, namespaces: ['default'], kc };
  return {
    cluster,
    target: {
      cluster: clusterIdentity(cluster),
      namespace: 'ns',
      pod: 'p',
      podUid: 'u',
      container: 'app',
      kind: 'container',
      containerId: 'x',
      nodeName: 'n',
      labels: {},
    },
  };
}
