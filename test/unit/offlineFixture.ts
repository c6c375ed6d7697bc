// Helpers for the --log-dir tests: a kubelet log tree built in a temp dir, lines with
// increasing recent timestamps (inside the default --since 48h), and the built CLI.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const KTAIL = fileURLToPath(new URL('../../bin/ktail.js', import.meta.url));
const home = mkdtempSync(join(tmpdir(), 'ktail-offline-home-'));
/** no kubeconfig anywhere: offline mode must not need one */
export const ENV = { PATH: process.env.PATH, HOME: home };

/** a node directory (its basename stands in for the cluster name) */
export const nodeDir = (name: string) => join(mkdtempSync(join(tmpdir(), 'ktail-offline-')), name);

const base = Date.now() - 3600_000;
let seq = 0;
/** each line's timestamp, by its text */
export const stamps: Record<string, string> = {};

/** RFC3339Nano, one second after the previous one, with nanoseconds as the kubelet writes them */
export function nextStamp(): string {
  seq++;
  return `${new Date(base + seq * 1000).toISOString().slice(0, -1)}${String(seq % 1_000_000).padStart(6, '0')}Z`;
}

export function cri(text: string, stream: 'stdout' | 'stderr' = 'stdout', tag: 'F' | 'P' = 'F'): string {
  const ts = nextStamp();
  stamps[text] ??= ts;
  return `${ts} ${stream} ${tag} ${text}\n`;
}

/** Docker json-file: `log` ends with \n unless the line goes on in the next entry */
export function docker(log: string, stream: 'stdout' | 'stderr' = 'stdout'): string {
  const time = nextStamp();
  stamps[log.trimEnd()] ??= time;
  return `${JSON.stringify({ log, stream, time })}\n`;
}

export function put(root: string, rel: string, content: string | Buffer): string {
  const path = join(root, rel);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  return path;
}

export function ktail(...args: string[]) {
  const r = spawnSync(process.execPath, [KTAIL, ...args], { env: ENV, encoding: 'utf8', timeout: 20_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, lines: r.stdout.split('\n').filter((l) => l !== '') };
}
