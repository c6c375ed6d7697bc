// --log-dir without --follow, through the built CLI: a kubelet log tree with restarts,
// rotated and gzipped files, fragments, a Docker json-file container and broken input.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, realpathSync, symlinkSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { parseOptions } from '../../src/options/parse.js';
import { runOffline } from '../../src/offline/run.js';
import { cri, docker, ENV, KTAIL, ktail, nodeDir, put, stamps } from './offlineFixture.js';

const root = nodeDir('node-a');
// written in time order: each line's timestamp is later than the one before
const web = 'shop_web-7f9c_u1';
put(root, `${web}/app/0.log.20240501-100000.gz`, gzipSync(cri('a1') + cri('a2')));
put(root, `${web}/app/0.log.20240501-110000`, cri('a3') + cri('a4 part one, ', 'stdout', 'P'));
put(root, `${web}/app/0.log`, cri('part two') + cri('a5'));
put(root, `${web}/app/1.log.20240501-120000.gz`, gzipSync(cri('b1')));
put(root, `${web}/app/1.log.20240501-120000.1`, cri('b2') + cri('b3', 'stderr'));
put(root, `${web}/app/1.log`, cri('b4') + cri('b5'));
put(root, `${web}/app/1.log.20240501-130000.gz.tmp`, 'the kubelet compressing: not a log file');
put(root, `${web}/sidecar/0.log`, cri('s1') + cri('s2'));
put(root, 'shop_db-0_u2/postgres/0.log', cri('d1') + cri('d2'));
put(
  root,
  'kube-system_coredns-abc_u3/coredns/0.log',
  docker('k1\n') + docker('k2 half ') + docker('rest\n') + docker('k3 ünïcode\n', 'stderr'),
);
put(root, 'monitoring_agent_u4/agent/0.log.20240501-100000.gz', 'not gzip at all');
put(root, 'monitoring_agent_u4/agent/0.log', `${cri('m1')}this is not a log line\n${cri('m2')}neither\n`);
put(root, 'old_ancient_u5/x/0.log', `${new Date(Date.now() - 72 * 3600_000).toISOString()} stdout F ancient\n`);
put(root, 'not-a-pod-dir/x/0.log', cri('never'));
put(root, 'README', 'a file among the pod dirs');
const big = `${cri('big-1')}${Array.from({ length: 20_000 }, (_, i) => cri(`big-${i + 2}`)).join('')}`;
put(root, 'load_big_u6/c/0.log', big);

const APP = ['a1', 'a2', 'a3', 'a4 part one, part two', 'a5', 'b1', 'b2', 'b3', 'b4', 'b5'];
const prefixed = (prefix: string, messages: string[]) => messages.map((m) => `${prefix} ${m}`);

