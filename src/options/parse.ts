// Flags (as commander hands them over) → validated Options: this assembles them, each part checked
// here or in its own module beside it (output.ts, lineContext.ts, triggers.ts, sternFlags.ts, …).
import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../shared/errors.js';
import { refuseOffline } from './offline.js';
import { outputOptions, type OutputFlags } from './output.js';
import type { ConnectionOverrides, ContainerState, LogQuery, Options, PodQuery, ResourceKind, ResourceRef } from './types.js';
import { refuseWithStdin } from './stdin.js';
import { checkSternFlags, podCondition, requestOptions } from './sternFlags.js';
import { streamChoice, triggerOptions, type TriggerFlags } from './triggers.js';
import { bool, durationSeconds, fieldSelector, integer, labelSelector, oneOf, regex, regexes, rfc3339 } from './values.js';

/** kubectl's connection flags (--show-hidden-options) as commander gives them: --as-group collects a list. */
type ConnectionFlags = Omit<ConnectionOverrides, 'asGroup'> & { asGroup?: string[] };

/** OutputFlags brings grep's context flags (ContextFlags) with it. */
export interface RawFlags extends ConnectionFlags, OutputFlags, TriggerFlags {
  multiple?: boolean;
  kubeDir?: string;
  kubeconfig?: string;
  context?: string[];
  namespace?: string[];
  allNamespaces?: boolean;
  selector?: string;
  fieldSelector?: string;
  node?: string;
  excludePod?: string[];
  container?: string;
  excludeContainer?: string[];
  initContainers?: string | boolean;
  ephemeralContainers?: string | boolean;
  containerState?: string[];
  maxLogRequests?: string;
  follow?: boolean;
  /** --follow given explicitly (conflicts with --previous) */
  explicitFollow?: boolean;
  /** flags whose value is the config file's (a default for every mode, not a request of this run) */
  fromConfig?: string[];
  tail?: string;
  since?: string;
  sinceTime?: string;
  previous?: boolean;
  limitBytes?: string;
  insecureSkipTlsVerifyBackend?: boolean;
  logDir?: string;
  dryRun?: boolean;
  stats?: boolean;
  // stern's remaining flags
  stdin?: boolean;
  condition?: string;
  qps?: string;
  burst?: string;
  verbosity?: string;
  requestTimeout?: string;
  prompt?: boolean;
  // issue 13
  save?: string;
  events?: boolean;
  /** --events=all|warnings (cli.ts splits the `=`) */
  eventsLevel?: string;
}

const STATES: readonly ContainerState[] = ['running', 'waiting', 'terminated'];
/** stern's default, `all`: every container that has run, whatever its state now */
const ALL_STATES = 'all';
const DEFAULT_SINCE = '48h';

export function parseOptions(query: string | undefined, f: RawFlags, env: NodeJS.ProcessEnv = process.env): Options {
  refuseCombinations(query, f);
  // validated before stern's flag combinations, as they always were: the first bad flag named stays the same
  const fieldSel = fieldSelectors(f);
  const states = containerStates(f);
  refuseWithStdin(f);
  checkSternFlags(f);
  return {
    offline: f.logDir === undefined ? undefined : { dir: existingDir('--log-dir', f.logDir), follow: Boolean(f.explicitFollow) },
    clusters: {
      multiple: Boolean(f.multiple),
      kubeDir: f.kubeDir ?? join(env.HOME ?? homedir(), '.kube'),
      kubeconfig: f.kubeconfig,
      contexts: f.context ?? [],
      overrides: connectionOverrides(f),
    },
    pods: podQuery(query, f, fieldSel),
    containers: {
      include: regex('--container', f.container ?? '.*'),
      exclude: regexes('--exclude-container', f.excludeContainer),
      initContainers: bool('--init-containers', f.initContainers),
      ephemeralContainers: bool('--ephemeral-containers', f.ephemeralContainers),
      states: new Set(states),
      previousOnly: Boolean(f.previous),
    },
    logs: logQuery(f),
    output: outputOptions(f),
    maxLogRequests: f.maxLogRequests === undefined ? 50 : integer('--max-log-requests', f.maxLogRequests, 1),
    dryRun: Boolean(f.dryRun),
    stats: Boolean(f.stats),
    stdin: Boolean(f.stdin),
    prompt: Boolean(f.prompt),
    requests: requestOptions(f),
    triggers: triggerOptions(f),
    save: saveTarget(f),
    events: f.events ? oneOf('--events', f.eventsLevel ?? 'all', ['all', 'warnings'] as const) : undefined,
  };
}

/** --save DIR: what it cannot be combined with; the directory itself is checked when the run starts */
function saveTarget(f: RawFlags): Options['save'] {
  if (f.save === undefined) return undefined;
  if (!f.save) throw new UsageError('--save needs a directory');
  if (f.logDir !== undefined) throw new UsageError('--save cannot be used with --log-dir: it saves what clusters send');
  // the saved lines keep the kubelet's timestamps, which --limit-bytes would count against its limit
  if (f.limitBytes !== undefined)
    throw new UsageError('--save cannot be used with --limit-bytes: the saved lines need their timestamps, which --limit-bytes counts');
  // the pods/log API does not say which stream a line came from: a saved line is stamped stdout
  if (f.stream !== undefined)
    throw new UsageError('--save cannot be used with --stream: the saved lines could not say which stream they came from');
  return { dir: f.save };
}

