// --log-dir reads files, not clusters: flags only a cluster can answer are refused (exit 2)
// rather than silently ignored.
import { UsageError } from '../shared/errors.js';
import type { RawFlags } from './parse.js';

const notFalse = (v: string | boolean | undefined) =>
  v === undefined || v === true || !['false', '0', 'no', 'f'].includes(String(v).toLowerCase());

/** kubectl's connection overrides (--show-hidden-options): how a cluster is reached, by flag */
const CONNECTION: [keyof RawFlags, string][] = [
  ['as', '--as'],
  ['asGroup', '--as-group'],
  ['asUid', '--as-uid'],
  ['certificateAuthority', '--certificate-authority'],
  ['clientCertificate', '--client-certificate'],
  ['clientKey', '--client-key'],
  ['cluster', '--cluster'],
  ['user', '--user'],
  ['server', '--server'],
  ['token', '--token'],
  ['insecureSkipTlsVerify', '--insecure-skip-tls-verify'],
  ['tlsServerName', '--tls-server-name'],
];
const isSet = (v: unknown) => v !== undefined && v !== false;

export function refuseOffline(query: string | undefined, given: RawFlags): void {
  // the config file's values are defaults for live mode too: only what this command line asks is refused
  const configured = new Set(given.fromConfig);
  const f = Object.fromEntries(Object.entries(given).filter(([key]) => !configured.has(key))) as RawFlags;
  const states = (f.containerState ?? []).flatMap((s) => s.split(',')).map((s) => s.trim());
  const refused: [boolean, string, string][] = [
    [
      Boolean(query && /^[a-z]+\/./.test(query) && !query.startsWith('pod/')),
      'a TYPE/NAME query',
      'only a cluster knows which pods it selects',
    ],
    [f.selector !== undefined, '-l/--selector', 'the log files carry no labels'],
    [f.fieldSelector !== undefined, '--field-selector', 'the log files carry no pod fields'],
    [f.condition !== undefined, '--condition', 'the log files carry no pod conditions'],
    [f.node !== undefined, '--node', 'a log directory is one node'],
    [Boolean(f.prompt), '--prompt', 'it picks pods by their labels, which the log files do not carry'],
    [Boolean(f.stdin), '--stdin', 'lines are read either from standard input or from a log directory'],
    [Boolean(f.multiple), '-m/--multiple', 'it picks clusters'],
    [f.kubeDir !== undefined, '--kube-dir', 'it picks clusters'],
    [f.kubeconfig !== undefined, '--kubeconfig', 'it picks clusters'],
    [f.context !== undefined, '--context', 'it picks clusters'],
    ...CONNECTION.map(([key, flag]): [boolean, string, string] => [isSet(f[key]), flag, 'it says how a cluster is reached']),
    [Boolean(f.insecureSkipTlsVerifyBackend), '--insecure-skip-tls-verify-backend', 'no kubelet is asked'],
    [f.maxLogRequests !== undefined && f.maxLogRequests !== '50', '--max-log-requests', 'no log requests are made'],
    [f.qps !== undefined, '--qps', 'no requests are made'],
    [f.burst !== undefined, '--burst', 'no requests are made'],
    [f.requestTimeout !== undefined, '--request-timeout', 'no requests are made'],
    [f.verbosity !== undefined, '--verbosity', 'no requests are made (it shows requests)'],
    [f.limitBytes !== undefined, '--limit-bytes', 'not supported offline yet'],
    [!notFalse(f.initContainers), '--init-containers=false', 'the log files do not say which containers are init containers (use -E NAME)'],
    [
      !notFalse(f.ephemeralContainers),
      '--ephemeral-containers=false',
      'the log files do not say which containers are ephemeral (use -E NAME)',
    ],
    [
      f.containerState !== undefined && !['running', 'waiting', 'terminated'].every((s) => states.includes(s)),
      '--container-state',
      'the log files do not record container states (every container is read)',
    ],
    [f.merge === 'time', '--merge time', 'not supported offline yet'],
    [Boolean(f.events), '--events', "the events are the cluster's, not in the log files"],
  ];
  const hit = refused.find(([isGiven]) => isGiven);
  if (hit) throw new UsageError(`${hit[1]} cannot be used with --log-dir: ${hit[2]}`);
}
