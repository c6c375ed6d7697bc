// Which kubeconfig files to read: every file under ~/.kube for -m, else kubectl's usual
// single source (--kubeconfig, else the KUBECONFIG list, else ~/.kube/config).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Folders under ~/.kube that hold client caches, never kubeconfigs. */
const SKIPPED_DIRS = new Set(['cache', 'http-cache']);

export function kubeconfigFilesUnder(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string): void => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(d, e.name);
      if (e.isDirectory() && !SKIPPED_DIRS.has(e.name)) walk(path);
      else if (e.isFile() || (e.isSymbolicLink() && isFile(path))) found.push(path);
    }
  };
  walk(dir);
  return found;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** KUBECONFIG as kubectl reads it: a path list; entries that do not exist are ignored. */
export function kubeconfigEnvFiles(env: NodeJS.ProcessEnv): string[] {
  return (env.KUBECONFIG ?? '').split(delimiter).filter((f) => f && existsSync(f));
}

export function defaultKubeconfig(kubeDir: string): string | undefined {
  const file = join(kubeDir, 'config');
  return existsSync(file) ? file : undefined;
}
