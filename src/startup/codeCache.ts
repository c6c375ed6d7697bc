// Runs the CommonJS bundle through vm.Script with a V8 code cache: compiling the bundle's
// functions was most of what ktail spent before its first request that was not Node's own
// bootstrap (bench/NOTES.md), and Node 20 caches code only for scripts handed to vm
// (module.enableCompileCache is Node 22).
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';

/** What became of the cache on this run; the tests read it, ktail does not print it. */
export type CacheUse = 'used' | 'written' | 'rejected' | 'off' | 'unwritable';

export interface CodeCacheRun {
  /** Settles once the cache is in its final state for this run (written or not). */
  readonly settled: Promise<CacheUse>;
}

const MAGIC = Buffer.from('ktail-code-cache-1\n');
const DIGEST = 32;
/** Written by a run that lasted past WRITE_AFTER_MS, or at the exit of a shorter one. */
const WHOLE = 0x57;
const PART = 0x50;
/** Caches of other builds or Node versions that stay beside the current one (two installs, say). */
const KEEP = 4;
/** Long enough for the first list and log requests to have compiled what a run needs. */
const WRITE_AFTER_MS = 2000;

/** `$XDG_CACHE_HOME/ktail/code-cache`, else `~/.cache/ktail/code-cache`. */
export function codeCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'ktail', 'code-cache');
}

/**
 * Runs `file` (a CommonJS module) as Node would, with its compiled code from `dir` when a cache
 * made from the same bytes by the same Node with the same flags is there; otherwise it writes
 * one, after WRITE_AFTER_MS or at exit, whichever comes first. A cache that cannot be read or
 * written changes nothing but the start-up time, so nothing about it is reported.
 */
export function runWithCodeCache(file: string, dir: string | undefined): CodeCacheRun {
  const source = readFileSync(file);
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source.toString('utf8')}\n})`;
  const cacheFile = dir ? join(dir, `${cacheKey(source)}.bin`) : undefined;
  const cached = cacheFile ? readCache(cacheFile) : undefined;
  const script = new Script(wrapped, { filename: file, cachedData: cached?.code });
  let settle: (use: CacheUse) => void = () => {};
  const settled = new Promise<CacheUse>((resolve) => (settle = resolve));
  const accepted = cached !== undefined && !script.cachedDataRejected;
  if (!cacheFile) settle('off');
  else if (accepted && cached.whole) settle('used');
  else {
    let done = false;
    // A cache written at the exit of a short run (--version, a quick --no-follow) holds only
    // what that run compiled: the first run that lasts replaces it with a whole one, once.
    const write = (whole: boolean) => {
      if (done) return;
      done = true;
      process.off('exit', atExit);
      clearTimeout(timer);
      const use: CacheUse = accepted ? 'used' : cached ? 'rejected' : 'written';
      settle(writeCache(cacheFile, script, whole) ? use : 'unwritable');
    };
    const atExit = () => (accepted ? settle('used') : write(false));
    const timer = setTimeout(() => write(true), WRITE_AFTER_MS).unref();
    process.once('exit', atExit);
  }
  const module = { exports: {} as unknown, filename: file };
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  return { settled };
}

/** The bundle's bytes and everything V8 checks a cache against (its version, the flags). */
function cacheKey(source: Buffer): string {
  return createHash('sha256')
    .update(source)
    .update(`\0${process.version}\0${process.arch}\0${process.execArgv.join(' ')}\0${process.env.NODE_OPTIONS ?? ''}`)
    .digest('hex');
}

/**
 * The cached code, if its digest matches: V8 checks a cache's version and source length but
 * not its bytes, and Node 20 crashes on a damaged one.
 */
function readCache(cacheFile: string): { code: Buffer; whole: boolean } | undefined {
  let data: Buffer;
  try {
    data = readFileSync(cacheFile);
  } catch {
    return undefined;
  }
  const head = MAGIC.length + 1 + DIGEST;
  if (data.length <= head || !data.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const code = data.subarray(head);
  const digest = createHash('sha256').update(code).digest();
  if (!digest.equals(data.subarray(head - DIGEST, head))) return undefined;
  return { code, whole: data[MAGIC.length] === WHOLE };
}

/** Written whole or not at all: a second ktail starting meanwhile reads the old file or the new one. */
function writeCache(cacheFile: string, script: Script, whole: boolean): boolean {
  const dir = dirname(cacheFile);
  const partial = `${cacheFile}.${process.pid}`;
  try {
    const code = script.createCachedData();
    mkdirSync(dir, { recursive: true });
    const kind = Buffer.of(whole ? WHOLE : PART);
    writeFileSync(partial, Buffer.concat([MAGIC, kind, createHash('sha256').update(code).digest(), code]));
    renameSync(partial, cacheFile);
  } catch {
    try {
      rmSync(partial, { force: true });
    } catch {
      // no directory to leave it in
    }
    return false;
  }
  pruneOthers(dir, cacheFile);
  return true;
}

function pruneOthers(dir: string, keep: string): void {
  try {
    const others = readdirSync(dir)
      .filter((name) => name.endsWith('.bin'))
      .map((name) => join(dir, name))
      .filter((path) => path !== keep)
      .map((path) => ({ path, mtime: statSync(path).mtimeMs }))
      .sort((a, b) => b.mtime - a.mtime);
    for (const { path } of others.slice(KEEP - 1)) rmSync(path, { force: true });
  } catch {
    // another ktail pruning at the same time; the next write prunes again
  }
}
