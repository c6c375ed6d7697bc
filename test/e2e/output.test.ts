// Issue 11 items 5–7: untrusted text on a terminal and on stderr, bounded memory under a
// slow reader with every output option, stdout drained at exit, quiet ends (EPIPE, Ctrl-C).
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, chmodSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  CLUSTERS,
  clusterPaths,
  createPod,
  criTimestamp,
  emit,
  kubeHome,
  ktail,
  seq,
  startComponent,
  stopComponent,
  uniqueNamespace,
  up,
} from './harness.js';

const KTAIL = fileURLToPath(new URL('../../bin/ktail.js', import.meta.url));
const [C1 = '', C2 = ''] = CLUSTERS; // two of them
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ESC = '\u001b';

before(async () => {
  await up(2);
});

/** ktail run to the end with stdout and stderr captured (never through a shell). */
function run(args: string[], home: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [KTAIL, ...args], {
    env: { PATH: process.env.PATH, HOME: home },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The same without blocking this process (where a stub server must go on answering). */
function runAsync(args: string[], home: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [KTAIL, ...args], {
    env: { PATH: process.env.PATH, HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
}

/** `sh -c SCRIPT` with ktail as $KTAIL; prints what the script prints (its own exit codes included). */
function shell(script: string, home: string): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync('bash', ['-c', script], {
    env: { PATH: process.env.PATH, HOME: home, KTAIL: `${process.execPath} ${KTAIL}` },
    encoding: 'utf8',
    timeout: 90_000,
  });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

describe('untrusted text (item 5)', () => {
  test('bidi controls and zero-width characters in a log line: shown as <U+XXXX> on a terminal, byte for byte to a pipe', async () => {
    const ns = uniqueNamespace('bidi');
    const files = await createPod(C1, `${ns}/p`);
    const text =
      'file invoice\u202Etxt.exe is \u2066safe\u2069 pass\u200Bword \u200E\u200F\u061C\u200D\u2060\uFEFF end \u00e9 \u05e9\u05dc\u05d5\u05dd';
    appendFileSync(files.app ?? '', `${criTimestamp()} stdout F ${text}\n`);
    const home = kubeHome([C1]);
    const kubeconfig = join(home, '.kube', C1);
    const tty = spawnSync(
      'script',
      ['-qfec', `node ${KTAIL} --kubeconfig ${kubeconfig} -n ${ns} --no-follow --color never --quiet`, '/dev/null'],
      { encoding: 'utf8', env: { ...process.env, HOME: home } },
    );
    assert.equal(tty.status, 0, tty.stderr);
    assert.equal(
      tty.stdout.replace(/\r\n/g, '\n'),
      'p app file invoice<U+202E>txt.exe is <U+2066>safe<U+2069> pass<U+200B>word <U+200E><U+200F><U+061C><U+200D><U+2060><U+FEFF> end \u00e9 \u05e9\u05dc\u05d5\u05dd\n',
    );
    const pipe = spawnSync(process.execPath, [KTAIL, '--kubeconfig', kubeconfig, '-n', ns, '--no-follow', '-o', 'raw'], {
      env: { ...process.env, HOME: home },
    });
    assert.equal(pipe.status, 0);
    assert.deepEqual(pipe.stdout, Buffer.from(`${text}\n`), 'a pipe gets the bytes the container wrote');
  });

  test('a failing exec plugin under a hostile context name: one line on stderr, neutralised, no blank line', () => {
    const home = kubeHome([]);
    const plugin = join(home, 'plugin.sh');
    writeFileSync(
      plugin,
      `#!/bin/sh\nprintf 'error: \\033[31mtoken expired\\033[0m \\342\\200\\256gnp.exe\\nplease log in again\\n\\n' >&2\nexit 1\n`,
    );
    chmodSync(plugin, 0o755);
    const admin = readFileSync(clusterPaths(C1).kubeconfig, 'utf8');
    const server = /server: (\S+)/.exec(admin)?.[1] ?? '';
    const ca = /certificate-authority-data: (\S+)/.exec(admin)?.[1] ?? '';
    const context = `evil${ESC}]0;pwned\u0007\u202Ectx`;
    writeFileSync(
      join(home, 'exec.kubeconfig'),
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        'current-context': context,
        clusters: [{ name: 'c', cluster: { server, 'certificate-authority-data': ca } }],
        users: [
          { name: 'u', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: plugin, interactiveMode: 'Never' } } },
        ],
        contexts: [{ name: context, context: { cluster: 'c', user: 'u', namespace: 'default' } }],
      }),
    );
    const r = run(['--kubeconfig', join(home, 'exec.kubeconfig'), '--no-follow'], home);
    assert.equal(r.status, 1);
    assert.equal(r.stdout, '');
    assert.equal(
      r.stderr,
      'ktail: cluster evil^[]0;pwned^G<U+202E>ctx: error: ^[[31mtoken expired^[[0m <U+202E>gnp.exe; please log in again\n',
    );
  });

  test('a stopped apiserver is said in words ("connection closed by the server"), not as a Node code', { timeout: 120_000 }, async () => {
    const ns = uniqueNamespace('stopped');
    await createPod(C2, `${ns}/p`);
    const home = kubeHome([C2]);
    const k = ktail(['--kubeconfig', join(home, '.kube', C2), '-n', ns], { home });
    try {
      await emit(C2, `${ns}/p`, 'app', { count: 1 });
      await k.waitFor((l) => l.includes('p app line-1'), 30_000);
      await stopComponent(C2, 'apiserver');
      await k.waitForStderr(/cluster ktail-dev-2: .*; retrying/, 60_000);
    } finally {
      await startComponent(C2, 'apiserver');
    }
    assert.equal(await k.stop(), 0);
    const said = k.stderr().split('\n').filter(Boolean);
    assert.ok(
      said.every((l) => !/ERR_|Premature close|ECONN|request to https?:/.test(l)),
      `in words, no Node codes or URLs: ${JSON.stringify(said)}`,
    );
    assert.ok(
      said.some((l) =>
        /^ktail: cluster ktail-dev-2: (connection closed by the server|connection refused by 127\.0\.0\.1:\d+ \(nothing listening there\)|connection reset by the server); retrying$/.test(
          l,
        ),
      ),
      JSON.stringify(said),
    );
  });

  describe('answers the real apiserver never gives', () => {
    // A stub apiserver (plain HTTP) because the real one cannot be made to say these: it
    // quotes names with Go's %q (so its error bodies are already escaped), and kwok writes no
    // in-band error on demand. A proxy or an aggregated API in front of a cluster can say
    // anything in an error body, and a kubelet that shuts down writes its error into a 200.
    let stub: Server;
    let url = '';
    const HOSTILE = `rpc error: ${ESC}]0;pwned\u0007\u202Edesrever\rcode = Canceled`; // one line, as the kubelet writes it
    const stamp = new Date().toISOString().replace('Z', '000001Z');
    const pod = {
      metadata: { name: 'p', namespace: 'ns', uid: 'u1', resourceVersion: '1' },
      spec: { nodeName: 'n', containers: [{ name: 'app' }] },
      status: {
        phase: 'Running',
        containerStatuses: [
          { name: 'app', ready: true, restartCount: 0, image: 'i', imageID: 'i', containerID: 'x://1', state: { running: {} } },
        ],
      },
    };
    before(async () => {
      stub = createServer((req, res) => {
        const path = new URL(req.url ?? '', 'http://x').pathname;
        if (path === '/api/v1/namespaces/ns/pods' && req.url?.includes('watch=true')) {
          res.writeHead(200, { 'content-type': 'application/json' }); // a watch that stays quiet
        } else if (path === '/api/v1/namespaces/ns/pods') {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '1' }, items: [pod] }));
        } else if (path === '/api/v1/namespaces/ns/pods/p/log') {
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.end(`${stamp} hello\n${HOSTILE}`);
        } else {
          res.writeHead(503, { 'content-type': 'text/plain' });
          res.end(`upstream ${ESC}[2J\u200Bunavailable\n<html>a page of it</html>\n`);
        }
      });
      await new Promise<void>((r) => stub.listen(0, '127.0.0.1', r));
      url = `http://127.0.0.1:${(stub.address() as { port: number }).port}`;
    });
    after(() => stub.close());

    const kubeconfig = (home: string) => {
      const file = join(home, 'stub.kubeconfig');
      writeFileSync(
        file,
        JSON.stringify({
          apiVersion: 'v1',
          kind: 'Config',
          'current-context': 'stub',
          clusters: [{ name: 'stub', cluster: { server: url, 'insecure-skip-tls-verify': true } }],
          users: [{ name: 'u', user: {} }],
          contexts: [{ name: 'stub', context: { cluster: 'stub', user: 'u' } }],
        }),
      );
      return file;
    };

    test('an API error body: its first line, neutralised, on one line', async () => {
      const home = kubeHome([]);
      const r = await runAsync(['--kubeconfig', kubeconfig(home), '-n', 'elsewhere', '--no-follow'], home);
      assert.equal(r.status, 1);
      assert.equal(r.stderr, 'ktail: cluster stub: HTTP 503: upstream ^[[2J<U+200B>unavailable\n');
    });

    test("the kubelet's in-band error: one line, neutralised, and not taken for a log line", { timeout: 60_000 }, async () => {
      // follow mode: only streams with timestamps can tell an in-band error from a log line
      const home = kubeHome([]);
      const k = ktail(['--kubeconfig', kubeconfig(home), '-n', 'ns'], { home });
      await k.waitForStderr(/rpc error/, 30_000);
      await sleep(2000); // the stream is retried (and resumed: hello is not repeated)
      assert.equal(await k.stop(), 0);
      assert.deepEqual(k.lines, ['p app hello']);
      const said = k.stderr().split('\n');
      assert.equal(said.pop(), '');
      assert.ok(
        said.length >= 1 && said.every((l) => l === 'ktail: stub/ns/p › app: rpc error: ^[]0;pwned^G<U+202E>desrever; code = Canceled'),
        JSON.stringify(said),
      );
    });
  });
});

