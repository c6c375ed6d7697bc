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
