// `ktail`: flags → Options (options/parse.ts) → run (run.ts). Nothing else happens here.
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { exitCodeOf } from './errors.js';
import { parseOptions, type RawFlags } from './options/parse.js';

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];
const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

const EXAMPLES = `
Examples:
  ktail -m frontend --selector release=canary    every cluster under ~/.kube, pods named *frontend*
  ktail --context 'prod-*' -n shop -c app          several contexts of one kubeconfig, one container
  ktail -A -l app=api --color never | grep ERROR   plain lines for a pipeline
  ktail -m --no-follow --tail 100 job-migrate      CI: print what is there, exit (non-zero if a cluster failed)`;

export function program(): Command {
  return new Command('ktail')
    .description('Follow the logs of many pods across many Kubernetes clusters at once.')
    .version(version, '--version')
    .argument('[query]', 'pod name regex (empty: every pod)')
    .option('-m, --multiple', 'read every kubeconfig under --kube-dir (default ~/.kube), every context')
    .option('--kube-dir <dir>', 'directory searched by -m (default: ~/.kube)')
    .option('--kubeconfig <file>', 'kubeconfig file (default: KUBECONFIG, then ~/.kube/config)')
    .option('--context <glob>', 'context name or glob, repeatable', collect)
    .option('-n, --namespace <ns>', 'namespace, repeatable (default: the context\'s)', collect)
    .option('-A, --all-namespaces', 'every namespace')
    .option('-l, --selector <selector>', 'label selector')
    .option('--field-selector <selector>', 'field selector')
    .option('--node <name>', 'only pods on this node')
    .option('--exclude-pod <regex>', 'skip pods whose name matches, repeatable', collect)
    .option('-c, --container <regex>', 'only containers whose name matches', '.*')
    .option('-E, --exclude-container <regex>', 'skip containers whose name matches, repeatable', collect)
    .option('--init-containers [bool]', 'include init containers (default true)')
    .option('--no-init-containers', 'exclude init containers')
    .option('--ephemeral-containers [bool]', 'include ephemeral containers (default true)')
    .option('--no-ephemeral-containers', 'exclude ephemeral containers')
    .option('--container-state <states>', 'running,waiting,terminated (default running), repeatable', collect)
    .option('--max-log-requests <n>', 'log streams open at once per cluster; more wait their turn', '50')
    .option('--no-follow', 'print the logs there are and exit')
    .option('--tail <n>', 'lines of recent log to start with, -1 for all', '-1')
    .option('-s, --since <duration>', 'only logs newer than this (e.g. 5m, 48h; default 48h)')
    .option('--since-time <rfc3339>', 'only logs after this time')
    .option('-t, --timestamps', 'print the timestamp of each line')
    .option('-p, --previous', 'logs of the previous instance of each container')
    .option('--limit-bytes <n>', 'stop each stream after this many bytes')
    .option('--color <when>', 'auto, always or never', 'auto')
    .option('-q, --quiet', 'no +/- markers on stderr')
    .option('-v, --verbose', 'markers and details on stderr even when it is not a terminal')
    .addHelpText('after', EXAMPLES)
    .configureOutput({ outputError: (text, write) => write(`ktail: ${text.replace(/^error: /, '').trimEnd()} (see ktail --help)\n`) })
    .exitOverride();
}

async function main(argv: string[]): Promise<number> {
  const cmd = program();
  try {
    cmd.parse(argv);
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    throw err;
  }
  const opts = parseOptions(cmd.args[0], cmd.opts<RawFlags>());
  // client-node takes most of a second to load: only after the flags proved valid.
  const { run } = await import('./run.js');
  const interrupted = new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  return run(opts, { stdout: process.stdout, stderr: process.stderr, env: process.env, interrupted });
}

main(process.argv).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`ktail: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(exitCodeOf(err));
  },
);
