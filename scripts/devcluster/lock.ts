// One `up` at a time per state directory: two at once would both find a cluster's etcd not
// running, both start one, and the pid file would keep only one of them (the other orphaned).
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

/** The pid in a lock file; undefined when there is none (NaN for a file that holds no pid). */
function holderOf(file: string): number | undefined {
  try {
    return Number(readFileSync(file, 'utf8').trim() || NaN);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Runs `fn` holding `<state dir>/up.lock`; a lock whose process is gone is taken over. */
export async function withUpLock<T>(fn: () => Promise<T>): Promise<T> {
  mkdirSync(stateDir(), { recursive: true });
  const file = join(stateDir(), 'up.lock');
  const deadline = Date.now() + LOCK_WAIT_MS;
  // the lock appears whole or not at all (a link of a file already written): a lock opened
  // empty and written after let a second `up` read it as half written and take it too
  const mine = `${file}.${process.pid}`;
  writeFileSync(mine, String(process.pid));
  try {
    for (;;) {
      try {
        linkSync(mine, file);
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        const holder = holderOf(file);
        if (holder === undefined) continue; // released meanwhile
        // a holder that died leaves a stale lock
        if (holder === process.pid || !alive(holder)) {
          if (holderOf(file) === holder) rmSync(file, { force: true });
          continue;
        }
        if (Date.now() > deadline) throw new Error(`another devcluster up (pid ${holder}) still holds ${file}`);
        await sleep(200);
      }
    }
  } finally {
    rmSync(mine, { force: true });
  }
  try {
    return await fn();
  } finally {
    rmSync(file, { force: true });
  }
}
