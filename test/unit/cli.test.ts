// The built CLI as a user meets it: bad input → one line on stderr, exit 2, no stack trace.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const KTAIL = fileURLToPath(new URL('../../bin/ktail.js', import.meta.url));
const home = mkdtempSync(join(tmpdir(), 'ktail-cli-'));

function ktail(...args: string[]) {
  const r = spawnSync(process.execPath, [KTAIL, ...args], {
    env: { PATH: process.env.PATH, HOME: home },
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const cases: [string, string[], RegExp][] = [
  ['unknown flag', ['--bogus'], /unknown option '--bogus'/],
  ['bad regex', ['('], /invalid pod query regex/],
  ['bad duration', ['--since', 'yesterday'], /invalid --since duration/],
  ['negative tail', ['--tail', '-3'], /invalid --tail/],
  ['bad selector', ['-l', 'app in (web'], /invalid --selector/],
  [
    'bad template',
    ['--template', '{{.Nope}}', '--kubeconfig', '/nonexistent/config'],
    /^ktail: bad --template: template: log:1:2: executing "log" at <\.Nope>: can't evaluate field Nope in type stern\.Log\n$/,
  ],
  [
    'bad \\U escape in a template',
    ['--template', '{{"\\U0011ffff"}}', '--kubeconfig', '/nonexistent/config'],
    /^ktail: bad --template: template: log:1: invalid syntax\n$/,
  ],
  [
    'unknown template function',
    ['--template', '{{bogus .Message}}', '--kubeconfig', '/nonexistent/config'],
    /^ktail: bad --template: template: log:1: function "bogus" not defined\n$/,
  ],
  ['unknown -o', ['-o', 'yaml'], /invalid -o\/--output "yaml"/],
  ['unreadable --kubeconfig', ['--kubeconfig', '/nonexistent/config'], /\/nonexistent\/config/],
  ['nothing configured', [], /no kubeconfig found/],
  ['nothing under --kube-dir with -m', ['-m', '--kube-dir', home], /no kubeconfig with a context found/],
];

for (const [name, args, message] of cases) {
  test(`bad input: ${name} → one line, exit 2`, () => {
    const r = ktail(...args);
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, message);
    assert.equal(r.stderr.trimEnd().split('\n').length, 1, `one line: ${r.stderr}`);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });
}

test('--help shows examples for the terminal, pipelines and CI; --version prints the version', () => {
  const help = ktail('--help');
  assert.equal(help.code, 0);
  assert.match(help.stdout, /ktail -m frontend --selector release=canary/);
  assert.match(help.stdout, /\| grep/);
  assert.match(help.stdout, /--no-follow/);
  assert.match(ktail('--version').stdout, /^\d+\.\d+\.\d+\n$/);
});

test('completion scripts for bash, zsh and fish; contexts completed from ~/.kube', () => {
  const bash = ktail('completion', 'bash');
  assert.equal(bash.code, 0);
  assert.equal(spawnSync('bash', ['-n'], { input: bash.stdout }).status, 0, 'valid bash');
  assert.match(bash.stdout, /--selector/);
  assert.match(ktail('completion', 'zsh').stdout, /bashcompinit/);
  assert.match(ktail('completion', 'fish').stdout, /complete -c ktail -l context -x -a '\(ktail __complete contexts/);
  assert.equal(ktail('completion', 'tcsh').code, 2);
  const kube = join(home, '.kube');
  mkdirSync(kube, { recursive: true });
  writeFileSync(
    join(kube, 'config'),
    'apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "https://x"}}]\nusers: [{name: u, user: {}}]\ncontexts: [{name: prod-eu, context: {cluster: c, user: u}}, {name: dev, context: {cluster: c, user: u}}]\n',
  );
  assert.equal(ktail('__complete', 'contexts').stdout, 'dev\nprod-eu\n');
});

// A reader that never reads again (a paused pager, a stuck pipe) must not make ktail
// unstoppable: the first signal waits for stdout to drain, a second one ends it at once.
// --stdin makes the backlog without a cluster.
test('stdout not read: SIGTERM waits for the drain, a second SIGTERM ends ktail (143) with one line', async () => {
  const input = join(home, 'lines.txt');
  writeFileSync(input, Array.from({ length: 400_000 }, (_, i) => `line-${i}`).join('\n') + '\n');
  const child = spawn(process.execPath, [KTAIL, '--stdin'], {
    env: { PATH: process.env.PATH, HOME: home },
    stdio: [openSync(input, 'r'), 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout?.pause(); // never read: the pipe fills up and ktail waits on it
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  try {
    await sleep(1500);
    child.kill('SIGTERM');
    const early = await Promise.race([exited.then(() => 'exited'), sleep(1500).then(() => 'waiting')]);
    assert.equal(early, 'waiting', `ktail ended after one SIGTERM with stdout still full: ${stderr}`);
    child.kill('SIGTERM');
    const [code] = await exited;
    assert.equal(code, 143);
    assert.deepEqual(stderr.trimEnd().split('\n'), ['ktail: SIGTERM again: stopping without writing what stdout has not taken yet']);
  } finally {
    child.kill('SIGKILL');
  }
});
