// Issue 12 item 3: stern's remaining flags (--stdin, --condition, the --container-state
// default, --qps/--burst, --verbosity, --prompt), run through bin/ktail.js against the real
// local clusters. Expected bytes for --stdin are what stern v1.34 prints for the same input.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CoreV1Api, KubeConfig, type V1Pod } from '@kubernetes/client-node';
import { CLUSTERS, clusterPaths, createPod, emit, kubeHome, ktail, seq, uniqueNamespace, up } from './harness.js';

const KTAIL = fileURLToPath(new URL('../../bin/ktail.js', import.meta.url));
const [C1 = '', C2 = ''] = CLUSTERS;

before(async () => {
  await up(2);
});

/** ktail with `input` on stdin and a HOME without any kubeconfig: nothing to connect to. */
function withStdin(args: string[], input: string) {
  const home = mkdtempSync(join(tmpdir(), 'ktail-nokube-'));
  const r = spawnSync(process.execPath, [KTAIL, ...args], { input, env: { PATH: process.env.PATH, HOME: home }, encoding: 'utf8' });
  return { out: r.stdout, err: r.stderr, code: r.status };
}

async function runToEnd(args: string[], home = kubeHome([C1, C2])) {
  const run = ktail([...args, '--no-follow'], { home });
  const code = await run.exited;
  return { lines: run.lines, stderr: run.stderr(), code };
}

function core(cluster: string): CoreV1Api {
  const kc = new KubeConfig();
  kc.loadFromFile(clusterPaths(cluster).kubeconfig);
  return kc.makeApiClient(CoreV1Api);
}

/** Changes a pod's status as a kubelet would report it (kwok's stages leave these alone). */
async function setStatus(cluster: string, namespace: string, name: string, change: (pod: V1Pod) => void): Promise<void> {
  const api = core(cluster);
  for (let attempt = 0; ; attempt++) {
    const pod = await api.readNamespacedPod({ namespace, name });
    change(pod);
    try {
      await api.replaceNamespacedPodStatus({ namespace, name, body: pod });
      return;
    } catch (err) {
      if ((err as { code?: number }).code !== 409 || attempt > 10) throw err;
    }
  }
}

async function podWithLines(cluster: string, ref: string, containers: string[], labels?: Record<string, string>) {
  await createPod(cluster, ref, { containers, labels });
  for (const c of containers) await emit(cluster, ref, c, { count: 2, text: `${c}-` });
}

describe('--stdin', () => {
  const input = 'hello ERROR one\nplain\n\nlast ERROR no newline';

  test('default format: empty pod and container columns, as stern prints them; exit 0 at EOF', () => {
    const r = withStdin(['--stdin'], input);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, '  hello ERROR one\n  plain\n  \n  last ERROR no newline\n');
    assert.equal(r.err, '');
  });

  test('line filters: -i, -e, and -o raw', () => {
    assert.equal(withStdin(['--stdin', '-i', 'ERROR', '-o', 'raw'], input).out, 'hello ERROR one\nlast ERROR no newline\n');
    assert.equal(withStdin(['--stdin', '-e', 'ERROR', '-o', 'raw'], input).out, 'plain\n\n');
  });

  test('templates and JSON see the line as the message, pod and container empty', () => {
    assert.equal(
      withStdin(['--stdin', '--template', '[{{.PodName}}|{{.ContainerName}}] {{.Message}}{{"\\n"}}'], 'a\nb\n').out,
      '[|] a\n[|] b\n',
    );
    // stern adds no newline after a template's output
    assert.equal(withStdin(['--stdin', '--template', '<{{.Message}}>'], 'a\nb\n').out, '<a><b>');
    const json = withStdin(['--stdin', '-o', 'json'], 'x {"k":1}\n')
      .out.trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(json.length, 1);
    assert.equal(json[0]?.message, 'x {"k":1}');
    assert.equal(json[0]?.podName, '');
  });

  test('-A adds the (empty) namespace column, as in stern', () => {
    assert.equal(withStdin(['--stdin', '-A'], 'a\n').out, '   a\n');
  });

  test('bytes pass through untouched to a pipe', () => {
    const r = spawnSync(process.execPath, [KTAIL, '--stdin', '-o', 'raw'], {
      input: Buffer.from([0x1b, 0x5b, 0x32, 0x4a, 0xff, 0x0a]),
      env: { PATH: process.env.PATH, HOME: tmpdir() },
    });
    assert.deepEqual([...r.stdout], [0x1b, 0x5b, 0x32, 0x4a, 0xff, 0x0a]);
  });

  test('flags that need a cluster are refused with --stdin: one line, exit 2', () => {
    for (const args of [['--condition', 'ready', '--no-follow'], ['--prompt'], ['--log-dir', '.']]) {
      const r = withStdin(['--stdin', ...args], 'a\n');
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.out, '');
      assert.equal(r.err.trim().split('\n').length, 1, r.err);
    }
  });
});

