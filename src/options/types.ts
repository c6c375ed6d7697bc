// The validated options every room reads. Built from flags in options/parse.ts.

export type ContainerState = 'running' | 'waiting' | 'terminated';
export type ColorMode = 'auto' | 'always' | 'never';
export const OUTPUT_FORMATS = ['default', 'raw', 'json', 'extjson', 'ppextjson'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
export type TimestampFormat = 'default' | 'short';

export interface ClusterSource {
  /** -m: every kubeconfig under kubeDir */
  multiple: boolean;
  kubeDir: string;
  /** --kubeconfig */
  kubeconfig?: string;
  /** --context globs; empty = the current context (single mode) or all (-m) */
  contexts: string[];
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
  podName: RegExp;
  excludePod: RegExp[];
}

export interface ContainerQuery {
  include: RegExp;
  exclude: RegExp[];
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
  /** the user wants timestamps shown (-t) */
  timestamps: boolean;
}

export interface OutputOptions {
  format: OutputFormat;
  /** --template / --template-file */
  template?: string;
  color: ColorMode;
  /** SGR lists; undefined = stern's defaults */
  podColors?: string[];
  containerColors?: string[];
  diffContainer: boolean;
  /** false, or how to show each line's timestamp */
  timestamps: false | TimestampFormat;
  /** IANA zone the timestamps are shown in */
  timezone: string;
  rawEscapes: boolean;
  include: RegExp[];
  exclude: RegExp[];
  highlight: RegExp[];
  /** no +/- markers (--quiet, --only-log-lines) */
  quiet: boolean;
  verbose: boolean;
}

export interface Options {
  clusters: ClusterSource;
  pods: PodQuery;
  containers: ContainerQuery;
  logs: LogQuery;
  output: OutputOptions;
  /** concurrent log streams per cluster */
  maxLogRequests: number;
}
