// What every e2e test needs: the real local clusters (scripts/devcluster) and a way to run
// the built ktail against them as a user would, reading its stdout and stderr.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { clusterPaths, up } from '../../scripts/devcluster/index.js';

export * from '../../scripts/devcluster/index.js';

export const CLUSTERS = ['ktail-dev-1', 'ktail-dev-2', 'ktail-dev-3'];
const KTAIL = fileURLToPath(new URL('../../bin/ktail.js', import.meta.url));

/** Brings the 3 clusters up if they are not (idempotent); throws if they cannot start. */
export async function clusters(): Promise<string[]> {
  return up(CLUSTERS.length);
}

/** A namespace no other test uses, so tests can run side by side. */
export function uniqueNamespace(prefix: string): string {
  return `${prefix}-${randomBytes(3).toString('hex')}`;
}

/** A temporary HOME whose ~/.kube holds the kubeconfigs of the given clusters. */
export function kubeHome(names: string[] = CLUSTERS): string {
  const home = mkdtempSync(join(tmpdir(), 'ktail-home-'));
  mkdirSync(join(home, '.kube'));
  for (const n of names) copyFileSync(clusterPaths(n).kubeconfig, join(home, '.kube', n));
  return home;
}

export interface KtailRun {
  child: ChildProcess;
  /** stdout lines so far */
  lines: string[];
  stderr(): string;
  /** resolves when `pred` holds for the stdout lines; rejects with what was seen on timeout */
  waitFor(pred: (lines: string[]) => boolean, timeoutMs?: number, what?: string): Promise<void>;
  waitForStderr(re: RegExp, timeoutMs?: number): Promise<void>;
  /** resolves to the exit code */
  exited: Promise<number | null>;
  /** SIGINT, then the exit code */
  stop(): Promise<number | null>;
}

export function ktail(args: string[], opts: { home: string; env?: NodeJS.ProcessEnv; stdio?: 'pipe' }): KtailRun {
  const child = spawn(process.execPath, [KTAIL, ...args], {
    env: { PATH: process.env.PATH, HOME: opts.home, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let partial = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<number | null>((resolve) =>
    child.on('close', (code) => {
      if (partial) lines.push(partial);
      resolve(code);
    }),
  );
  const poll = async (ok: () => boolean, timeoutMs: number, what: () => string) => {
    const deadline = Date.now() + timeoutMs;
    while (!ok()) {
      if (Date.now() > deadline)
        throw new Error(
          `timed out waiting for ${what()}\n--- stdout (${lines.length} lines, last 20):\n${lines.slice(-20).join('\n')}\n--- stderr:\n${err}`,
        );
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return {
    child,
    lines,
    stderr: () => err,
    waitFor: (pred, timeoutMs = 30_000, what = 'expected output') =>
      poll(
        () => pred(lines),
        timeoutMs,
        () => what,
      ),
    waitForStderr: (re, timeoutMs = 30_000) =>
      poll(
        () => re.test(err),
        timeoutMs,
        () => `stderr matching ${re}`,
      ),
    exited,
    stop: () => {
      if (child.exitCode === null) child.kill('SIGINT');
      return exited;
    },
  };
}

/** Lines PREFIX1..PREFIXn, as `emit` writes them. */
export const seq = (prefix: string, n: number, from = 1) => Array.from({ length: n }, (_, i) => `${prefix}${from + i}`);

export type { CriStream } from '../../scripts/devcluster/crilog.js';
