// The only place that wires the rooms together:
// kubeconfig → clusters → pod watcher per cluster → targets → one tail per target → mux → stdout.
import { setMaxListeners } from 'node:events';
import type { Writable } from 'node:stream';
import { resolveClusters } from './kubeconfig/clusters.js';
import type { Options } from './options/types.js';
import { dryRun } from './dryRun.js';
import { paletteColors, printer } from './output/printer.js';
import { reporter } from './output/reporter.js';
import { timeMerge } from './output/timeMerge.js';
import { statusLine } from './output/status.js';
import { statsTable } from './output/statsTable.js';
import { continuationRule, multilineGrouper } from './output/multiline.js';
import type { Tail } from './tail/tailer.js';
import { followCluster, type ClusterStats, type Shared } from './followCluster.js';
import { EXIT, exitAtEnd } from './trigger/exitCodes.js';
import { endConditions } from './trigger/endConditions.js';
import { openSave } from './save/open.js';

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
  const errColors = paletteColors(opts.output, io.stderr.isTTY, io.env);
  // facts are read once a second, after everything below exists
  const status =
    io.stderr.isTTY && !opts.output.quiet && opts.logs.follow && !opts.dryRun
      ? statusLine(io.stderr, () => ({
          clusters: clusters.length,
          failedClusters: report.failedClusters().length,
          streams: tails.size,
          queued: followed.reduce((n, f) => n + f.queue.waiting, 0),
          lines: print.lines,
        }))
      : undefined;
  const report = reporter(
    io.stderr,
    {
      markers: !opts.output.quiet && (Boolean(io.stderr.isTTY) || opts.output.verbose),
      verbose: opts.output.verbose,
      showCluster,
      retrying: opts.logs.follow,
    },
    errColors,
    status?.around,
  );
  for (const w of warnings) report.warn(w);
  report.debug(`clusters: ${clusters.map((c) => `${c.name} (${c.server})`).join(', ')}`);
  if (opts.dryRun) return dryRun(clusters, opts, io.stdout, io.interrupted, report.trace);

  const print = printer(
    opts.output,
    {
      showCluster,
      showNamespace:
        opts.pods.allNamespaces ||
        new Set(opts.pods.namespaces).size > 1 ||
        (!opts.pods.namespaces.length && clusters.some((c) => c.namespaces.length > 1)),
    },
    io.stdout,
    io.env,
    report.warn,
    io.stdout.isTTY ? status?.around : undefined,
  );

  const save =
    opts.save &&
    (await openSave(
      opts.save.dir,
      clusters.map((c) => c.name),
      { previous: opts.logs.previous, warn: report.warn },
    ));
  const tails = new Map<string, Tail>();
  const streamFailures = new Set<string>();
  // tails → [multiline groups] → [time order] → printer
  const merged = opts.output.mergeWindowMs === undefined ? undefined : timeMerge(opts.output.mergeWindowMs, print.emit);
  const toPrint = merged ? merged.push : print.emit;
  const grouped = opts.output.multiline ? multilineGrouper(continuationRule(opts.output.multiline), toPrint) : undefined;
  // --until, --fail-on, --timeout: each may end the run; they see lines before everything above
  const ends = endConditions(opts.triggers);
  const refused = new Set<string>();
  const shared: Shared = {
    opts,
    report,
    tails,
    streamFailures,
    emit: ends.trigger.gate(grouped ? grouped.push : toPrint),
    save: save ? save.write : undefined,
    printEvent: (e) => void print.event(e),
    forget: print.forget,
    whenDrained: print.whenDrained,
    triggers: ends.trigger,
    refused,
  };
  const stats = new Map(clusters.map((c) => [c.name, { streams: 0, lines: 0, reconnects: 0, errors: 0 }]));
  // the run's one cancellation root: aborting it stops every watch and every tail
  const root = new AbortController();
  // every watch and tail listens to it: thousands of listeners are expected, not a leak
  setMaxListeners(0, root.signal);
  const followed = clusters.map((c) => followCluster(c, shared, stats.get(c.name) as ClusterStats, root.signal));
  const synced = followed.map((f) => f.listed);

  const listedAll = Promise.all(synced);
  void listedAll.then(() => ends.trigger.ready());
  const finished = opts.logs.follow ? new Promise<void>(() => undefined) : listedAll.then(() => drain(tails));
  // following nothing at all: no cluster can honour --stream
  const allRefused = listedAll.then(() =>
    clusters.length && refused.size === clusters.length ? undefined : new Promise<void>(() => undefined),
  );
  await Promise.race([finished, io.interrupted, print.closed, ends.reached, allRefused]);

  ends.stop();
  root.abort();
  status?.stop();
  grouped?.flush();
  merged?.flush();
  await print.flush();
  await save?.close();
  if (opts.stats)
    io.stderr.write(
      statsTable([...stats].map(([name, s]) => ({ name, ...s }))) +
        (merged ? `ktail stats: ${merged.late} line(s) arrived too late to be put in time order\n` : ''),
    );
  const anyMatched = [...stats.values()].some((s) => s.streams > 0);
  const ended = ends.outcome(anyMatched);
  if (ended) {
    report.warn(ended.message);
    return ended.code;
  }
  if (clusters.length && refused.size === clusters.length) return EXIT.failed;
  const failed = !opts.logs.follow && Boolean(report.failedClusters().length || streamFailures.size || refused.size);
  const code = exitAtEnd({
    failed,
    anyMatched,
    requireMatch: opts.triggers.requireMatch,
    untilUnmet: !opts.logs.follow && ends.trigger.untilUnmet,
  });
  if (code === EXIT.untilUnmet) report.warn('--until did not match before the logs ended');
  return code;
}

async function drain(tails: Map<string, Tail>): Promise<void> {
  await Promise.all([...tails.values()].map((t) => t.done));
}
