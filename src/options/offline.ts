// --log-dir reads files, not clusters: flags only a cluster can answer are refused (exit 2)
// rather than silently ignored.
import { UsageError } from '../errors.js';
import type { RawFlags } from './parse.js';

const notFalse = (v: string | boolean | undefined) => v === undefined || v === true || !['false', '0', 'no', 'f'].includes(String(v).toLowerCase());

export function refuseOffline(query: string | undefined, f: RawFlags): void {
  const states = (f.containerState ?? []).flatMap((s) => s.split(',')).map((s) => s.trim());
  const refused: [boolean, string, string][] = [
    [Boolean(query && /^[a-z]+\/./.test(query) && !query.startsWith('pod/')), 'a TYPE/NAME query', 'only a cluster knows which pods it selects'],
    [f.selector !== undefined, '-l/--selector', 'the log files carry no labels'],
    [f.fieldSelector !== undefined, '--field-selector', 'the log files carry no pod fields'],
    [f.node !== undefined, '--node', 'a log directory is one node'],
    [Boolean(f.multiple), '-m/--multiple', 'it picks clusters'],
    [f.kubeDir !== undefined, '--kube-dir', 'it picks clusters'],
    [f.kubeconfig !== undefined, '--kubeconfig', 'it picks clusters'],
    [f.context !== undefined, '--context', 'it picks clusters'],
    [Boolean(f.insecureSkipTlsVerifyBackend), '--insecure-skip-tls-verify-backend', 'no kubelet is asked'],
    [f.maxLogRequests !== undefined && f.maxLogRequests !== '50', '--max-log-requests', 'no log requests are made'],
    [f.limitBytes !== undefined, '--limit-bytes', 'not supported offline yet'],
    [!notFalse(f.initContainers), '--init-containers=false', 'the log files do not say which containers are init containers (use -E NAME)'],
    [!notFalse(f.ephemeralContainers), '--ephemeral-containers=false', 'the log files do not say which containers are ephemeral (use -E NAME)'],
    [f.containerState !== undefined && !['running', 'waiting', 'terminated'].every((s) => states.includes(s)), '--container-state', 'the log files do not record container states (every container is read)'],
    [f.merge === 'time', '--merge time', 'not supported offline yet'],
  ];
  const hit = refused.find(([given]) => given);
  if (hit) throw new UsageError(`${hit[1]} cannot be used with --log-dir: ${hit[2]}`);
}