describe('--condition', () => {
  test('ready=false tails only pods whose Ready condition is False; ready only the others', async () => {
    const ns = uniqueNamespace('cond');
    await podWithLines(C1, `${ns}/up`, ['app']);
    await podWithLines(C1, `${ns}/down`, ['app']);
    await setStatus(C1, ns, 'down', (p) => {
      for (const c of p.status?.conditions ?? []) if (c.type === 'Ready' || c.type === 'ContainersReady') c.status = 'False';
    });
    const unready = await runToEnd(['--context', C1, '-m', '-n', ns, '--condition', 'ready=false']);
    assert.equal(unready.code, 0, unready.stderr);
    assert.deepEqual(unready.lines.sort(), seq('down app app-', 2));
    const ready = await runToEnd(['--context', C1, '-m', '-n', ns, '--condition', 'Ready']);
    assert.deepEqual(ready.lines.sort(), seq('up app app-', 2));
  });

  test("refused while following from the start (stern's rule), and for an unknown condition", async () => {
    for (const args of [
      ['--condition', 'ready'],
      ['--condition', 'healthy', '--no-follow'],
    ]) {
      const run = ktail(['--context', C1, '-m', ...args], { home: kubeHome([C1]) });
      assert.equal(await run.exited, 2);
      assert.equal(run.stderr().trim().split('\n').length, 1, run.stderr());
    }
  });
});

describe('--container-state', () => {
  test('by default (all) a terminated container and one waiting after a crash are tailed, as by stern; never-started ones are not', async () => {
    const ns = uniqueNamespace('state');
    await podWithLines(C1, `${ns}/p`, ['run', 'done', 'crash', 'fresh']);
    await setStatus(C1, ns, 'p', (pod) => {
      for (const s of pod.status?.containerStatuses ?? []) {
        const at = new Date();
        if (s.name === 'done')
          s.state = { terminated: { exitCode: 0, reason: 'Completed', containerID: s.containerID, startedAt: at, finishedAt: at } };
        if (s.name === 'crash') {
          s.lastState = { terminated: { exitCode: 1, reason: 'Error', containerID: s.containerID, startedAt: at, finishedAt: at } };
          s.state = { waiting: { reason: 'CrashLoopBackOff' } };
        }
        if (s.name === 'fresh') {
          s.state = { waiting: { reason: 'ContainerCreating' } };
          delete s.containerID;
        }
      }
    });
    const all = await runToEnd(['--context', C1, '-m', '-n', ns]);
    assert.equal(all.code, 0, all.stderr);
    assert.deepEqual(all.lines.sort(), [...seq('p crash crash-', 2), ...seq('p done done-', 2), ...seq('p run run-', 2)]);
    const running = await runToEnd(['--context', C1, '-m', '-n', ns, '--container-state', 'running']);
    assert.deepEqual(running.lines.sort(), seq('p run run-', 2));
  });
});

const responses = (stderr: string, cluster: string) => stderr.split('\n').filter((l) => l.includes(`${cluster} "Response"`));

describe('--qps/--burst', () => {
  test('a bucket per cluster: with --burst 2 and a token per 1,000 s each cluster makes 2 requests, unthrottled all', async () => {
    const ns = uniqueNamespace('qps');
    for (const c of [C1, C2]) await podWithLines(c, `${ns}/p`, ['a', 'b', 'c']);
    const home = kubeHome([C1, C2]);
    const free = await runToEnd(['-m', '-n', ns, '--verbosity', '6'], home);
    assert.equal(free.lines.length, 12, free.stderr);
    // list + 3 log streams per cluster
    for (const c of [C1, C2]) assert.equal(responses(free.stderr, c).length, 4, free.stderr);

    const run = ktail(['-m', '-n', ns, '--verbosity', '6', '--qps', '0.001', '--burst', '2'], { home });
    try {
      await run.waitForStderr(new RegExp(`(${C1} "Response"[^]*){2}`));
      await run.waitForStderr(new RegExp(`(${C2} "Response"[^]*){2}`));
      // a global bucket would have let 2 requests through in all; a third per cluster waits ~1,000 s
      await new Promise((r) => setTimeout(r, 3000));
    } finally {
      await run.stop();
    }
    assert.equal(await run.exited, 0);
    for (const c of [C1, C2]) assert.equal(responses(run.stderr(), c).length, 2, run.stderr());
    // the list, then one log stream (or the watch): at most one container's lines per cluster
    assert.ok(run.lines.length <= 4, run.lines.join('\n'));
  });
});

