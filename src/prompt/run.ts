// --prompt, as stern's: list the pods of the namespaces asked for (every selected cluster),
// offer the values of their app.kubernetes.io/instance label, and follow the pods of the
// value picked (it replaces -l, as in stern).
import type { V1PodList } from '@kubernetes/client-node';
import { CORE, resourcePath } from '../api/paths.js';
import { apiClient } from '../api/request.js';
import { describeError } from '../shared/errors.js';
import { resolveClusters, type Cluster } from '../kubeconfig/clusters.js';
import type { Options } from '../options/types.js';
import { pick, type PromptTerminal } from './terminal.js';

const LABEL = 'app.kubernetes.io/instance';

export interface PromptIo extends PromptTerminal {
  env: NodeJS.ProcessEnv;
}

/** The options with the picked selector, or an exit code (nothing to pick from, or given up). */
export async function promptInstance(opts: Options, io: PromptIo): Promise<Options | number> {
  const { clusters, warnings } = resolveClusters(opts.clusters, io.env);
  for (const w of warnings) io.stderr.write(`ktail: ${w}\n`);
  const found = await Promise.all(
    clusters.map((c) =>
      instanceValues(c, opts).catch((err: unknown) => {
        io.stderr.write(`ktail: cluster ${c.name}: ${describeError(err)}\n`);
        return [];
      }),
    ),
  );
  const values = [...new Set(found.flat())].sort();
  if (!values.length) {
    io.stderr.write(`ktail: --prompt: no pod has a ${LABEL} label\n`);
    return 1;
  }
  const value = await pick(io, `Select "${LABEL}" label value:`, values);
  if (value === undefined) return 130;
  const selector = `${LABEL}=${value}`;
  io.stderr.write(`Selector: ${selector}\n`);
  return { ...opts, pods: { ...opts.pods, labelSelector: selector } };
}

async function instanceValues(cluster: Cluster, opts: Options): Promise<string[]> {
  const api = apiClient(cluster);
  const namespaces = opts.pods.allNamespaces
    ? [undefined]
    : opts.pods.namespaces.length
      ? [...new Set(opts.pods.namespaces)]
      : cluster.namespaces;
  const lists = await Promise.all(namespaces.map((namespace) => api.get<V1PodList>(resourcePath(CORE, 'pods', namespace), {}))).finally(
    () => api.close(),
  );
  return lists.flatMap((l) => l.items.map((p) => p.metadata?.labels?.[LABEL] ?? '')).filter(Boolean);
}
