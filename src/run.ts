// The only place that wires the rooms together:
// kubeconfig → clusters → pod watcher per cluster → targets → one tail per target → mux → stdout.
import type { Writable } from 'node:stream';
import { resolveClusters, type Cluster } from './kubeconfig/clusters.js';
import type { Options } from './options/types.js';
import { colorEnabled, colors, DEFAULT_PALETTES } from './output/colors.js';
import { formatter } from './output/formats.js';
import { lineMatcher } from './filter/lines.js';
import { timestampFormatter } from './time.js';
import { mux } from './output/mux.js';
import { reporter, type Reporter } from './output/reporter.js';
import { streamQueue } from './tail/streamQueue.js';
import { startTail, type Tail } from './tail/tailer.js';
import { streamKey, type LogLine } from './target.js';
import { setTimeout as sleep } from 'node:timers/promises';
import type { V1Pod } from '@kubernetes/client-node';
import { backoff } from './backoff.js';
import { describeError } from './errors.js';
import { watchPods, type ClusterState, type PodWatcher } from './watch/podWatcher.js';
import { scopesFor } from './watch/resources.js';
import { targetTracker } from './watch/targets.js';

export interface Io {
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  /** resolves when the user asks ktail to stop (SIGINT, SIGTERM) */
  interrupted: Promise<void>;
}

/** Runs until interrupted (follow) or until every stream ended (--no-follow); resolves to the exit code. */
export async function run(opts: Options, io: Io): Promise<number> {
  const { clusters, warnings } = resolveClusters(opts.clusters, io.env);
  const showCluster = clusters.length > 1;
  const errColors = colors(colorEnabled(opts.output.color, io.stderr.isTTY, io.env));
  const report = reporter(io.stderr, { markers: !opts.output.quiet && (Boolean(io.stderr.isTTY) || opts.output.verbose), verbose: opts.output.verbose, showCluster, retrying: opts.logs.follow }, errColors);
  for (const w of warnings) report.warn(w);
  report.debug(`clusters: ${clusters.map((c) => `${c.name} (${c.server})`).join(', ')}`);

  const out = mux(io.stdout);
  const o = opts.output;
  const palettes = { pod: o.podColors ?? DEFAULT_PALETTES.pod, container: o.containerColors ?? DEFAULT_PALETTES.container, diffContainer: o.diffContainer };
  const format = formatter({
    format: o.format,
    template: o.template,
    showCluster,
    showNamespace: opts.pods.allNamespaces || new Set(opts.pods.namespaces).size > 1,
    timestamps: o.timestamps !== false,
    showTime: timestampFormatter(o.timestamps || 'default', o.timezone),
    rawEscapes: o.rawEscapes,
    tty: Boolean(io.stdout.isTTY),
    highlight: o.highlight,
  }, colors(colorEnabled(o.color, io.stdout.isTTY, io.env), palettes));
  const keep = lineMatcher(o);
  const emit = keep ? (line: LogLine) => !keep(line.message) || out.write(format(line)) : (line: LogLine) => out.write(format(line));

  const closedPipe = new Promise<void>((resolve) => io.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') report.warn(`cannot write to stdout: ${err.message}`);
    resolve();
  }));

  const tails = new Map<string, Tail>();
  const streamFailures = new Set<string>();
  const watchers: PodWatcher[] = [];
  const synced: Promise<void>[] = [];
  for (const cluster of clusters) {
    const { watcher, listed } = followCluster(cluster, opts, report, tails, streamFailures, emit, out.whenDrained);
    watchers.push(watcher);
    synced.push(listed);
  }

  const finished = opts.logs.follow ? new Promise<void>(() => undefined) : Promise.all(synced).then(() => drain(tails));
  await Promise.race([finished, io.interrupted, closedPipe]);

  for (const w of watchers) w.stop();
  for (const t of tails.values()) t.stop();
  await Promise.race([out.flush(), closedPipe, new Promise((r) => setTimeout(r, 2000).unref())]);
  if (opts.logs.follow) return 0;
  return report.failedClusters().length || streamFailures.size ? 1 : 0;
}

function followCluster(cluster: Cluster, opts: Options, report: Reporter, tails: Map<string, Tail>, streamFailures: Set<string>,
  emit: (line: LogLine) => boolean, whenDrained: (resume: () => void) => void) {
  const queue = streamQueue(opts.maxLogRequests, () =>
    report.warn(`cluster ${cluster.name}: more than ${opts.maxLogRequests} log streams wanted; the rest wait for a free slot (raise --max-log-requests)`));
  const tracker = targetTracker(cluster, opts.pods, opts.containers, {
    added(t) {
      const key = streamKey(t);
      report.started(t);
      const tail = startTail(t, {
        logs: opts.logs, queue, emit, whenDrained,
        running: (x) => tracker.running(x),
        failed: (x, reason) => {
          streamFailures.add(key);
          // refused credentials or RBAC hit every stream of a cluster alike: say it once
          if (/^HTTP 40[13]/.test(reason)) report.warnOnce(`logs ${x.cluster.name}`, `cluster ${x.cluster.name}: cannot read logs: ${reason}; retrying`);
          else report.warnOnce(`stream ${key}`, `${x.cluster.name}/${x.namespace}/${x.pod} › ${x.container}: ${reason}`);
        },
        recovered: () => {
          streamFailures.delete(key);
          report.clear(`stream ${key}`);
          report.clear(`logs ${cluster.name}`);
        },
      });
      tails.set(key, tail);
      void tail.done.then(() => {
        if (tails.get(key) === tail && opts.logs.follow) tails.delete(key);
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
    },
  });
  let listed!: () => void;
  const done = new Promise<void>((resolve) => (listed = resolve));
  let watcher: PodWatcher | undefined;
  let stopped = false;
  const events = {
    upsert: (p: V1Pod) => tracker.upsert(p),
    remove: (p: V1Pod) => tracker.remove(p),
    state: (s: ClusterState) => report.clusterState(cluster.name, s),
    synced: () => listed(),
  };
  // TYPE/NAME queries need the cluster to answer before pods can be watched: retry that too.
  const start = async () => {
    const retry = backoff(1000, 30_000);
    while (!stopped) {
      try {
        const { scopes, skipped } = await scopesFor(cluster, opts.pods);
        for (const s of skipped) report.warn(`cluster ${cluster.name}: ${s}`);
        if (!stopped) watcher = watchPods(cluster, scopes, opts.logs.follow, events);
        return;
      } catch (err) {
        events.state({ ok: false, reason: describeError(err) });
        if (!opts.logs.follow) return listed();
        await sleep(retry.next());
      }
    }
  };
  void start();
  return { watcher: { stop: () => { stopped = true; watcher?.stop(); } }, listed: done };
}

async function drain(tails: Map<string, Tail>): Promise<void> {
  await Promise.all([...tails.values()].map((t) => t.done));
}
