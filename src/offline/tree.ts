// The kubelet's log tree on disk: <dir>/<namespace>_<pod>_<uid>/<container>/<restart>.log,
// with rotated files <restart>.log.<YYYYMMDD-hhmmss>[.N][.gz] beside the live one.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describeError } from '../shared/errors.js';

/** a warning shown once per key (a directory polled every 200 ms must not repeat itself) */
export type Warn = (key: string, message: string) => void;

export interface PodDir {
  namespace: string;
  pod: string;
  uid: string;
}

export interface ContainerDir extends PodDir {
  container: string;
  path: string;
}

/** a rotated file; `key` (its rotation time) sorts in rotation order and stays when it is compressed */
export interface Rotated {
  key: string;
  path: string;
}

/** One container instance: its rotated files oldest first, then the live file (if there is one). */
export interface Restart {
  n: number;
  rotated: Rotated[];
  live?: string;
}

/** Sorted entry names; undefined when the directory is gone (a deleted pod: not worth a warning). */
async function names(dir: string, warn: Warn, dirsOnly: boolean): Promise<string[] | undefined> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    // symlinks are allowed: a log tree copied off a node may link rather than copy
    return entries
      .filter((e) => !dirsOnly || e.isDirectory() || e.isSymbolicLink())
      .map((e) => e.name)
      .sort();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') warn(`dir ${dir}`, `cannot read ${dir}: ${describeError(err)}`);
    return undefined;
  }
}

/** `<namespace>_<pod>_<uid>`: Kubernetes names cannot hold `_`, so the split is exact. */
export function parsePodDir(name: string): PodDir | undefined {
  const [namespace, pod, uid, ...rest] = name.split('_');
  return namespace && pod && uid && !rest.length ? { namespace, pod, uid } : undefined;
}

/** The containers the filters keep, sorted by namespace, pod, container. */
export async function listContainers(
  dir: string,
  keepPod: (p: PodDir) => boolean,
  keepContainer: (name: string) => boolean,
  warn: Warn,
): Promise<ContainerDir[]> {
  const found: ContainerDir[] = [];
  for (const name of (await names(dir, warn, true)) ?? []) {
    const pod = parsePodDir(name);
    if (!pod || !keepPod(pod)) continue;
    for (const container of (await names(join(dir, name), warn, true)) ?? []) {
      if (keepContainer(container)) found.push({ ...pod, container, path: join(dir, name, container) });
    }
  }
  return found;
}

const LOG_FILE = /^(\d+)\.log(?:\.(\d{8}-\d{6})(?:\.(\d+))?(\.gz)?)?$/;

/** Groups a container directory's file names by restart, each in reading order. */
export function restartsOf(dir: string, files: readonly string[]): Restart[] {
  const byN = new Map<number, { rotated: Map<string, string>; live?: string }>();
  for (const f of files) {
    const m = LOG_FILE.exec(f);
    if (!m) continue; // e.g. the kubelet's .tmp while it compresses
    const n = Number(m[1]);
    const r = byN.get(n) ?? { rotated: new Map<string, string>() };
    byN.set(n, r);
    if (!m[2]) {
      r.live = join(dir, f);
      continue;
    }
    // the .N of a second rotation within the same second sorts after the first (no suffix)
    const key = `${m[2]}.${(m[3] ?? '').padStart(10, '0')}`;
    // while the kubelet compresses, a file and its .gz exist side by side: read it once
    if (!m[4] || !r.rotated.has(key)) r.rotated.set(key, join(dir, f));
  }
  return [...byN]
    .sort(([a], [b]) => a - b)
    .map(([n, r]) => ({
      n,
      rotated: [...r.rotated].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, path]) => ({ key, path })),
      live: r.live,
    }));
}

/** undefined once the container's directory is gone */
export async function listRestarts(dir: string, warn: Warn): Promise<Restart[] | undefined> {
  const files = await names(dir, warn, false);
  return files && restartsOf(dir, files);
}
