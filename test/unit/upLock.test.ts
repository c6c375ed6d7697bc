// `devcluster up` holds a lock so two runs cannot both start a cluster's etcd. The race
// itself is too narrow to hit on demand with real clusters, so two processes hold the lock
// around a slow critical section here and must never overlap.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const LOCK = new URL('../../scripts/devcluster/lock.ts', import.meta.url).href;

function holder(dir: string, log: string, name: string): Promise<number | null> {
  const script = `
    import { appendFileSync } from 'node:fs';
    import { withUpLock } from ${JSON.stringify(LOCK)};
    await withUpLock(async () => {
      appendFileSync(${JSON.stringify(log)}, 'start ${name}\\n');
      await new Promise((r) => setTimeout(r, 400));
      appendFileSync(${JSON.stringify(log)}, 'end ${name}\\n');
    });`;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      env: { ...process.env, KTAIL_DEV_DIR: dir },
      stdio: 'inherit',
    });
    child.on('close', resolve);
  });
}

test('two holders of the up lock never overlap', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ktail-lock-'));
  const log = join(dir, 'log');
  writeFileSync(log, '');
  assert.deepEqual(await Promise.all([holder(dir, log, 'a'), holder(dir, log, 'b'), holder(dir, log, 'c')]), [0, 0, 0]);
  const lines = readFileSync(log, 'utf8').trim().split('\n');
  assert.equal(lines.length, 6);
  for (let i = 0; i < 6; i += 2) assert.equal(lines[i + 1], lines[i]?.replace('start', 'end'), lines.join(', '));
});

test('a lock left by a process that died is taken over', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ktail-lock-'));
  const log = join(dir, 'log');
  writeFileSync(log, '');
  writeFileSync(join(dir, 'up.lock'), '999999999'); // no such pid
  assert.equal(await holder(dir, log, 'a'), 0);
  assert.equal(readFileSync(log, 'utf8'), 'start a\nend a\n');
});