/** Flags that cannot be used together, and the flags --log-dir cannot answer. */
function refuseCombinations(query: string | undefined, f: RawFlags): void {
  if (f.since !== undefined && f.sinceTime !== undefined) throw new UsageError('--since and --since-time cannot be used together');
  if (f.previous && f.explicitFollow) throw new UsageError('--previous cannot be combined with --follow: a previous container has ended');
  if (f.template !== undefined && f.templateFile !== undefined)
    throw new UsageError('--template and --template-file cannot be used together');
  if (f.allNamespaces && resourceRef(query))
    throw new UsageError(`a TYPE/NAME query (${query}) is looked up in namespaces: use -n, not -A`);
  if (f.logDir !== undefined) refuseOffline(query, f);
}

/** --field-selector and --node, joined */
function fieldSelectors(f: RawFlags): string | undefined {
  return (
    [f.fieldSelector && fieldSelector('--field-selector', f.fieldSelector), f.node && `spec.nodeName=${f.node}`]
      .filter(Boolean)
      .join(',') || undefined
  );
}

function containerStates(f: RawFlags): ContainerState[] {
  return (f.containerState ?? [ALL_STATES])
    .flatMap((s) => s.split(','))
    .flatMap((s) => (s.trim() === ALL_STATES ? STATES : [oneOf('--container-state', s.trim(), [...STATES, ALL_STATES]) as ContainerState]));
}

function podQuery(query: string | undefined, f: RawFlags, fieldSel: string | undefined): PodQuery {
  return {
    namespaces: f.namespace ?? [],
    allNamespaces: Boolean(f.allNamespaces),
    labelSelector: f.selector === undefined ? undefined : labelSelector('--selector', f.selector),
    fieldSelector: fieldSel,
    resource: resourceRef(query),
    podName: regex('pod query', resourceRef(query) ? '' : (query ?? '')),
    excludePod: regexes('--exclude-pod', f.excludePod),
    condition: f.condition === undefined ? undefined : podCondition(f.condition),
  };
}

function logQuery(f: RawFlags): LogQuery {
  return {
    // previous logs are of a container that ended: nothing to follow
    follow: (f.follow ?? true) && !f.previous,
    tailLines: f.tail === undefined ? -1 : integer('--tail', f.tail, -1),
    // offline: every line unless --since says otherwise (an old tree is what one reads offline)
    sinceSeconds:
      f.sinceTime === undefined && (f.since !== undefined || f.logDir === undefined)
        ? Math.ceil(durationSeconds('--since', f.since ?? DEFAULT_SINCE))
        : undefined,
    sinceTime: f.sinceTime === undefined ? undefined : rfc3339('--since-time', f.sinceTime),
    previous: Boolean(f.previous),
    limitBytes: f.limitBytes === undefined ? undefined : integer('--limit-bytes', f.limitBytes, 1),
    insecureSkipTLSVerifyBackend: Boolean(f.insecureSkipTlsVerifyBackend),
    // -o json and templates carry each line's timestamp (.Timestamp), so the kubelet must send it
    timestamps: Boolean(
      f.timestamps ||
      f.timestampFormat !== undefined ||
      f.merge === 'time' ||
      f.output === 'json' ||
      f.template !== undefined ||
      f.templateFile !== undefined ||
      f.save !== undefined,
    ),
    stream: streamChoice(f),
  };
}

const KINDS: Record<string, ResourceKind> = {
  pod: 'pod',
  pods: 'pod',
  po: 'pod',
  deployment: 'deployment',
  deployments: 'deployment',
  deploy: 'deployment',
  statefulset: 'statefulset',
  statefulsets: 'statefulset',
  sts: 'statefulset',
  daemonset: 'daemonset',
  daemonsets: 'daemonset',
  ds: 'daemonset',
  replicaset: 'replicaset',
  replicasets: 'replicaset',
  rs: 'replicaset',
  job: 'job',
  jobs: 'job',
  replicationcontroller: 'replicationcontroller',
  replicationcontrollers: 'replicationcontroller',
  rc: 'replicationcontroller',
  service: 'service',
  services: 'service',
  svc: 'service',
};

/** `TYPE/NAME` (kubectl's type names and short names); anything else is a pod-name regex. */
function resourceRef(query: string | undefined): ResourceRef | undefined {
  const m = /^([a-z]+)\/([a-z0-9]([-a-z0-9.]*[a-z0-9])?)$/.exec(query ?? '');
  const kind = m ? KINDS[m[1] ?? ''] : undefined;
  return kind && m?.[2] ? { kind, name: m[2] } : undefined;
}

function existingDir(flag: string, dir: string): string {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`${flag} ${dir} is not a directory`);
  return dir;
}

function connectionOverrides(f: RawFlags): ConnectionOverrides {
  // client-node joins repeated headers into one value, which the apiserver would read as one group
  if ((f.asGroup?.length ?? 0) > 1) throw new UsageError('--as-group can be given once (ktail sends a single Impersonate-Group header)');
  if (f.server !== undefined && !/^https?:\/\/[^/\s]+/.test(f.server))
    throw new UsageError(`invalid --server ${JSON.stringify(f.server)}: expected a URL such as https://10.0.0.1:6443`);
  for (const [flag, file] of [
    ['--certificate-authority', f.certificateAuthority],
    ['--client-certificate', f.clientCertificate],
    ['--client-key', f.clientKey],
  ] as const) {
    if (file !== undefined && !existsSync(file)) throw new UsageError(`${flag} ${JSON.stringify(file)}: no such file`);
  }
  return {
    as: f.as,
    asGroup: f.asGroup?.[0],
    asUid: f.asUid,
    certificateAuthority: f.certificateAuthority,
    clientCertificate: f.clientCertificate,
    clientKey: f.clientKey,
    cluster: f.cluster,
    user: f.user,
    server: f.server,
    token: f.token,
    insecureSkipTlsVerify: Boolean(f.insecureSkipTlsVerify),
    tlsServerName: f.tlsServerName,
  };
}
