// Where --save puts a line: the kubelet's layout, one subtree per cluster, so the tree
// (or one cluster's subtree) reads back with --log-dir. The marker files tell offline mode
// that a directory is such a tree and what each cluster is called.
import { join } from 'node:path';
import type { Target } from '../shared/target.js';

/** at the root of a save: its subdirectories are clusters */
export const SAVE_MARKER = '.ktail-save';
/** in each cluster's directory: the cluster's display name, as live mode showed it */
export const CLUSTER_MARKER = '.ktail-cluster';

/**
 * A cluster's display name as one directory name: `/` cannot be in one, a leading `.` would
 * hide it (and could be `..`); `%` is escaped too, so two names never share a directory.
 */
export function clusterDirName(name: string): string {
  const escaped = name.replace(/[%/\\\0]/g, (ch) => `%${ch.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return escaped.startsWith('.') || escaped === '' ? `%2e${escaped.slice(1)}` : escaped;
}

/** `<cluster>/<namespace>_<pod>_<uid>/<container>/<restartCount>.log`, relative to the save root */
export function logFileOf(t: Target, previous: boolean): { dir: string; file: string } {
  // -p streams the instance before the current one, which the kubelet numbered one less
  const n = Math.max(0, (t.restartCount ?? 0) - (previous ? 1 : 0));
  const dir = join(clusterDirName(t.cluster.name), `${t.namespace}_${t.pod}_${t.podUid}`, t.container);
  return { dir, file: join(dir, `${n}.log`) };
}