describe('--verbosity', () => {
  test('6: each answer with verb, URL and status; 9 adds headers with credentials masked: no token, no key', async () => {
    const ns = uniqueNamespace('verb');
    await podWithLines(C1, `${ns}/p`, ['app']);
    const home = kubeHome([]);
    const six = ktail(['--kubeconfig', clusterPaths(C1).tokenKubeconfig, '-n', ns, '--no-follow', '--verbosity', '6'], { home });
    assert.equal(await six.exited, 0, six.stderr());
    assert.match(
      six.stderr(),
      new RegExp(`"Response" verb="GET" url="https://[^"]+/api/v1/namespaces/${ns}/pods" status="200 OK" milliseconds=\\d+`),
    );
    assert.match(
      six.stderr(),
      new RegExp(`"Response" verb="GET" url="https://[^"]+/api/v1/namespaces/${ns}/pods/p/log\\?container=app[^"]*" status="200 OK"`),
    );
    assert.doesNotMatch(six.stderr(), /"Request"/);
    assert.deepEqual(six.lines, seq('p app app-', 2));

    const token = /token: (\S+)/.exec(readFileSync(clusterPaths(C1).tokenKubeconfig, 'utf8'))?.[1] ?? '';
    assert.ok(token.length > 10);
    const nine = ktail(['--kubeconfig', clusterPaths(C1).tokenKubeconfig, '-n', ns, '--verbosity', '9'], { home });
    try {
      await nine.waitFor((l) => l.length === 2);
      await nine.waitForStderr(/"Request" verb="GET" url="[^"]+\/log\?[^"]*" headers="[^"]*authorization: Bearer <masked>/i);
    } finally {
      await nine.stop();
    }
    assert.match(nine.stderr(), /Authorization: Bearer <masked>/);
    assert.match(nine.stderr(), /"Response"[^\n]+headers="[^"]*Content-Type/);
    assert.ok(!nine.stderr().includes(token) && !nine.lines.join('\n').includes(token), 'the token was printed');

    // a client-certificate kubeconfig: neither the key nor the certificate show
    const certRun = await runToEnd(['--kubeconfig', clusterPaths(C1).kubeconfig, '-n', ns, '--verbosity', '9'], home);
    const kubeconfig = readFileSync(clusterPaths(C1).kubeconfig, 'utf8');
    for (const field of ['client-key-data', 'client-certificate-data']) {
      const data = new RegExp(`${field}: (\\S+)`).exec(kubeconfig)?.[1] ?? '';
      const pem = Buffer.from(data, 'base64').toString('utf8').split('\n')[1] ?? '';
      assert.ok(pem.length > 20);
      assert.ok(!certRun.stderr.includes(data.slice(0, 40)) && !certRun.stderr.includes(pem), `${field} was printed`);
    }
    assert.match(certRun.stderr, /"Request"/);
  });

  test('a bad level is one line and exit 2', async () => {
    const run = ktail(['--context', C1, '-m', '--verbosity', 'loud'], { home: kubeHome([C1]) });
    assert.equal(await run.exited, 2);
    assert.match(run.stderr(), /^ktail: invalid --verbosity "loud": expected a whole number ≥ 0\n$/);
  });
});

describe('--prompt', () => {
  test('in a pipe: a clear one-line refusal, exit 2, no cluster asked', async () => {
    const run = ktail(['--context', C1, '-m', '--prompt', '--verbosity', '6'], { home: kubeHome([C1]) });
    assert.equal(await run.exited, 2);
    assert.match(
      run.stderr(),
      /^ktail: --prompt needs a terminal to ask on \(stdin and stderr\); in a pipe, pass -l app\.kubernetes\.io\/instance=VALUE instead\n$/,
    );
    assert.deepEqual(run.lines, []);
  });

  test('on a terminal (script(1) gives it a pty): arrow down + Enter picks the second value, and only its pods are tailed', async () => {
    const ns = uniqueNamespace('prompt');
    await podWithLines(C1, `${ns}/pa`, ['app'], { 'app.kubernetes.io/instance': 'alpha' });
    await podWithLines(C2, `${ns}/pb`, ['app'], { 'app.kubernetes.io/instance': 'beta' });
    await podWithLines(C1, `${ns}/pc`, ['app'], { 'app.kubernetes.io/instance': 'gamma' });
    const home = kubeHome([C1, C2]);
    const command = [process.execPath, KTAIL, '-m', '-n', ns, '--prompt', '--no-follow', '--color', 'never'].map((a) => `'${a}'`).join(' ');
    const child = spawn('script', ['-qfec', command, '/dev/null'], {
      env: { PATH: process.env.PATH, HOME: home, TERM: 'xterm' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const until = async (re: RegExp) => {
      for (const deadline = Date.now() + 30_000; !re.test(out);) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${re} in:\n${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    try {
      await until(/gamma/);
      assert.match(out, /Select "app\.kubernetes\.io\/instance" label value:/);
      child.stdin.write('\u001b[B');
      await until(/❯ beta/);
      child.stdin.write('\r');
      assert.equal(await exited, 0, out);
      assert.match(out, /Selector: app\.kubernetes\.io\/instance=beta/);
      const logLines = out
        .split(/\r?\n/)
        .filter((l) => /app app-\d$/.test(l))
        .map((l) => l.trim());
      assert.deepEqual(logLines.sort(), [`${C2} pb app app-1`, `${C2} pb app app-2`]);
    } finally {
      child.kill();
    }
  });
});
