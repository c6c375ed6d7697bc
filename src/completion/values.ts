// `ktail __complete contexts|namespaces`: candidate values for shell completion. Quiet on
// any failure (a completion must never print errors into the user's command line).
import type { V1NamespaceList } from '@kubernetes/client-node';
import { CORE, resourcePath } from '../api/paths.js';
import { apiClient } from '../api/request.js';
import { OPEN_GATE } from '../kubeconfig/apiGate.js';
import { resolveClusters } from '../kubeconfig/clusters.js';
import { kubeconfigFilesUnder } from '../kubeconfig/files.js';
import { loadKubeconfig } from '../kubeconfig/load.js';
import type { ClusterSource } from '../options/types.js';

export async function completeValues(what: string | undefined, source: ClusterSource, env: NodeJS.ProcessEnv): Promise<string[]> {
  if (what === 'contexts') {
    const files = [...kubeconfigFilesUnder(source.kubeDir), ...(env.KUBECONFIG ?? '').split(':').filter(Boolean)];
    const names = files.flatMap((f) => {
      const loaded = loadKubeconfig([f]);
      return 'error' in loaded ? [] : loaded.contexts.map((c) => c.context.name);
    });
    return [...new Set(names)].sort();
  }
  if (what === 'namespaces') {
    const { clusters } = resolveClusters(source, env);
    const cluster = clusters[0];
    if (!cluster) return [];
    // a completion that hangs on an unreachable cluster hangs the user's shell
    const api = apiClient(cluster, { ...OPEN_GATE, timeoutMs: 3000 });
    const list = await api.get<V1NamespaceList>(resourcePath(CORE, 'namespaces'), { timeoutSeconds: 3 }).finally(() => api.close());
    return list.items
      .map((n) => n.metadata?.name ?? '')
      .filter(Boolean)
      .sort();
  }
  return [];
}
