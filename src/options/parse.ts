// Flags (as commander hands them over) → validated Options. All flag validation lives here.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import type { ContainerState, Options } from './types.js';
import { bool, durationSeconds, integer, oneOf, regex, rfc3339 } from './values.js';

export interface RawFlags {
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
  tail?: string;
  since?: string;
  sinceTime?: string;
  timestamps?: boolean;
  previous?: boolean;
  limitBytes?: string;
  color?: string;
  quiet?: boolean;
  verbose?: boolean;
}

const STATES: readonly ContainerState[] = ['running', 'waiting', 'terminated'];
const DEFAULT_SINCE = '48h';

export function parseOptions(query: string | undefined, f: RawFlags, env: NodeJS.ProcessEnv = process.env): Options {
  if (f.since !== undefined && f.sinceTime !== undefined) throw new UsageError('--since and --since-time cannot be used together');
  const fieldSelector = [f.fieldSelector, f.node && `spec.nodeName=${f.node}`].filter(Boolean).join(',') || undefined;
  const states = (f.containerState ?? ['running']).flatMap((s) => s.split(',')).map((s) => oneOf('--container-state', s.trim(), STATES));
  return {
    clusters: {
      multiple: Boolean(f.multiple),
      kubeDir: f.kubeDir ?? join(env.HOME ?? homedir(), '.kube'),
      kubeconfig: f.kubeconfig,
      contexts: f.context ?? [],
    },
    pods: {
      namespaces: f.namespace ?? [],
      allNamespaces: Boolean(f.allNamespaces),
      labelSelector: f.selector,
      fieldSelector,
      podName: regex('pod query', query ?? ''),
      excludePod: (f.excludePod ?? []).map((r) => regex('--exclude-pod', r)),
    },
    containers: {
      include: regex('--container', f.container ?? '.*'),
      exclude: (f.excludeContainer ?? []).map((r) => regex('--exclude-container', r)),
      initContainers: bool('--init-containers', f.initContainers),
      ephemeralContainers: bool('--ephemeral-containers', f.ephemeralContainers),
      states: new Set(states),
    },
    logs: {
      follow: f.follow ?? true,
      tailLines: f.tail === undefined ? -1 : integer('--tail', f.tail, -1),
      sinceSeconds: f.sinceTime === undefined ? Math.ceil(durationSeconds('--since', f.since ?? DEFAULT_SINCE)) : undefined,
      sinceTime: f.sinceTime === undefined ? undefined : rfc3339('--since-time', f.sinceTime),
      timestamps: Boolean(f.timestamps),
      previous: Boolean(f.previous),
      limitBytes: f.limitBytes === undefined ? undefined : integer('--limit-bytes', f.limitBytes, 1),
    },
    output: {
      color: oneOf('--color', f.color ?? 'auto', ['auto', 'always', 'never'] as const),
      quiet: Boolean(f.quiet),
      verbose: Boolean(f.verbose),
    },
    maxLogRequests: f.maxLogRequests === undefined ? 50 : integer('--max-log-requests', f.maxLogRequests, 1),
  };
}
