// One cluster's part of a run: its pod watcher, the targets it yields, and one tail per
// target feeding the shared printer. run.ts starts one of these per cluster.
import { setTimeout as sleep } from 'node:timers/promises';
import type { V1Pod } from '@kubernetes/client-node';
import { backoff } from './shared/backoff.js';
import { describeError, isClusterWide } from './shared/errors.js';
import { apiClient, type ApiClient } from './api/request.js';
import { apiGate } from './kubeconfig/apiGate.js';
import type { Cluster } from './kubeconfig/clusters.js';
import type { Options } from './options/types.js';
import type { Reporter } from './output/reporter.js';
import { logsOver, type LogClient } from './tail/logRequest.js';
import { streamQueue, type StreamQueue } from './tail/streamQueue.js';
import { startTail, type Tail } from './tail/tailer.js';
import { streamRefusal } from './tail/streamSupport.js';
import type { LineTrigger } from './trigger/lineTrigger.js';
import { streamKey, type LogLine, type Target } from './shared/target.js';
import { watchPods, type ClusterState, type PodEvents } from './watch/podWatcher.js';
import { scopesFor } from './watch/resources.js';
import { targetTracker, type TargetEvents } from './select/targets.js';
import { podMatches } from './select/pods.js';
import { clusterEvents } from './events/clusterEvents.js';
import type { PodEvent } from './shared/event.js';
import type { PodScope } from './watch/resources.js';

const LOGS_TROUBLE = 'cannot read logs';

/** What one cluster's followers share with the rest of the run. */
export interface Shared {
  opts: Options;
  report: Reporter;
  /** every live tail, by stream key */
  tails: Map<string, Tail>;
  /** streams whose last attempt failed */
  streamFailures: Set<string>;
  emit(line: LogLine): boolean;
  /** --save: every line as received (after resuming skipped repeats, before line filters) */
  save?(line: LogLine): void;
  /** --events: an event of a matched pod */
  printEvent(e: PodEvent): void;
  /** a stream ended: the printer lets go of what it keeps for it */
  forget?(t: Target): void;
  whenDrained(resume: () => void): void;
  /** --until-each counts the containers followed */
  triggers: Pick<LineTrigger, 'added' | 'gone'>;
  /** clusters that cannot honour --stream: not followed */
  refused: Set<string>;
}

export interface ClusterStats {
  streams: number;
  lines: number;
  reconnects: number;
  errors: number;
}

/**
 * Watcher → targets → tails for one cluster, until `signal` (the run's) aborts: that stops
 * its watches and every tail, finishing ones included. `listed` resolves once its pods were listed.
 */
export function followCluster(cluster: Cluster, shared: Shared, stats: ClusterStats, signal: AbortSignal) {
  const { opts, report } = shared;
  // one API client per cluster: its lists and log streams share its HTTP/2 connections and its
  // gate (the --qps/--burst throttle, --verbosity, --request-timeout), its watches the gate
  const api = apiClient(cluster, apiGate(cluster.name, opts.requests, report.trace));
  const client = logsOver(api);
  const queue = streamQueue(opts.maxLogRequests, () =>
    report.warn(
      `cluster ${cluster.name}: more than ${opts.maxLogRequests} log streams wanted; the rest wait for a free slot (raise --max-log-requests)`,
    ),
  );
  const tracker = targetTracker(
    cluster,
    opts.pods,
    opts.containers,
    targetTails(cluster, shared, stats, {
      client,
      queue,
      signal,
      running: (t) => tracker.running(t),
    }),
  );
  let listed!: () => void;
  let firstList = true;
  const done = new Promise<void>((resolve) => (listed = resolve));
  // --events: the pods' events, watched once the pods are listed (--no-follow: listed before the end)
  const podEvents =
    opts.events &&
    clusterEvents(cluster, {
      level: opts.events,
      follow: opts.logs.follow,
      print: shared.printEvent,
      // not said again when the cluster's own state says that reason already
      trouble: (reason) => report.clusterTrouble(cluster.name, reason, 'cannot watch events'),
    });
  let scopes: PodScope[] = [];
  const events: PodEvents = {
    upsert: (p: V1Pod) => {
      tracker.upsert(p);
      podEvents?.pod(p, podMatches(p, opts.pods));
    },
    remove: (p: V1Pod) => {
      tracker.remove(p);
      podEvents?.podGone(p);
    },
    state: (s: ClusterState) => {
      if (!s.ok) stats.errors++;
      report.clusterState(cluster.name, s);
    },
    synced: () => {
      // as kubectl's "No resources found": a wrong namespace or a typo in the query is said, once
      // (a list that failed says so itself)
      if (firstList && !report.failedClusters().includes(cluster.name)) {
        firstList = false;
        if (!stats.streams)
          report.warn(`cluster ${cluster.name}: nothing matched ${where(cluster, opts)}${opts.logs.follow ? '; still watching' : ''}`);
      }
      if (!podEvents) return listed();
      podEvents.start(scopes, signal, api);
      void podEvents.listed.then(listed);
    },
  };
  void watchWithRetry(cluster, shared, { api, client, signal, events, listed, found: (s) => (scopes = s) });
  signal.addEventListener('abort', () => client.close(), { once: true });
  return { listed: done, queue };
}

