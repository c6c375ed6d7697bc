// Helpers for the --log-dir tests: a kubelet log tree built in a temp dir, lines with
// increasing recent timestamps (inside the default --since 48h), and the built CLI.
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

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

/**
 * A container's log directory written the way the runtime and the kubelet write it
 * (pkg/kubelet/logs/container_log_manager.go, rotateLog): the runtime appends CRI lines to
 * `<n>.log`; a rotation first drops unused files (`.tmp`, plain files that have a `.gz`) and,
 * with maxFiles, the oldest rotated ones (keeping maxFiles-2), then compresses every rotated
 * plain file (`<f>.tmp` written, renamed to `<f>.gz`, `<f>` removed), then renames the live
 * file to `<n>.log.<YYYYMMDD-hhmmss>` and the runtime reopens a new empty `<n>.log`.
 */
export function kubeletWriter(dir: string, opts: { restart?: number } = {}) {
  const live = join(dir, `${opts.restart ?? 0}.log`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(live, '', { flag: 'a' });
  let clock = Date.UTC(2024, 4, 1, 10, 0, 0);
  const written: string[] = [];
  const stamp = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const rotatedNow = () =>
    readdirSync(dir)
      .filter((f) => f.startsWith(`${basename(live)}.`))
      .sort();
  return {
    live,
    /** every message written, in order */
    written,
    /** appends n lines `<prefix><seq>` padded to about 60 bytes of text */
    append(n: number, prefix = 'line-') {
      let text = '';
      for (let i = 0; i < n; i++) {
        const message = `${prefix}${String(written.length + 1).padStart(7, '0')} ${'x'.repeat(40)}`;
        written.push(message);
        text += `${nextStamp()} stdout F ${message}\n`;
      }
      appendFileSync(live, text);
    },
    /** maxFiles: the kubelet's containerLogMaxFiles (default: none removed) */
    rotate(maxFiles?: number) {
      let logs = rotatedNow();
      for (const f of logs) {
        if (f.endsWith('.tmp') || logs.includes(`${f}.gz`)) rmSync(join(dir, f));
      }
      logs = rotatedNow();
      if (maxFiles !== undefined) {
        const excess = logs.length - Math.max(maxFiles - 2, 0);
        for (const f of logs.slice(0, Math.max(excess, 0))) rmSync(join(dir, f));
        logs = rotatedNow();
      }
      for (const f of logs.filter((l) => !l.endsWith('.gz'))) {
        const path = join(dir, f);
        writeFileSync(`${path}.tmp`, gzipSync(readFileSync(path)));
        renameSync(`${path}.tmp`, `${path}.gz`);
        rmSync(path);
      }
      clock += 1000;
      const rotated = `${live}.${stamp(clock)}`;
      renameSync(live, rotated);
      writeFileSync(live, '');
      return rotated;
    },
  };
}
