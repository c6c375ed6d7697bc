// ktail as built from an older commit, to measure a change against the code before it: the
// commit's tree is exported (git archive) into a directory outside the repo, uses the repo's
// node_modules through a symlink, and is built with its own `npm run build`. Built once per
// commit and reused by later runs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchEnv } from './env.js';

const REPO = fileURLToPath(new URL('..', import.meta.url));

export interface BeforeBuild {
  /** the ref as given */
  ref: string;
  /** the commit it names, when git knows it */
  commit?: string;
  /** bin/ktail.js of the build; undefined when it could not be built */
  bin?: string;
  /** why there is no build */
  error?: string;
}

function git(args: string[]): { ok: boolean; out: string } {
  const r = spawnSync('git', ['-C', REPO, ...args], { encoding: 'utf8' });
  return { ok: r.status === 0, out: (r.status === 0 ? r.stdout : r.stderr || r.stdout || String(r.error ?? '')).trim() };
}

const lastLine = (s: string) => s.trim().split('\n').pop() ?? '';

/** Builds ktail at `ref` (or finds the earlier build); never throws: a failure is in `error`. */
export function buildBefore(env: BenchEnv, ref: string): BeforeBuild {
  const rev = git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  if (!rev.ok || !rev.out) return { ref, error: `git does not know ${ref} (a shallow clone?)` };
  const commit = rev.out;
  const dir = join(tmpdir(), `ktail-bench-before-${commit.slice(0, 12)}`);
  const bin = join(dir, 'bin', 'ktail.js');
  // the directory is only ever a finished build (renamed from its staging one below); its bundle's
  // name has changed between commits, bin/ktail.js has not
  if (existsSync(bin)) return { ref, commit, bin };

  env.log(`building ktail at ${ref} (${commit.slice(0, 12)}) in ${dir}`);
  const staging = `${dir}.partial`;
  const error = buildInto(staging, commit, ref);
  if (error) {
    rmSync(staging, { recursive: true, force: true });
    return { ref, commit, error };
  }
  rmSync(dir, { recursive: true, force: true });
  renameSync(staging, dir);
  return existsSync(bin) ? { ref, commit, bin } : { ref, commit, error: `${ref} has no bin/ktail.js` };
}

/** the tree of `commit` in `dir`, built; the reason when it fails */
function buildInto(dir: string, commit: string, ref: string): string | undefined {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const archive = spawnSync('git', ['-C', REPO, 'archive', '--format=tar', commit], { maxBuffer: 1 << 30 });
  if (archive.status !== 0) return `git archive ${ref} failed: ${lastLine(String(archive.stderr))}`;
  const untar = spawnSync('tar', ['-x', '-C', dir], { input: archive.stdout });
  if (untar.status !== 0) return `unpacking ${ref} failed: ${lastLine(String(untar.stderr))}`;
  // outside the repo, so the link is never committed; the older package.json is assumed to need no package the repo lacks
  symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'));
  const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: dir, encoding: 'utf8', timeout: 300_000 });
  if (build.status !== 0)
    return `npm run build at ${ref} failed: ${lastLine(`${build.stdout}${build.stderr}`) || build.error?.message || `exit ${build.status ?? build.signal}`}`;
  return undefined;
}