describe('--log-dir', () => {
  test('restarts ascending, rotated (.gz, .N) files oldest first, then the live file; fragments joined', () => {
    const r = ktail('--log-dir', root, 'web');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.deepEqual(r.lines, [...prefixed('shop web-7f9c app', APP), ...prefixed('shop web-7f9c sidecar', ['s1', 's2'])]);
  });

  test('pod regex and --exclude-pod; -n keeps one namespace (and drops the namespace column)', () => {
    assert.deepEqual(ktail('--log-dir', root, 'web|db', '--exclude-pod', 'web').lines, prefixed('shop db-0 postgres', ['d1', 'd2']));
    const r = ktail('--log-dir', root, '-n', 'shop', '-c', 'sidecar|postgres');
    assert.deepEqual(r.lines, [...prefixed('db-0 postgres', ['d1', 'd2']), ...prefixed('web-7f9c sidecar', ['s1', 's2'])]);
  });

  test('-c and -E pick containers', () => {
    const r = ktail('--log-dir', root, '-n', 'shop', '-c', '^(app|sidecar|postgres)$', '-E', '^s', '-E', 'gres$');
    assert.deepEqual(r.lines, prefixed('web-7f9c app', APP));
  });

  test('--tail N: the last N lines of each container across its files', () => {
    assert.deepEqual(ktail('--log-dir', root, '-n', 'shop', '--tail', '3', 'web').lines, [
      ...prefixed('web-7f9c app', ['b3', 'b4', 'b5']),
      ...prefixed('web-7f9c sidecar', ['s1', 's2']),
    ]);
    assert.deepEqual(ktail('--log-dir', root, '--tail', '0', 'web').lines, []);
    assert.deepEqual(ktail('--log-dir', root, '-n', 'shop', '-c', 'app', '--tail', '100', 'web').lines, prefixed('web-7f9c app', APP));
  });

  test('--since-time keeps lines from that time on; every line by default (no 48h), an explicit --since applies', () => {
    const r = ktail('--log-dir', root, '-n', 'shop', '-c', 'app', '--since-time', stamps.b2 ?? '', 'web');
    assert.deepEqual(r.lines, prefixed('web-7f9c app', ['b2', 'b3', 'b4', 'b5']));
    const all = ktail('--log-dir', root, 'ancient');
    assert.deepEqual([all.lines, all.stderr], [['old ancient x ancient'], '']);
    assert.deepEqual(ktail('--log-dir', root, 'ancient', '--since', '48h').lines, []);
    assert.deepEqual(ktail('--log-dir', root, 'ancient', '--since', '100h').lines, ['old ancient x ancient']);
  });

  test('-o json: records with the node directory as cluster; Docker json-file lines and fragments', () => {
    const r = ktail('--log-dir', root, '-o', 'json', 'coredns');
    const records = r.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(records[0], {
      message: 'k1',
      nodeName: '',
      namespace: 'kube-system',
      podName: 'coredns-abc',
      containerName: 'coredns',
      labels: null,
      annotations: null,
      timestamp: stamps.k1,
      cluster: 'node-a',
    });
    assert.deepEqual(
      records.map((x) => x.message),
      ['k1', 'k2 half rest', 'k3 ünïcode'],
    );
    assert.deepEqual(ktail('--log-dir', root, '-o', 'raw', '-c', 'side', 'web').lines, ['s1', 's2']);
  });

  test('-i / -e filter lines after the tail, as in live mode', () => {
    assert.deepEqual(
      ktail('--log-dir', root, '-n', 'shop', '-c', 'app', '-i', '^b', '-e', 'b[24]', 'web').lines,
      prefixed('web-7f9c app', ['b1', 'b3', 'b5']),
    );
    assert.deepEqual(ktail('--log-dir', root, '-n', 'shop', '-c', 'app', '--tail', '2', '-i', 'a', 'web').lines, []);
  });

  test('-p: the instance before the latest', () => {
    assert.deepEqual(ktail('--log-dir', root, '-n', 'shop', '-c', 'app', '-p', 'web').lines, prefixed('web-7f9c app', APP.slice(0, 5)));
  });

  test('a broken file and bad lines: one warning each, the rest printed, exit 0', () => {
    const r = ktail('--log-dir', root, 'agent');
    assert.equal(r.code, 0);
    assert.deepEqual(r.lines, prefixed('monitoring agent agent', ['m1', 'm2']));
    const warnings = r.stderr.trimEnd().split('\n');
    assert.equal(warnings.length, 2, r.stderr);
    assert.match(warnings[0] ?? '', /^ktail: cannot read \S+0\.log\.20240501-100000\.gz: incorrect header check$/);
    assert.match(warnings[1] ?? '', /^ktail: \S+\/agent\/0\.log: line 2 is not a CRI or Docker json-file log line/);
  });

  test('flags only a cluster can answer: one line, exit 2, nothing on stdout', () => {
    const cases: [string[], string][] = [
      [['-l', 'app=web'], '-l/--selector cannot be used with --log-dir: the log files carry no labels'],
      [['--field-selector', 'status.phase=Running'], '--field-selector cannot be used with --log-dir: the log files carry no pod fields'],
      [['--node', 'n1'], '--node cannot be used with --log-dir: a log directory is one node'],
      [['deploy/web'], 'a TYPE/NAME query cannot be used with --log-dir: only a cluster knows which pods it selects'],
      [['-m'], '-m/--multiple cannot be used with --log-dir: it picks clusters'],
      [['--context', 'x'], '--context cannot be used with --log-dir: it picks clusters'],
      [['--limit-bytes', '10'], '--limit-bytes cannot be used with --log-dir: not supported offline yet'],
      [['--max-log-requests', '3'], '--max-log-requests cannot be used with --log-dir: no log requests are made'],
      [
        ['--init-containers=false'],
        '--init-containers=false cannot be used with --log-dir: the log files do not say which containers are init containers (use -E NAME)',
      ],
      [
        ['--ephemeral-containers', 'false'],
        '--ephemeral-containers=false cannot be used with --log-dir: the log files do not say which containers are ephemeral (use -E NAME)',
      ],
      [
        ['--container-state', 'running'],
        '--container-state cannot be used with --log-dir: the log files do not record container states (every container is read)',
      ],
      [['--merge', 'time'], '--merge time cannot be used with --log-dir: not supported offline yet'],
      [['--stdin'], '--stdin cannot be used with --log-dir: lines are read either from standard input or from a log directory'],
      [['--condition', 'ready', '--no-follow'], '--condition cannot be used with --log-dir: the log files carry no pod conditions'],
      [['--prompt'], '--prompt cannot be used with --log-dir: it picks pods by their labels, which the log files do not carry'],
      [['--qps', '5'], '--qps cannot be used with --log-dir: no requests are made'],
      [['--burst', '3'], '--burst cannot be used with --log-dir: no requests are made'],
      [['--request-timeout', '5s'], '--request-timeout cannot be used with --log-dir: no requests are made'],
      [['--verbosity', '6'], '--verbosity cannot be used with --log-dir: no requests are made (it shows requests)'],
      ...[
        ['--as', 'bob'],
        ['--as-group', 'devs'],
        ['--as-uid', '42'],
        ['--certificate-authority', KTAIL],
        ['--client-certificate', KTAIL],
        ['--client-key', KTAIL],
        ['--cluster', 'c1'],
        ['--user', 'u1'],
        ['--server', 'https://10.0.0.1:6443'],
        ['--token', 'secret-token'],
        ['--insecure-skip-tls-verify'],
        ['--tls-server-name', 'api.example'],
      ].map((flags): [string[], string] => [flags, `${flags[0]} cannot be used with --log-dir: it says how a cluster is reached`]),
    ];
    for (const [flags, message] of cases) {
      const r = ktail('--log-dir', root, ...flags);
      assert.deepEqual([r.code, r.stdout, r.stderr], [2, '', `ktail: ${message}\n`], flags.join(' '));
    }
  });

  test('the same flags from the config file are defaults for live mode: --log-dir reads on', () => {
    const config = put(root, '../ktail-config.yaml', 'qps: 5\nrequest-timeout: 5s\nverbosity: 6\ncontext: [prod]\nkubeconfig: /nowhere\n');
    const r = ktail('--config', config, '--log-dir', root, 'db-0', '-o', 'raw');
    assert.deepEqual([r.code, r.lines, r.stderr], [0, ['d1', 'd2'], '']);
    // given on the command line as well, they are refused
    assert.deepEqual(
      ktail('--config', config, '--log-dir', root, '--qps', '5').stderr,
      'ktail: --qps cannot be used with --log-dir: no requests are made\n',
    );
  });

  test('flags that work offline: pod/NAME, --init-containers, --container-state (all), -H, --template, -t', () => {
    assert.deepEqual(
      ktail(
        '--log-dir',
        root,
        'pod/db-0',
        '--init-containers',
        '--ephemeral-containers=true',
        '--container-state',
        'running,waiting,terminated',
      ).lines,
      prefixed('shop db-0 postgres', ['d1', 'd2']),
    );
    const highlighted = ktail('--log-dir', root, 'db-0', '-H', 'd1', '--color', 'always', '-n', 'shop').lines;
    assert.ok(highlighted[0]?.endsWith('\x1b[31;1md1\x1b[0;22m'), JSON.stringify(highlighted));
    assert.ok(highlighted[1]?.endsWith(' d2'), JSON.stringify(highlighted));
    assert.deepEqual(
      ktail('--log-dir', root, 'db-0', '--template', '{{.Namespace}}/{{.PodName}}/{{.ContainerName}}: {{.Message}}{{"\\n"}}').lines,
      ['shop/db-0/postgres: d1', 'shop/db-0/postgres: d2'],
    );
    assert.deepEqual(ktail('--log-dir', root, 'db-0', '-o', 'raw', '-t', '--timezone', 'UTC').lines, [
      `${stamps.d1} d1`,
      `${stamps.d2} d2`,
    ]);
  });

  test('--multiline groups a stack trace across rotated, .gz and live files, per container; -T reads the template from a file', () => {
    const node = nodeDir('node-m');
    const trace = 'ns_api_u1/app';
    put(node, `${trace}/0.log.20240501-100000.gz`, gzipSync(cri('boot') + cri('Exception in thread main')));
    put(node, `${trace}/0.log.20240501-110000`, cri('\tat a.B(B.java:1)') + cri('\tat c.D(D.java:2)'));
    put(node, `${trace}/0.log`, cri('Caused by: x') + cri('\t... 3 more') + cri('after'));
    put(node, 'ns_other_u2/app/0.log', cri('  indented, but another container'));
    const records = ktail('--log-dir', node, '--multiline', 'auto', '-o', 'json').lines.map(
      (l) => JSON.parse(l) as { podName: string; message: string; timestamp: string },
    );
    assert.deepEqual(
      records.map((r) => [r.podName, r.message]),
      [
        ['api', 'boot'],
        ['api', 'Exception in thread main\n\tat a.B(B.java:1)\n\tat c.D(D.java:2)\nCaused by: x\n\t... 3 more'],
        ['api', 'after'],
        ['other', '  indented, but another container'],
      ],
    );
    assert.equal(records[1]?.timestamp, stamps['Exception in thread main']);
    // a regex says where records start: every line that does not match carries on the one before
    assert.deepEqual(
      ktail('--log-dir', node, 'api', '--multiline', '^(boot|Exception|after)', '-o', 'raw').stdout,
      'boot\nException in thread main\n\tat a.B(B.java:1)\n\tat c.D(D.java:2)\nCaused by: x\n\t... 3 more\nafter\n',
    );
    const template = put(node, '../template.txt', '{{.PodName}}|{{.Message}}\n');
    assert.deepEqual(ktail('--log-dir', node, 'api', '-T', template, '--tail', '2').lines, ['api|\t... 3 more', 'api|after']);
  });

  test('--dry-run lists the containers it would read and prints no log line; --stats sums up on stderr', () => {
    const dry = ktail('--log-dir', root, '--dry-run', '-n', 'shop');
    assert.deepEqual([dry.code, dry.stderr], [0, '']);
    assert.deepEqual(dry.lines, ['node-a: 3 container(s)', '  shop/db-0 › postgres', '  shop/web-7f9c › app', '  shop/web-7f9c › sidecar']);
    const stats = ktail('--log-dir', root, '--stats', '-n', 'shop', 'web|db');
    assert.equal(stats.lines.length, 14);
    assert.equal(
      stats.stderr,
      'ktail stats: cluster  streams  lines  reconnects  errors\nktail stats: node-a   3        14     0           0\n',
    );
  });

  test('/var/log, /var/log/containers or one pod directory: says where the pod logs are (exit 2)', () => {
    const varLog = nodeDir('log');
    put(varLog, 'pods/shop_web_u1/app/0.log', cri('w1'));
    put(varLog, 'syslog', 'not ours');
    mkdirSync(`${varLog}/containers`);
    symlinkSync(`${varLog}/pods/shop_web_u1/app/0.log`, `${varLog}/containers/web_shop_app-${'a'.repeat(64)}.log`);
    const cases: [string, string][] = [
      [varLog, `--log-dir ${varLog} holds no pod directories; the pod logs are in ${varLog}/pods`],
      [
        `${varLog}/containers`,
        `--log-dir ${varLog}/containers holds the runtime's per-container links; the pod logs are in ${realpathSync(varLog)}/pods`,
      ],
      [`${varLog}/pods/shop_web_u1`, `--log-dir ${varLog}/pods/shop_web_u1 is one pod's directory; the pod logs are in ${varLog}/pods`],
    ];
    for (const [dir, message] of cases) {
      const r = ktail('--log-dir', dir);
      assert.deepEqual([r.code, r.stdout, r.stderr], [2, '', `ktail: ${message}\n`]);
    }
    assert.deepEqual(ktail('--log-dir', `${varLog}/pods`, '-o', 'raw').lines, ['w1']);
  });

  test('an empty directory prints no line and says nothing matched (exit 0; --require-match: 4); a missing one too', async () => {
    const empty = nodeDir('empty');
    mkdirSync(empty);
    const r = ktail('--log-dir', empty);
    assert.deepEqual([r.code, r.stdout, r.stderr], [0, '', `ktail: ${empty}: nothing matched\n`]);
    const required = ktail('--log-dir', empty, '--require-match');
    assert.deepEqual([required.code, required.stdout], [4, '']);
    const stdout = new PassThrough();
    let text = '';
    stdout.on('data', (d: Buffer) => (text += d));
    const io = { stdout, stderr: stdout, env: {}, interrupted: new Promise<void>(() => undefined) };
    assert.equal(await runOffline(parseOptions(undefined, { logDir: root }), { dir: `${root}/missing`, follow: false }, io), 0);
    assert.equal(text, `ktail: ${root}/missing: nothing matched\n`);
  });

  test('20 000 lines: --tail 3 is the end; | head -n 2 exits 0 at once', () => {
    assert.deepEqual(ktail('--log-dir', root, 'big', '--tail', '3').lines, prefixed('load big c', ['big-19999', 'big-20000', 'big-20001']));
    const sh = spawnSync(
      'bash',
      ['-c', `"${process.execPath}" "${KTAIL}" --log-dir "${root}" big | head -n 2; echo "status=\${PIPESTATUS[0]}"`],
      { env: ENV, encoding: 'utf8', timeout: 20_000 },
    );
    assert.deepEqual(sh.stdout.trimEnd().split('\n'), [...prefixed('load big c', ['big-1', 'big-2']), 'status=0']);
  });
});
