// The validated options every room reads. Built from flags in options/parse.ts.

export type ContainerState = 'running' | 'waiting' | 'terminated';
export type ColorMode = 'auto' | 'always' | 'never';

export interface ClusterSource {
  /** -m: every kubeconfig under kubeDir */
  multiple: boolean;
  kubeDir: string;
  /** --kubeconfig */
  kubeconfig?: string;
  /** --context globs; empty = the current context (single mode) or all (-m) */
  contexts: string[];
}

export interface PodQuery {
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
}

export interface LogQuery {
  follow: boolean;
  /** -1 = all */
  tailLines: number;
  sinceSeconds?: number;
  sinceTime?: string;
  timestamps: boolean;
  previous: boolean;
  limitBytes?: number;
}

export interface OutputOptions {
  color: ColorMode;
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
