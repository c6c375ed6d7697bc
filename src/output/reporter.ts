// Everything that is not a log line goes to stderr, one whole line at a time: target
// markers, warnings, cluster state changes (once per change, not once per retry).
// Messages carry untrusted text (names from kubeconfigs and pods, error bodies, an exec
// plugin's stderr): each message and name goes through oneLine as it is written.
import type { Writable } from 'node:stream';
import type { ClusterState } from '../watch/podWatcher.js';
import type { Target } from '../shared/target.js';
import type { Colors } from './colors.js';
import { oneLine } from './sanitize.js';

export interface Reporter {
  started(t: Target): void;
  stopped(t: Target): void;
  warn(message: string): void;
  /** a warning shown once per key until the key is cleared */
  warnOnce(key: string, message: string): void;
  clear(key: string): void;
  clusterState(cluster: string, state: ClusterState): void;
  /**
   * A failure that hits the whole cluster, seen by one of its streams (credentials, RBAC):
   * said once per reason, and not again when the cluster's state already said that reason.
   */
  clusterTrouble(cluster: string, reason: string, what: string): void;
  /**
   * that part of the cluster works again (a log stream opened): its troubles said with this
   * `what` may be said again, unless the cluster's state still fails; others (the events
   * watch's) stay said
   */
  clearTrouble(cluster: string, what: string): void;
  debug(message: string): void;
  /** --verbosity: one request or answer */
  trace(message: string): void;
  /** clusters whose latest state is a failure */
  failedClusters(): string[];
}

export interface ReporterOptions {
  markers: boolean;
  verbose: boolean;
  showCluster: boolean;
  /** whether failed clusters are retried (follow mode) */
  retrying: boolean;
}

const troubleKey = (cluster: string, reason: string) => `cluster\0${cluster}\0${reason}`;

/** `around`: how to write to stderr (the status line wraps it on a terminal). */
export function reporter(err: Writable, o: ReporterOptions, c: Colors, around: (write: () => void) => void = (w) => w()): Reporter {
  const line = (text: string) => around(() => void err.write(`${text}\n`));
  const shown = new Set<string>();
  const clusterStates = new Map<string, ClusterState>();
  const where = (t: Target) =>
    `${o.showCluster ? `${c.of(t.cluster.name)(oneLine(t.cluster.name))} ` : ''}${c.pod(t.pod)(oneLine(t.pod))} › ${c.container(t.pod, t.container)(oneLine(t.container))}`;
  const warn = (message: string) => line(`${c.chalk.yellow('ktail:')} ${oneLine(message)}`);
  // what each trouble was said about, by key: a recovery of the log streams forgets their own only
  const troubleWhat = new Map<string, string>();
  const forgetTroubles = (cluster: string, what?: string) => {
    for (const key of shown) {
      if (!key.startsWith(troubleKey(cluster, '')) || (what !== undefined && troubleWhat.get(key) !== what)) continue;
      shown.delete(key);
      troubleWhat.delete(key);
    }
  };
  return {
    started: (t) => o.markers && line(`${c.chalk.green('+')} ${where(t)}`),
    stopped: (t) => o.markers && line(`${c.chalk.red('-')} ${where(t)}`),
    warn,
    warnOnce(key, message) {
      if (shown.has(key)) return;
      shown.add(key);
      warn(message);
    },
    clear: (key) => void shown.delete(key),
    clusterState(cluster, state) {
      const before = clusterStates.get(cluster);
      clusterStates.set(cluster, state);
      if (state.ok) {
        // only a recovery lets the troubles be said again: a watch that is merely accepted
        // again (ok after ok) would repeat a stream's 403 after each of its retries
        if (before && !before.ok) {
          warn(`cluster ${cluster}: connected again`);
          forgetTroubles(cluster);
        }
      } else if (!before || before.ok || before.reason !== state.reason) {
        const key = troubleKey(cluster, state.reason);
        if (!shown.has(key)) warn(`cluster ${cluster}: ${state.reason}${o.retrying ? '; retrying' : ''}`);
        shown.add(key);
      }
    },
    clearTrouble(cluster, what) {
      if (clusterStates.get(cluster)?.ok !== false) forgetTroubles(cluster, what);
    },
    clusterTrouble(cluster, reason, what) {
      const key = troubleKey(cluster, reason);
      if (shown.has(key)) return;
      shown.add(key);
      troubleWhat.set(key, what);
      warn(`cluster ${cluster}: ${what}: ${reason}${o.retrying ? '; retrying' : ''}`);
    },
    debug: (message) => o.verbose && line(`${c.chalk.dim('ktail:')} ${oneLine(message)}`),
    trace: (message) => line(`${c.chalk.dim('ktail:')} ${oneLine(message)}`),
    failedClusters: () => [...clusterStates].filter(([, s]) => !s.ok).map(([name]) => name),
  };
}
