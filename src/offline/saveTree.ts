// What --log-dir reads: a node's pod log tree (its directory's name stands in for the
// cluster), a --save tree (one subdirectory per cluster, each named by its marker), or one
// cluster's subtree of a save (the name its marker holds). Saved trees keep the cluster
// names live mode printed, so a replay reads as the run did.
import { readdir, readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { CLUSTER_MARKER, SAVE_MARKER } from '../save/layout.js';
import type { ClusterIdentity } from '../shared/target.js';

export interface PodRoot {
  cluster: ClusterIdentity;
  /** holds `<namespace>_<pod>_<uid>/` directories */
  dir: string;
}

export interface Roots {
  roots: PodRoot[];
  /** a whole --save tree: the clusters are named on each line as live mode did with several */
  saved: boolean;
}

const nameIn = (dir: string) =>
  readFile(join(dir, CLUSTER_MARKER), 'utf8').then(
    (s) => s.trim() || undefined,
    () => undefined,
  );

export async function podRoots(dir: string): Promise<Roots> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  if (entries.some((e) => e.name === SAVE_MARKER && e.isFile())) {
    const roots: PodRoot[] = [];
    for (const e of entries
      .filter((x) => x.isDirectory() || x.isSymbolicLink())
      .map((x) => x.name)
      .sort()) {
      const name = await nameIn(join(dir, e));
      if (name) roots.push({ cluster: { name }, dir: join(dir, e) });
    }
    return { roots, saved: true };
  }
  const name = await nameIn(dir);
  return { roots: [{ cluster: { name: name ?? basename(resolve(dir)) }, dir }], saved: false };
}