/** One tail per target the tracker adds; each removal finishes or stops its tail. Counts and reports them. */
function targetTails(
  cluster: Cluster,
  shared: Shared,
  stats: ClusterStats,
  deps: { client: LogClient; queue: StreamQueue; signal: AbortSignal; running: (t: Target) => boolean },
): TargetEvents {
  const { opts, report, tails, streamFailures, whenDrained } = shared;
  const emit = (line: LogLine) => {
    stats.lines++;
    shared.save?.(line);
    return shared.emit(line);
  };
  return {
    added(t) {
      const key = streamKey(t);
      report.started(t);
      stats.streams++;
      shared.triggers.added(t);
      let opened = false;
      const tail = startTail(t, {
        logs: opts.logs,
        client: deps.client,
        queue: deps.queue,
        emit,
        whenDrained,
        signal: deps.signal,
        running: deps.running,
        failed: (x, error) => {
          stats.errors++;
          streamFailures.add(key);
          const reason = describeError(error);
          // credentials or RBAC hit every stream of a cluster alike, and its watch too: say it once
          if (isClusterWide(error)) report.clusterTrouble(cluster.name, reason, LOGS_TROUBLE);
          else report.warnOnce(`stream ${key}`, `${x.cluster.name}/${x.namespace}/${x.pod} › ${x.container}: ${reason}`);
        },
        recovered: () => {
          if (opened) stats.reconnects++;
          opened = true;
          streamFailures.delete(key);
          report.clear(`stream ${key}`);
          report.clearTrouble(cluster.name, LOGS_TROUBLE);
        },
      });
      tails.set(key, tail);
      void tail.done.then(() => {
        if (tails.get(key) === tail && opts.logs.follow) tails.delete(key);
        shared.forget?.(t);
      });
    },
    removed(t, why) {
      const key = streamKey(t);
      const tail = tails.get(key);
      // a restarted or ended container still has lines we may not have read yet
      if (why === 'gone') tail?.stop();
      else tail?.finish(why === 'restarted');
      tails.delete(key);
      report.stopped(t);
      if (why === 'gone') shared.triggers.gone(t);
    },
  };
}

/**
 * Where to watch (TYPE/NAME queries need the cluster to answer first), whether the cluster
 * can honour --stream, then the pod watch; a failure before the watch is retried with backoff
 * (following) or ends the cluster's part (--no-follow).
 */
async function watchWithRetry(
  cluster: Cluster,
  shared: Shared,
  w: {
    api: ApiClient;
    client: LogClient;
    signal: AbortSignal;
    events: PodEvents;
    listed: () => void;
    found: (scopes: PodScope[]) => void;
  },
): Promise<void> {
  const { opts, report } = shared;
  const { signal, api, events } = w;
  const retry = backoff(1000, 30_000);
  while (!signal.aborted) {
    try {
      const found = await scopesFor(cluster, api, opts.pods, signal);
      w.found(found.scopes);
      for (const s of found.skipped) report.warn(`cluster ${cluster.name}: ${s}`);
      const refusal =
        opts.logs.stream &&
        (await streamRefusal(w.client, cluster.name, opts.pods.namespaces[0] ?? cluster.namespaces[0] ?? 'default', signal));
      if (refusal) {
        shared.refused.add(cluster.name);
        report.warn(`cluster ${cluster.name}: cannot show only ${opts.logs.stream} (--stream): ${refusal}; not followed`);
        return w.listed();
      }
      if (!signal.aborted) watchPods(cluster, api, found.scopes, opts.logs.follow, events, signal);
      return;
    } catch (err) {
      if (signal.aborted) return;
      events.state({ ok: false, reason: describeError(err) });
      if (!opts.logs.follow) return w.listed();
      await sleep(retry.next(), undefined, { signal }).catch(() => undefined);
    }
  }
}

function where(cluster: Cluster, opts: Options): string {
  const namespaces = opts.pods.allNamespaces
    ? []
    : opts.pods.namespaces.length
      ? opts.pods.namespaces
      : cluster.namespaces.length
        ? cluster.namespaces
        : ['default'];
  if (!namespaces.length) return 'in any namespace';
  return `in namespace${namespaces.length > 1 ? 's' : ''} ${namespaces.join(', ')}`;
}
