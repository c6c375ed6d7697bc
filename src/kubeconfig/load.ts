// Reading kubeconfig files with client-node, merged as kubectl merges a KUBECONFIG list,
// and the contexts they define.
import { readFileSync } from 'node:fs';
import type { Cluster as KcCluster, Context, User } from '@kubernetes/client-node';
import { KubeConfig } from './clientNode.js';
import { registerTokenFileAuth, tokenFilesOf, withTokenFiles } from './tokenFile.js';

export interface FileContext {
  /** the file that defined the context */
  file: string;
  context: Context;
  cluster?: KcCluster;
  user?: User;
}

export type LoadResult = { files: string[]; contexts: FileContext[]; currentContext: string } | { file: string; error: string };

/**
 * One source: files merged as kubectl merges KUBECONFIG. A context may use a cluster and a
 * user from another file, the first file to define a name wins, and so does the first
 * current-context. Each file is read on its own so its relative certificate paths resolve
 * against its own folder (client-node's loadFromFile does that).
 */
export function loadKubeconfig(files: string[], use: { cluster?: string; user?: string } = {}): LoadResult {
  const merged = new KubeConfig();
  merged.loadFromOptions({ clusters: [], users: [], contexts: [], currentContext: '' });
  const contextFile = new Map<string, string>();
  for (const file of files) {
    const kc = readFile(file);
    if ('error' in kc) return kc;
    for (const ctx of kc.contexts) if (!contextFile.has(ctx.name)) contextFile.set(ctx.name, file);
    // client-node's mergeConfig throws on a duplicate name where kubectl keeps the first one
    const rest = new KubeConfig();
    rest.loadFromOptions({
      clusters: unseen(kc.clusters, merged.clusters),
      users: unseen(kc.users, merged.users),
      contexts: unseen(kc.contexts, merged.contexts),
      currentContext: kc.currentContext,
    });
    merged.mergeConfig(rest, Boolean(merged.currentContext));
  }
  if (!merged.contexts.length) return { file: files.join(', '), error: 'not a kubeconfig (no contexts)' };
  return {
    files,
    currentContext: merged.currentContext ?? '',
    contexts: merged.contexts.map((context) => ({
      file: contextFile.get(context.name) ?? files[0] ?? '',
      context,
      // --cluster / --user: another entry of the same kubeconfig, as kubectl's overrides
      cluster: merged.getCluster(use.cluster ?? context.cluster) ?? undefined,
      user: merged.getUser(use.user ?? context.user) ?? undefined,
    })),
  };
}

function unseen<T extends { name: string }>(items: T[] | undefined, already: T[]): T[] {
  const names = new Set(already.map((i) => i.name));
  const kept: T[] = [];
  for (const item of items ?? []) {
    if (names.has(item.name)) continue;
    names.add(item.name);
    kept.push(item);
  }
  return kept;
}

function readFile(file: string): KubeConfig | { file: string; error: string } {
  const kc = new KubeConfig();
  try {
    // 'filter' drops a malformed entry, as kubectl reads past it, instead of refusing the file
    kc.loadFromFile(file, { onInvalidEntry: 'filter' });
    kc.users = withTokenFiles(kc.users, tokenFilesOf(file, readFileSync(file, 'utf8')));
  } catch (err) {
    // Parser messages quote the offending lines, which may hold credentials: keep the first line only.
    const reason =
      String((err as Error).message ?? err)
        .split('\n')[0]
        ?.trim() ?? 'unreadable';
    const code = (err as { code?: string }).code;
    return { file, error: code === 'EACCES' || code === 'ENOENT' || code === 'EISDIR' ? code : `not a valid kubeconfig (${reason})` };
  }
  return kc;
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
  return registerTokenFileAuth(kc);
}