describe('output and signals (item 7)', () => {
  test(
    'stdout is drained at exit however long the reader stalls: a reader that stops for 5 s still gets every line',
    { timeout: 120_000 },
    async () => {
      const ns = uniqueNamespace('drain');
      await createPod(C1, `${ns}/p`);
      await emit(C1, `${ns}/p`, 'app', { count: 30_000, text: `line-${'d'.repeat(80)}-` });
      const home = kubeHome([C1]);
      const child = spawn(process.execPath, [KTAIL, '--kubeconfig', join(home, '.kube', C1), '-n', ns, '--stats'], {
        env: { PATH: process.env.PATH, HOME: home },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let stalled = false;
      let err = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
      const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
      child.stdout.setEncoding('utf8');
      const onData = (d: string) => {
        out += d;
        // near the end the reader stops: ktail's own buffers fill and the streams pause
        if (!stalled && out.length > 1_000_000) {
          stalled = true;
          child.stdout.pause();
        }
      };
      child.stdout.on('data', onData);
      const deadline = Date.now() + 60_000;
      while (!child.stdout.isPaused() && Date.now() < deadline) await sleep(50);
      assert.ok(child.stdout.isPaused(), 'the reader got 1 MB and stopped');
      await sleep(1000); // ktail holds lines it cannot write yet
      child.kill('SIGINT');
      await sleep(5000); // longer than any time cap on the final flush
      child.stdout.resume();
      assert.equal(await exited, 0, err);
      const lines = out.split('\n');
      assert.equal(lines.pop(), '', 'ends on a whole line');
      const printed = Number(/ktail stats: ktail-dev-1\s+\d+\s+(\d+)/.exec(err)?.[1]);
      assert.ok(printed > 10_000, `stats: ${err}`);
      assert.equal(lines.length, printed, 'every line ktail took is on stdout');
      assert.deepEqual(lines, seq(`p app line-${'d'.repeat(80)}-`, printed));
    },
  );

  test('EPIPE on stderr ends ktail quietly, with the exit code of a closed stdout', { timeout: 60_000 }, async () => {
    const ns = uniqueNamespace('stderrpipe');
    await createPod(C1, `${ns}/p`);
    const home = kubeHome([C1]);
    const k = ktail(['--kubeconfig', join(home, '.kube', C1), '-n', ns, '--verbose'], { home });
    await k.waitForStderr(/\+ p › app/, 30_000);
    k.child.stderr?.destroy(); // the reader of stderr goes away
    await createPod(C1, `${ns}/q`); // its marker is written into the closed pipe
    const code = await Promise.race([k.exited, sleep(30_000).then(() => 'still running')]);
    assert.equal(code, 0);
  });

  test('--dry-run into a pipe that closes (| head -1, | true): exit 0, nothing on stderr', () => {
    const home = kubeHome([C1, C2]);
    const head = shell('$KTAIL -m --dry-run -A | head -1; echo "ktail=${PIPESTATUS[0]}"', home);
    assert.match(head.stdout, /^ktail-dev-[12]: \d+ container\(s\)\nktail=0\n$/);
    assert.equal(head.stderr, '');
    const gone = shell('$KTAIL -m --dry-run -A | true; echo "ktail=${PIPESTATUS[0]}"', home);
    assert.equal(gone.stdout, 'ktail=0\n');
    assert.equal(gone.stderr, '', 'no stack trace');
  });

  test(
    'Ctrl-C during --dry-run with a cluster that never answers: exits at once, with what the others said',
    { timeout: 60_000 },
    async () => {
      // A frozen apiserver (SIGSTOP) accepts connections and never answers, as one behind a VPN that is down.
      const pid = Number(readFileSync(join(clusterPaths(C2).dir, 'run', 'apiserver.pid'), 'utf8'));
      const home = kubeHome([C1, C2]);
      let child: ChildProcess | undefined;
      process.kill(pid, 'SIGSTOP');
      try {
        child = spawn(process.execPath, [KTAIL, '-m', '--dry-run', '-A'], {
          env: { PATH: process.env.PATH, HOME: home },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let out = '';
        child.stdout?.setEncoding('utf8').on('data', (d: string) => (out += d));
        const exited = new Promise<number | null>((r) => child?.on('close', (code) => r(code)));
        await sleep(4000); // ktail-dev-1 answered long ago, ktail-dev-2 never will
        assert.equal(child.exitCode, null, 'still waiting for the frozen cluster');
        child.kill('SIGINT');
        const code = await Promise.race([exited, sleep(10_000).then(() => 'still running')]);
        assert.equal(code, 130);
        assert.match(out, /^ktail-dev-1: \d+ container\(s\)\n/m);
        assert.match(out, /^ktail-dev-2: skipped: interrupted before it answered$/m);
      } finally {
        process.kill(pid, 'SIGCONT');
        if (child?.exitCode === null) child.kill('SIGKILL');
      }
    },
  );
});

/** VmHWM (peak RSS) of a process, in bytes. */
const peakRss = (pid: number) => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) * 1024;
/** CPU time a process used so far, in clock ticks. */
const cpuTicks = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return Number(fields[11]) + Number(fields[12]);
};

describe('bounded memory (item 6)', () => {
  const VOLUME = 200 * 1024 * 1024;
  let ns = '';
  let total = 0;
  let logFiles: string[] = [];
  before(async () => {
    ns = uniqueNamespace('rss');
    const files = await createPod(C1, `${ns}/p`, { containers: ['a', 'b'] });
    // one record start, then nothing but continuation lines: what --multiline would glue into one record without caps
    const start = Date.now() - 60_000;
    for (const file of Object.values(files)) {
      let written = 0;
      let i = 0;
      while (written < VOLUME / 2) {
        let chunk = '';
        for (let j = 0; j < 10_000; j++, i++) {
          const iso = new Date(start + Math.floor(i / 1000)).toISOString().slice(0, -1);
          chunk += `${iso}${String(i % 1000).padStart(6, '0')}Z stdout F ${i ? `    at frame ${i} ${'x'.repeat(70)}` : '2026-01-01 00:00:00 ERROR endless record'}\n`;
        }
        appendFileSync(file, chunk);
        written += chunk.length;
      }
      total += i;
    }
    logFiles = Object.values(files);
  });
  after(() => {
    for (const file of logFiles) truncateSync(file);
  });

  const combinations: [string, string[]][] = [
    ['default', []],
    ['--merge time', ['--merge', 'time']],
    ['--multiline auto', ['--multiline', 'auto']],
    // a template writes what it renders: these end their lines as stern's do
    ['--template', ['--template', '{{.PodName}} {{.ContainerName}} {{.Message}}{{"\\n"}}']],
    ['all of them', ['--merge', 'time', '--multiline', 'auto', '--template', '{{.ContainerName}} {{.Message}}{{"\\n"}}']],
  ];
  for (const [name, flags] of combinations) {
    test(
      `${name}: a reader that stops reading holds ktail's memory far below the 200 MB it would have to buffer; then every line arrives`,
      { timeout: 600_000 },
      async (t) => {
        const home = kubeHome([C1]);
        const child = spawn(process.execPath, [KTAIL, '--kubeconfig', join(home, '.kube', C1), '-n', ns, '--no-follow', ...flags], {
          env: { PATH: process.env.PATH, HOME: home },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let err = '';
        child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
        const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
        const pid = child.pid as number;
        // stdout is not read: ktail reads until its buffers are full, then waits (its CPU time stops growing)
        let ticks = cpuTicks(pid);
        let still = 0;
        const deadline = Date.now() + 300_000;
        while (still < 3 && Date.now() < deadline && child.exitCode === null) {
          await sleep(1000);
          const now = cpuTicks(pid);
          still = now - ticks <= 5 ? still + 1 : 0;
          ticks = now;
        }
        const peak = peakRss(pid);
        t.diagnostic(`peak RSS with stdout blocked: ${Math.round(peak / 2 ** 20)} MB`);
        assert.equal(child.exitCode, null, 'ktail waited for the reader');
        assert.ok(
          peak < 200 * 1024 * 1024,
          `peak RSS ${Math.round(peak / 2 ** 20)} MB with stdout blocked (the log holds ${VOLUME / 2 ** 20} MB)`,
        );
        let newlines = 0;
        child.stdout.on('data', (d: Buffer) => {
          for (let at = d.indexOf(10); at !== -1; at = d.indexOf(10, at + 1)) newlines++;
        });
        assert.equal(await exited, 0, err);
        assert.equal(newlines, total, 'every line arrived');
      },
    );
  }
});
