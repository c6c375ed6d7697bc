// --dry-run: what ktail would tail, per cluster, and why a cluster would be skipped; then exit.
// Uses the same selection as a real run (scopes, pod list, container filters), no log stream.
import type { Writable } from 'node:stream';
import type { V1Pod } from '@kubernetes/client-node';
import { describeError } from './shared/errors.js';
import { apiGate } from './kubeconfig/apiGate.js';
import type { Cluster } from './kubeconfig/clusters.js';
import type { Options } from './options/types.js';
import { oneLine } from './output/sanitize.js';
import type { Target } from './shared/target.js';
import { apiClient } from './api/request.js';
import { watchPods } from './watch/podWatcher.js';
import { scopesFor } from './watch/resources.js';
import { targetTracker } from './select/targets.js';

export interface ClusterPlan {
  cluster: string;
  targets: Target[];
  /** why nothing would be tailed there */
  skipped?: string;
  notes: string[];
}

/**
 * Plans every cluster and prints the plans; exit code 1 if one was skipped, 130 if interrupted
 * (Ctrl-C). `trace` takes the --verbosity lines.
 */
export async function dryRun(
  clusters: Cluster[],
  opts: Options,
  stdout: Writable,
  interrupted: Promise<void>,
  trace: (line: string) => void = () => undefined,
): Promise<number> {
  let stopped = false;
  // a cluster that never answers must not hold Ctrl-C up: what the others said is printed
  const cut = interrupted.then(() => void (stopped = true));
  const plans = await Promise.all(
    clusters.map((c) =>
      Promise.race([
        planCluster(c, opts, trace),
        cut.then((): ClusterPlan => ({ cluster: c.name, targets: [], notes: [], skipped: 'interrupted before it answered' })),
      ]),
    ),
  );
  await writeAll(stdout, describePlan(plans));
  if (stopped) return 130;
  return plans.some((p) => p.skipped) ? 1 : 0;
}

/** Resolves once `text` left the process, or stdout is gone (`| head`: not an error). */
function writeAll(out: Writable, text: string): Promise<void> {
  return new Promise((resolve) => {
    out.once('error', () => resolve());
    out.write(text, () => resolve());
  });
}

/** What a real run would tail in one cluster, asked through the same gate (--qps, --verbosity, --request-timeout). */
export async function planCluster(cluster: Cluster, opts: Options, trace: (line: string) => void = () => undefined): Promise<ClusterPlan> {
  const plan: ClusterPlan = { cluster: cluster.name, targets: [], notes: [] };
  const api = apiClient(cluster, apiGate(cluster.name, opts.requests, trace));
  try {
    const { scopes, skipped } = await scopesFor(cluster, api, opts.pods);
    plan.notes.push(...skipped);
    const tracker = targetTracker(cluster, opts.pods, opts.containers, { added: () => undefined, removed: () => undefined });
    await new Promise<void>((resolve) => {
      watchPods(cluster, api, scopes, false, {
        upsert: (p: V1Pod) => tracker.upsert(p),
        remove: () => undefined,
        state: (s) => {
          if (!s.ok) plan.skipped = s.reason;
        },
        synced: resolve,
      });
    });
    plan.targets = tracker.current();
  } catch (err) {
    plan.skipped = describeError(err);
  } finally {
    api.close();
  }
  return plan;
}

/** One line per cluster, note and container; names and reasons are untrusted, so each is made one visible line. */
export function describePlan(plans: ClusterPlan[]): string {
  const lines: string[] = [];
  for (const p of plans) {
    lines.push(`${p.cluster}: ${p.skipped ? `skipped: ${p.skipped}` : `${p.targets.length} container(s)`}`);
    for (const n of p.notes) lines.push(`  note: ${n}`);
    for (const t of [...p.targets].sort((a, b) =>
      `${a.namespace}/${a.pod}/${a.container}`.localeCompare(`${b.namespace}/${b.pod}/${b.container}`),
    )) {
      lines.push(`  ${t.namespace}/${t.pod} › ${t.container}${t.kind === 'container' ? '' : ` (${t.kind})`}`);
    }
  }
  // each line neutralised, its indentation (ours) kept
  return lines.map((l) => `${/^ */.exec(l)?.[0] ?? ''}${oneLine(l)}\n`).join('');
}
