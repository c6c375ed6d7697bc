// The flag table: every flag's commander declaration, in --help's order, and the argv
// spellings commander cannot take as they are. What a flag means is decided in parse.ts.
import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { oneLine } from '../output/sanitize.js';
import { EXIT_CODES_HELP } from '../trigger/exitCodes.js';

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];
// src/options/flags.ts, dist/options/flags.js and the bundle dist/bundle/cli.cjs (whose
// import.meta.url is its own) all sit two levels below package.json
function readVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { name?: string; version?: string };
    return (pkg.name === 'ktail' && pkg.version) || 'unknown';
  } catch {
    return 'unknown';
  }
}

const EXAMPLES = `
Examples:
  ktail -m frontend --selector release=canary    every cluster under ~/.kube, pods named *frontend*
  ktail --context 'prod-*' -n shop -c app          several contexts of one kubeconfig, one container
  ktail -A -l app=api --color never | grep ERROR   plain lines for a pipeline
  ktail -m --no-follow --tail 100 job-migrate      CI: print what is there, exit (non-zero if a cluster failed)
  ktail -m deploy/web -o json | jq -r .message     the pods of a deployment in every cluster, as JSON
  ktail -m -l app=api --until 'listening on' --fail-on panic --timeout 5m
                                                   CI: wait for a rollout's ready line (exit codes below)
  source <(ktail completion bash)                  completion (bash, zsh, fish)`;

/** The flags in --help's order; one declaration each, so this stays one list. */
export function program(): Command {
  const cmd = new Command('ktail')
    .description('Follow the logs of many pods across many Kubernetes clusters at once.')
    .version(readVersion(), '--version')
    .argument('[query]', 'pod name regex (empty: every pod)')
    .option('-m, --multiple', 'read every kubeconfig under --kube-dir (default ~/.kube), every context')
    .option('--kube-dir <dir>', 'directory searched by -m (default: ~/.kube)')
    .option('--kubeconfig <file>', 'kubeconfig file (default: KUBECONFIG, then ~/.kube/config)')
    .option('--context <glob>', 'context name or glob, repeatable', collect)
    .option('-n, --namespace <ns>', "namespace, repeatable (default: the context's)", collect)
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
    .option(
      '--container-state <states>',
      'running, waiting, terminated or all (default all: every container that has run), repeatable',
      collect,
    )
    .option('--max-log-requests <n>', 'log streams open at once per cluster; more wait their turn', '50')
    .option('--follow', 'keep following (the default)')
    .option('--no-follow', 'print the logs there are and exit')
    .option('--tail <n>', 'lines of recent log to start with, -1 for all', '-1')
    .option('-s, --since <duration>', 'only logs newer than this (e.g. 5m, 48h; default 48h)')
    .option('--since-time <rfc3339>', 'only logs after this time')
    .option('-t, --timestamps', "print each line's timestamp; --timestamps=short for MM-DD hh:mm:ss")
    .addOption(new Option('--timestamp-format <format>').hideHelp())
    .option('--timezone <zone>', 'zone for timestamps: Local, UTC or an IANA name', 'Local')
    .option('-p, --previous', 'logs of the previous instance of each container (implies --no-follow)')
    .option('--limit-bytes <n>', 'stop each stream after this many bytes')
    .option('--insecure-skip-tls-verify-backend', "let the apiserver skip verifying the kubelet's certificate")
    .option(
      '-o, --output <format>',
      'default, raw, json, extjson, ppextjson or pretty (JSON/logfmt lines as LEVEL message key=value)',
      'default',
    )
    .option('--template <template>', "Go-style template, e.g. '{{.PodName}} {{.Message}}'")
    .option('-T, --template-file <file>', 'template read from a file')
    .option('-i, --include <regex>', 'only lines matching, repeatable (any)', collect)
    .option('-e, --exclude <regex>', 'drop lines matching, repeatable', collect)
    .option('-H, --highlight <regex>', 'highlight matches, repeatable', collect)
    .option(
      '--where <condition>',
      'only JSON/logfmt lines whose field holds: level=error, status>=500, msg~timeout, http.code!=200 (= != ~ !~ > >= < <=), repeatable (all)',
      collect,
    )
    .option('-B, --before-context <n>', 'with -i/--where: also print N lines before each match (per container; -- between groups)')
    .option('--after-context <n>', 'with -i/--where: also print N lines after each match (grep -A; -A is --all-namespaces)')
    .option('-C, --context-lines <n>', 'with -i/--where: N lines before and after each match')
    .option('--only-log-lines', 'print log lines only (no +/- markers)')
    .option('--raw-escapes', 'pass terminal escape sequences in log text through as they are')
    .option('--color <when>', 'auto, always or never', 'auto')
    .option('--pod-colors <sgr,...>', 'SGR codes for pod names (default 91,92,93,94,95,96)')
    .option('--container-colors <sgr,...>', 'SGR codes for container names (default 31,32,33,34,35,36)')
    .option('-d, --diff-container', "colour containers by their own name, not their pod's")
    .option('--multiline <mode>', 'none (default), auto, or a regex where records start: stack traces stay with their line')
    .option('--merge <order>', 'arrival (default) or time: order lines from all streams by their timestamps')
    .option('--merge-window <duration>', 'with --merge time: how long a line may be held back (default 1s)')
    // the run's end (exit codes: trigger/exitCodes.ts) and which stream is read
    .option('--until <regex>', 'exit 0 once a line received (before -i/-e) matches, after printing it')
    .option('--until-each', 'with --until: once every container followed has printed a match')
    .option('--fail-on <regex>', 'exit 3 on the first line received that matches, after printing it')
    .option('--timeout <duration>', 'exit 124 after this long (e.g. 30s, 5m)')
    .option('--require-match', 'exit 4 if no container matched the query in any cluster (at the end, or on exit when following)')
    .option('--stream <stream>', 'stdout or stderr only (needs the PodLogsQuerySplitStreams feature gate; a cluster without it is refused)')
    .option('--dry-run', 'print, per cluster, the pods and containers that would be tailed, then exit')
    .option('--stats', 'print a per-cluster summary on stderr at exit (streams, lines, reconnects, errors)')
    .option('--log-dir <dir>', "read a node's kubelet log directory (/var/log/pods) instead of clusters; --follow to keep reading")
    .option('--config <file>', 'config file (default: ~/.config/ktail/config.yaml, or KTAIL_CONFIG)')
    .option('-q, --quiet', 'no +/- markers on stderr')
    .option('-v, --verbose', 'markers and details on stderr even when it is not a terminal')
    // stern's remaining flags
    .option('--stdin', 'read log lines from standard input (no cluster): the same filters, formats and templates')
    .option(
      '--condition <name[=value]>',
      'only pods whose condition has this value (default true), e.g. ready=false; with --no-follow or --tail=0',
    )
    .option('--qps <n>', 'requests per second per cluster (lists, watches, log streams); -1 or unset: not throttled')
    .option('--burst <n>', 'requests per cluster allowed at once before --qps applies (default 10)')
    .option(
      '--request-timeout <duration>',
      'how long a request to a cluster may wait for an answer: seconds or a duration (5s, 1m); 0: no limit (default 10s)',
    )
    .option('--verbosity <n>', 'requests on stderr: 6 method, URL, status; 7 + request headers; 8 + response headers (credentials masked)')
    .option('--prompt', 'on a terminal, pick an app.kubernetes.io/instance label value before following')
    .option(
      '--save <dir>',
      "also write every line received (before -i/-e) into DIR in the kubelet's layout, one subdirectory per cluster; read it back with --log-dir DIR",
    )
    .option(
      '--events',
      'the matched pods\' Kubernetes Events among their lines (marked ⚑; -o json: "kind":"event"); --events=warnings for warnings only',
    )
    .addOption(new Option('--events-level <which>').hideHelp())
    .option('--show-hidden-options', "list the hidden options (kubectl's connection overrides) and exit");
  return withConnectionFlags(cmd)
    .addHelpText('after', EXAMPLES + EXIT_CODES_HELP)
    .configureOutput({ outputError: (text, write) => write(`ktail: ${oneLine(text.replace(/^error: /, ''))} (see ktail --help)\n`) })
    .exitOverride();
}

