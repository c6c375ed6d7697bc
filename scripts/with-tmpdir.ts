// with-tmpdir <command…>: runs the command with TMPDIR set to a directory of its own and
// removes that directory afterwards, whatever the command left in it and however it ended.
// The tests make temporary homes, kubeconfig copies and offline trees by the hundred
// (mkdtemp in os.tmpdir()); without this a run left them all in /tmp, and with them copies
// of the dev clusters' credentials.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [cmd, ...args] = process.argv.slice(2);
if (!cmd) {
  process.stderr.write('usage: with-tmpdir <command> [args…]\n');
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), 'ktail-test-'));
const child = spawn(cmd, args, { stdio: 'inherit', env: { ...process.env, TMPDIR: dir } });
// Ctrl-C reaches the whole process group, the command with it: this waits for the command
// to end. A SIGTERM sent to this process alone (a CI timeout) is passed on.
process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('error', (err) => {
  process.stderr.write(`with-tmpdir: ${cmd}: ${err.message}\n`);
  finish(1);
});
child.on('exit', (code, sig) => finish(code ?? (sig ? 1 : 0)));

function finish(code: number): void {
  rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  process.exit(code);
}
