// Reading one kubeconfig file with client-node, and the contexts it defines.
import { KubeConfig, type Cluster as KcCluster, type Context, type User } from '@kubernetes/client-node';

export interface FileContext {
  file: string;
  context: Context;
  cluster?: KcCluster;
  user?: User;
}

export type LoadResult = { file: string; contexts: FileContext[]; currentContext: string } | { file: string; error: string };

export function loadKubeconfigFile(file: string): LoadResult {
  const kc = new KubeConfig();
  try {
    kc.loadFromFile(file);
  } catch (err) {
    // Parser messages quote the offending lines, which may hold credentials: keep the first line only.
    const reason = String((err as Error).message ?? err).split('\n')[0]?.trim() ?? 'unreadable';
    const code = (err as { code?: string }).code;
    return { file, error: code === 'EACCES' || code === 'ENOENT' || code === 'EISDIR' ? code : `not a valid kubeconfig (${reason})` };
  }
  if (!kc.contexts.length) return { file, error: 'not a kubeconfig (no contexts)' };
  return {
    file,
    currentContext: kc.currentContext,
    contexts: kc.contexts.map((context) => ({
      file,
      context,
      cluster: kc.getCluster(context.cluster) ?? undefined,
      user: kc.getUser(context.user) ?? undefined,
    })),
  };
}

/** A KubeConfig holding just this context, so each cluster is used with its own credentials. */
export function kubeConfigFor(fc: FileContext): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: fc.cluster ? [fc.cluster] : [],
    users: fc.user ? [fc.user] : [],
    contexts: [fc.context],
    currentContext: fc.context.name,
  });
  return kc;
}