/** kubectl's connection overrides, hidden as stern hides them; applied to every selected cluster. */
function withConnectionFlags(cmd: Command): Command {
  return cmd
    .addOption(new Option('--as <user>', 'impersonate this user').hideHelp())
    .addOption(new Option('--as-group <group>', 'impersonate this group (once)').argParser(collect).hideHelp())
    .addOption(new Option('--as-uid <uid>', 'impersonate this UID').hideHelp())
    .addOption(new Option('--certificate-authority <file>', 'CA file to verify the server with (one cluster)').hideHelp())
    .addOption(new Option('--client-certificate <file>', 'client certificate file (one cluster)').hideHelp())
    .addOption(new Option('--client-key <file>', 'client key file (one cluster)').hideHelp())
    .addOption(new Option('--cluster <name>', 'the kubeconfig cluster entry to use (one cluster)').hideHelp())
    .addOption(new Option('--user <name>', 'the kubeconfig user entry to use (one cluster)').hideHelp())
    .addOption(new Option('--server <url>', 'the apiserver URL (one cluster)').hideHelp())
    .addOption(new Option('--token <token>', 'bearer token (one cluster)').hideHelp())
    .addOption(new Option('--insecure-skip-tls-verify', "do not verify the server's certificate (insecure)").hideHelp())
    .addOption(new Option('--tls-server-name <name>', 'server name to verify the certificate against (one cluster)').hideHelp());
}

/** --show-hidden-options: the hidden flags in help's layout ("one cluster": refused when several are selected). */
export function hiddenOptions(cmd: Command): string {
  const hidden = cmd.options.filter((o) => o.hidden && o.description);
  const width = Math.max(...hidden.map((o) => o.flags.length));
  return `The following options can also be used in ktail:\n${hidden.map((o) => `  ${o.flags.padEnd(width)}  ${o.description}\n`).join('')}`;
}

/** stern's `--timestamps=short`, and `--events=warnings`: the value needs the `=`, so `-t frontend` stays a query. */
export function normalizeArgv(argv: string[]): string[] {
  return argv.flatMap((a) => {
    const m = /^(?:--timestamps|-t)=(.*)$/.exec(a);
    const events = /^--events=(.*)$/.exec(a);
    return m ? ['--timestamps', '--timestamp-format', m[1] ?? ''] : events ? ['--events', '--events-level', events[1] ?? ''] : [a];
  });
}
