// Kubeconfig files → the clusters ktail talks to: contexts selected by --context globs,
// deduplicated by server + credentials (watching the union of their namespaces), each with a
// short unique display name.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { KubeConfig } from './clientNode.js';
import { minimatch } from 'minimatch';
import { ConfigError, UsageError } from '../shared/errors.js';
import type { ClusterSource } from '../options/types.js';
import { defaultKubeconfig, kubeconfigEnvFiles, kubeconfigFilesUnder } from './files.js';
import { kubeConfigFor, loadKubeconfig, type FileContext } from './load.js';
import { checkOverridesFit, overrideCluster, overrideUser, withImpersonation } from './overrides.js';

export interface Cluster {
  /** display name: the context name, made unique when two files reuse it */
  name: string;
  context: string;
  file: string;
  server: string;
  /** the namespaces of every context reaching this server with these credentials (default when unset) */
  namespaces: string[];
  kc: KubeConfig;
}

export interface ResolvedClusters {
  clusters: Cluster[];
  warnings: string[];
}

const IN_CLUSTER_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

export function resolveClusters(source: ClusterSource, env: NodeJS.ProcessEnv = process.env): ResolvedClusters {
  return source.multiple ? multiple(source, env) : single(source, env);
}

function single(source: ClusterSource, env: NodeJS.ProcessEnv): ResolvedClusters {
  const files = source.kubeconfig
    ? [source.kubeconfig]
    : env.KUBECONFIG
      ? kubeconfigEnvFiles(env)
      : [defaultKubeconfig(source.kubeDir)].filter((f): f is string => !!f);
  if (!files.length) {
    if (env.KUBERNETES_SERVICE_HOST && existsSync(IN_CLUSTER_TOKEN)) return { clusters: [inCluster()], warnings: [] };
    throw new ConfigError(
      `no kubeconfig found (looked at ${env.KUBECONFIG ? 'KUBECONFIG' : `${source.kubeDir}/config`}); pass --kubeconfig FILE, set KUBECONFIG, or use -m to read every file under ${source.kubeDir}`,
    );
  }
  const loaded = loadKubeconfig(files, source.overrides ?? {});
  if ('error' in loaded) throw new ConfigError(`cannot use kubeconfig ${loaded.file}: ${loaded.error}`);
  const current = loaded.currentContext;
  const all = loaded.contexts;
  let chosen: FileContext[];
  if (source.contexts.length) {
    chosen = selectByGlobs(all, source.contexts);
  } else {
    const fc = all.find((c) => c.context.name === current);
    if (!fc)
      throw new ConfigError(
        current
          ? `current context ${JSON.stringify(current)} is not defined in ${files.join(', ')}`
          : `no current context in ${files.join(', ')}; pass --context NAME (available: ${names(all)})`,
      );
    chosen = [fc];
  }
  return toClusters(chosen, [], source);
}

function multiple(source: ClusterSource, env: NodeJS.ProcessEnv): ResolvedClusters {
  // each file under the dir is its own source; --kubeconfig is one, and the KUBECONFIG list one merged source
  const sources = [...kubeconfigFilesUnder(source.kubeDir).map((f) => [f]), ...(source.kubeconfig ? [[source.kubeconfig]] : [])];
  const envFiles = kubeconfigEnvFiles(env);
  if (envFiles.length) sources.push(envFiles);
  const warnings: string[] = [];
  const all: FileContext[] = [];
  for (const files of sources) {
    const loaded = loadKubeconfig(files, source.overrides ?? {});
    if ('error' in loaded) warnings.push(`skipping ${loaded.file}: ${loaded.error}`);
    else all.push(...loaded.contexts);
  }
  const fileCount = new Set(sources.flat()).size;
  if (!all.length)
    throw new ConfigError(
      `no kubeconfig with a context found under ${source.kubeDir}${fileCount ? ` (${fileCount} file(s) skipped)` : ''}`,
    );
  const chosen = source.contexts.length ? selectByGlobs(all, source.contexts) : all;
  return toClusters(chosen, warnings, source);
}

function selectByGlobs(all: FileContext[], globs: string[]): FileContext[] {
  for (const glob of globs) {
    if (!all.some((fc) => minimatch(fc.context.name, glob)))
      throw new UsageError(`no context matches --context ${JSON.stringify(glob)} (available: ${names(all)})`);
  }
  return all.filter((fc) => globs.some((g) => minimatch(fc.context.name, g)));
}

const names = (all: FileContext[]) => [...new Set(all.map((fc) => fc.context.name))].join(', ') || 'none';

function toClusters(given: FileContext[], warnings: string[], source: ClusterSource): ResolvedClusters {
  const o = source.overrides ?? {};
  for (const [flag, name, found] of [
    ['--cluster', o.cluster, given.every((fc) => fc.cluster)],
    ['--user', o.user, given.every((fc) => fc.user)],
  ] as const) {
    if (name !== undefined && !found) throw new UsageError(`${flag} ${JSON.stringify(name)}: no such ${flag.slice(2)} in the kubeconfig`);
  }
  const chosen = given.map((fc) => ({
    ...fc,
    cluster: fc.cluster && overrideCluster(fc.cluster, o),
    user: fc.user && overrideUser(fc.user, o),
  }));
  const byIdentity = new Map<string, { fc: FileContext; namespaces: Set<string> }>();
  for (const fc of chosen) {
    if (!fc.cluster?.server) {
      warnings.push(`skipping context ${fc.context.name} in ${fc.file}: its cluster ${JSON.stringify(fc.context.cluster)} has no server`);
      continue;
    }
    const key = identity(fc);
    const namespace = fc.context.namespace || 'default';
    const same = byIdentity.get(key);
    if (same) same.namespaces.add(namespace);
    else byIdentity.set(key, { fc, namespaces: new Set([namespace]) });
  }
  const usable = [...byIdentity.values()];
  const counts = new Map<string, number>();
  for (const { fc } of usable) counts.set(fc.context.name, (counts.get(fc.context.name) ?? 0) + 1);
  const clusters = usable.map(({ fc, namespaces }): Cluster => ({
    name: (counts.get(fc.context.name) ?? 0) > 1 ? `${fc.context.name}@${basename(fc.file)}` : fc.context.name,
    context: fc.context.name,
    file: fc.file,
    server: fc.cluster?.server ?? '',
    namespaces: [...namespaces],
    kc: withImpersonation(kubeConfigFor(fc), o),
  }));
  checkOverridesFit(o, clusters.length);
  return { clusters: uniqueNames(clusters), warnings };
}

/** Two contexts are the same cluster when they reach the same server with the same credentials. */
function identity(fc: FileContext): string {
  const { name: _name, ...credentials } = fc.user ?? { name: '' };
  const creds = createHash('sha256').update(JSON.stringify(credentials)).digest('hex');
  return `${fc.cluster?.server}\0${creds}`;
}

/** Still-equal names (same context name and file basename) get a counter. */
function uniqueNames(clusters: Cluster[]): Cluster[] {
  const used = new Map<string, number>();
  return clusters.map((c) => {
    const n = (used.get(c.name) ?? 0) + 1;
    used.set(c.name, n);
    return n === 1 ? c : { ...c, name: `${c.name}#${n}` };
  });
}

function inCluster(): Cluster {
  const kc = new KubeConfig();
  kc.loadFromCluster();
  return {
    name: 'in-cluster',
    context: kc.currentContext,
    file: IN_CLUSTER_TOKEN,
    server: kc.getCurrentCluster()?.server ?? '',
    namespaces: [kc.getContextObject(kc.currentContext)?.namespace || 'default'],
    kc,
  };
}
