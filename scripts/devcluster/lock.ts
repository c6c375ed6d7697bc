// One `up` at a time per state directory: two at once would both find a cluster's etcd not
// running, both start one, and the pid file would keep only one of them (the other orphaned).
import { mkdirSync, openSync, closeSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { stateDir } from './paths.js';

const LOCK_WAIT_MS = 10 * 60_000;

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Runs `fn` holding `<state dir>/up.lock`; a lock whose process is gone is taken over. */
export async function withUpLock<T>(fn: () => Promise<T>): Promise<T> {
  mkdirSync(stateDir(), { recursive: true });
  const file = join(stateDir(), 'up.lock');
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number(readFileSync(file, 'utf8').trim() || NaN);
      // a holder that died (or a file half written) leaves a stale lock
      if (!Number.isInteger(holder) || holder === process.pid || !alive(holder)) {
        rmSync(file, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`another devcluster up (pid ${holder}) still holds ${file}`);
      await sleep(200);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(file, { force: true });
  }
}
