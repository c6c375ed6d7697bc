// Starting and stopping the cluster's daemons as detached processes with pid files, so
// that any later command (and `down`) can find them again.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface Daemon {
  name: string;
  bin: string;
  args: string[];
  /** directory holding `<name>.pid` and `<name>.log` */
  dir: string;
}

const pidFile = (d: Daemon) => join(d.dir, `${d.name}.pid`);
export const logFile = (d: Daemon) => join(d.dir, `${d.name}.log`);

/** The pid of the daemon if it runs, checked against its command line (pids get reused). */
export function runningPid(d: Daemon): number | undefined {
  if (!existsSync(pidFile(d))) return undefined;
  const pid = Number(readFileSync(pidFile(d), 'utf8'));
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) return undefined;
    return cmdline.startsWith(d.bin + '\0') ? pid : undefined;
  } catch {
    return undefined;
  }
}

export function startDaemon(d: Daemon): number {
  const existing = runningPid(d);
  if (existing) return existing;
  mkdirSync(d.dir, { recursive: true });
  mkdirSync(dirname(logFile(d)), { recursive: true });
  const out = openSync(logFile(d), 'a');
  // A daemon outlives the command that started it (a test run under with-tmpdir, say), so it
  // keeps its temporary files in its own directory, not in the caller's TMPDIR.
  const child = spawn(d.bin, d.args, {
    detached: true,
    stdio: ['ignore', out, out],
    env: { ...process.env, TMPDIR: d.dir },
  });
  closeSync(out);
  if (child.pid === undefined) throw new Error(`could not start ${d.bin}`);
  child.unref();
  writeFileSync(pidFile(d), String(child.pid));
  return child.pid;
}

export async function stopDaemon(d: Daemon, graceMs = 10_000): Promise<void> {
  const pid = runningPid(d);
  if (pid) {
    signal(pid, 'SIGTERM');
    const deadline = Date.now() + graceMs;
    while (runningPid(d) && Date.now() < deadline) await sleep(50);
    if (runningPid(d)) signal(pid, 'SIGKILL');
    while (runningPid(d)) await sleep(20);
  }
  rmSync(pidFile(d), { force: true });
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

/** Waits for `check` to succeed; on timeout, the error names the daemon and its log's tail. */
export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number, log?: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) {
      const tail = log && existsSync(log) ? readFileSync(log, 'utf8').split('\n').slice(-15).join('\n') : '';
      throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}${tail ? `; last lines of ${log}:\n${tail}` : ''}`);
    }
    await sleep(100);
  }
}
