// The validated options every room reads. Built from flags in options/parse.ts.
// The printer's own fields are its type (output/printer.ts), extended here.
import type { PrinterOptions } from '../output/printer.js';
import type { Pattern } from './pattern.js';
import type { EventLevel } from '../shared/event.js';

export type ContainerState = 'running' | 'waiting' | 'terminated';

export interface ClusterSource {
  /** -m: every kubeconfig under kubeDir */
  multiple: boolean;
  kubeDir: string;
  /** --kubeconfig */
  kubeconfig?: string;
  /** --context globs; empty = the current context (single mode) or all (-m) */
  contexts: string[];
  /** kubectl's connection flags, applied to every selected cluster */
  overrides?: ConnectionOverrides;
}

/** --server, --token, --as … (shown by --show-hidden-options) */
export interface ConnectionOverrides {
  as?: string;
  asGroup?: string;
  asUid?: string;
  certificateAuthority?: string;
  clientCertificate?: string;
  clientKey?: string;
  cluster?: string;
  user?: string;
  server?: string;
  token?: string;
  insecureSkipTlsVerify?: boolean;
  tlsServerName?: string;
}

export type ResourceKind = 'pod' | 'deployment' | 'statefulset' | 'daemonset' | 'replicaset' | 'job' | 'replicationcontroller' | 'service';
/** a `TYPE/NAME` query */
export interface ResourceRef {
  kind: ResourceKind;
  name: string;
}

export interface PodQuery {
  /** `deploy/web`: pods selected by that object, looked up per cluster */
  resource?: ResourceRef;
  /** namespaces to watch; empty with allNamespaces = every namespace, empty alone = the context's */
  namespaces: string[];
  allNamespaces: boolean;
  labelSelector?: string;
  /** --field-selector and --node, joined */
  fieldSelector?: string;
  podName: Pattern;
  excludePod: Pattern[];
  /** --condition: only pods whose condition `type` has this status */
  condition?: PodCondition;
}

export interface ContainerQuery {
  include: Pattern;
  exclude: Pattern[];
  initContainers: boolean;
  ephemeralContainers: boolean;
  states: ReadonlySet<ContainerState>;
  /** -p: only containers that have a previous instance */
  previousOnly: boolean;
}

export interface LogQuery {
  follow: boolean;
  /** -1 = all */
  tailLines: number;
  sinceSeconds?: number;
  sinceTime?: string;
  previous: boolean;
  limitBytes?: number;
  insecureSkipTLSVerifyBackend: boolean;
  /** ask for timestamps even where resuming does not need them (shown with -t, or merged by time) */
  timestamps: boolean;
  /** --stream: only this stream of each container (PodLogOptions.stream); undefined = both */
  stream?: 'stdout' | 'stderr';
}

/** The printer's fields (format, template, colours, timestamps, line filters), and what run.ts wires around it. */
export interface OutputOptions extends PrinterOptions {
  /** --multiline: auto rules, or a regex marking where a record starts; undefined = none */
  multiline?: 'auto' | Pattern;
  /** --merge time: hold lines up to this long to print them in timestamp order */
  mergeWindowMs?: number;
  /** no +/- markers (--quiet, --only-log-lines) */
  quiet: boolean;
  verbose: boolean;
}

/** --log-dir: a kubelet node's log tree read from disk instead of the API */
export interface OfflineSource {
  dir: string;
  /** --follow given: keep reading the live files, across rotation */
  follow: boolean;
}

/** --save DIR: every line received, written in the kubelet's layout under DIR */
export interface SaveTarget {
  dir: string;
}

export interface Options {
  /** set: offline mode (clusters are not used) */
  offline?: OfflineSource;
  clusters: ClusterSource;
  pods: PodQuery;
  containers: ContainerQuery;
  logs: LogQuery;
  output: OutputOptions;
  /** concurrent log streams per cluster */
  maxLogRequests: number;
  /** --dry-run: list what would be tailed, then exit */
  dryRun: boolean;
  /** --stats: a per-cluster summary on stderr at exit */
  stats: boolean;
  /** --stdin: lines from standard input instead of clusters */
  stdin: boolean;
  /** --prompt: pick an app.kubernetes.io/instance value on the terminal before following */
  prompt: boolean;
  /** --qps, --burst, --verbosity, --request-timeout */
  requests: RequestOptions;
  /** --until, --fail-on, --timeout, --require-match: when a run ends, and its exit code */
  triggers: TriggerOptions;
  save?: SaveTarget;
  /** --events: the matched pods' Events among their lines; undefined = none */
  events?: EventLevel;
}

// --- stern's remaining flags: --condition, --qps/--burst, --verbosity
export type ConditionStatus = 'True' | 'False' | 'Unknown';
export interface PodCondition {
  /** the condition type as the API spells it, e.g. Ready */
  type: string;
  status: ConditionStatus;
}

export interface RequestOptions {
  /** requests per second per cluster (lists, watches, log streams); undefined = not throttled */
  qps?: number;
  /** requests allowed at once before the rate applies */
  burst: number;
  /** client-go's -v levels: 6 requests, 7 + request headers, 8 + response headers */
  verbosity: number;
  /** --request-timeout: how long a request may wait for an answer, in ms; 0 = no limit */
  timeoutMs: number;
}

// --- the run's end conditions (options/triggers.ts, trigger/)
export interface TriggerOptions {
  /** exit 0 once a line received (before -i/-e) matches */
  until?: Pattern;
  /** with until: once every container followed has printed a match */
  untilEach: boolean;
  /** exit 3 on the first line received that matches */
  failOn?: Pattern;
  /** exit 124 when the run has lasted this long */
  timeoutMs?: number;
  /** exit 4 when no container matched the query in any cluster */
  requireMatch: boolean;
}
