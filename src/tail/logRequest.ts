// One pods/log request, over the cluster's API client (api/request.ts): its shared HTTP/2
// connections, the --qps throttle, --verbosity and --request-timeout.
import type { Readable } from 'node:stream';
import { apiUrl, CORE, resourcePath, type Query } from '../api/paths.js';
import { apiClient, type ApiClient } from '../api/request.js';
import type { ApiGate } from '../kubeconfig/apiGate.js';
import type { Cluster } from '../kubeconfig/clusters.js';
import type { Target } from '../shared/target.js';

export interface LogParams {
  follow: boolean;
  timestamps: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  sinceTime?: string;
  previous?: boolean;
  limitBytes?: number;
  insecureSkipTLSVerifyBackend?: boolean;
  /** PodLogOptions.stream, lower case (stdout, stderr): sent as the API spells it (Stdout, Stderr) */
  stream?: string;
}

export function logPath(t: Pick<Target, 'namespace' | 'pod'>): string {
  return `${resourcePath(CORE, 'pods', t.namespace, t.pod)}/log`;
}

export function logQuery(t: Pick<Target, 'container'>, p: LogParams): Query {
  return {
    container: t.container,
    follow: p.follow || undefined,
    timestamps: p.timestamps || undefined,
    tailLines: p.tailLines !== undefined && p.tailLines >= 0 ? p.tailLines : undefined,
    sinceTime: p.sinceTime || undefined,
    sinceSeconds: p.sinceTime ? undefined : p.sinceSeconds || undefined,
    previous: p.previous || undefined,
    limitBytes: p.limitBytes || undefined,
    insecureSkipTLSVerifyBackend: p.insecureSkipTLSVerifyBackend || undefined,
    stream: p.stream ? p.stream.charAt(0).toUpperCase() + p.stream.slice(1) : undefined,
  };
}

export function logUrl(server: string, t: Pick<Target, 'namespace' | 'pod' | 'container'>, p: LogParams): URL {
  return apiUrl(server, logPath(t), logQuery(t, p));
}

export interface LogClient {
  /** opens the stream; resolves with the body once the server said 200 */
  open(t: Target, p: LogParams, signal: AbortSignal): Promise<Readable>;
  close(): void;
}

/** The log streams of a cluster, over its API client (shared with its lists). */
export function logsOver(api: ApiClient): LogClient {
  return {
    open: (t, p, signal) => api.open(logPath(t), logQuery(t, p), signal, p.follow),
    close: () => api.close(),
  };
}

/** A cluster's log streams on an API client of their own. */
export function logClient(cluster: Cluster, gate?: ApiGate): LogClient {
  return logsOver(apiClient(cluster, gate));
}
