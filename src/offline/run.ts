// --log-dir: a node's kubelet log tree read from disk and printed through the same printer
// (formats, colours, line filters) as live mode. Containers are printed one after another,
// sorted; with --follow a 200 ms poll keeps reading the live files and picks up new pods,
// containers and restarts (polling, unlike fs.watch, sees renames on every platform alike).
import { readdir, realpath } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { containerNameMatches } from '../select/containers.js';
import { podMatches } from '../select/pods.js';
import type { OfflineSource, Options } from '../options/types.js';
import { paletteColors, printer } from '../output/printer.js';
import { statsTable } from '../output/statsTable.js';
import { reporter } from '../output/reporter.js';
import type { Io } from '../run.js';
import type { ClusterIdentity, LogLine, Target } from '../shared/target.js';
import { timestampNanos } from '../shared/time.js';
import { UsageError } from '../shared/errors.js';
import { continuationRule, multilineGrouper } from '../output/multiline.js';
import { containerReader, type ContainerReader } from './container.js';
import { selector } from './select.js';
import { endConditions } from '../trigger/endConditions.js';
import { EXIT, exitAtEnd } from '../trigger/exitCodes.js';
import { podRoots, type PodRoot } from './saveTree.js';
import { listContainers, parsePodDir, type ContainerDir } from './tree.js';

const POLL_MS = 200;

export async function runOffline(opts: Options, source: OfflineSource, io: Io): Promise<number> {
  const o = opts.output;
  const { roots, saved } = await podRoots(source.dir);
  // a --save tree of several clusters names them, as the live run did
  const showCluster = roots.length > 1;
  const report = reporter(
    io.stderr,
    { markers: !o.quiet && (Boolean(io.stderr.isTTY) || o.verbose), verbose: o.verbose, showCluster, retrying: false },
    paletteColors(opts.output, io.stderr.isTTY, io.env),
  );
  const hint = saved ? undefined : await notAPodTree(source.dir);
  if (hint) throw new UsageError(hint);
  // no -n reads every namespace, so the namespace is shown unless exactly one was asked for
  const showNamespace = opts.pods.allNamespaces || new Set(opts.pods.namespaces).size !== 1;
  const print = printer(opts.output, { showCluster, showNamespace }, io.stdout, io.env, report.warn);
  /** lines per tree, for --stats */
  const lines = new Map(roots.map((r) => [r.cluster.name, { n: 0 }]));
  let warnings = 0;
  const warnOnce: typeof report.warnOnce = (key, message) => {
    warnings++;
    report.warnOnce(key, message);
  };
  const grouped = opts.output.multiline ? multilineGrouper(continuationRule(opts.output.multiline), print.emit) : undefined;
  // --until, --fail-on, --timeout end a read as they end a live run
  const ends = endConditions(opts.triggers);
  const emit = ends.trigger.gate(grouped ? grouped.push : print.emit);

  let stopped = false;
  const stop = Promise.race([io.interrupted, print.closed, ends.reached]).then(() => void (stopped = true));
  // a promise only when stdout is congested: a line that goes straight out costs no await
  const outFor =
    (count: { n: number }) =>
    (line: LogLine): Promise<void> | undefined => {
      count.n++;
      if (stopped || emit(line)) return undefined;
      return Promise.race([new Promise<void>((r) => print.whenDrained(r)), stop]);
    };
  const sinceNs = sinceOf(opts);
  // with --since the tail is counted among the lines it keeps: every line is read
  const ctx = {
    follow: source.follow,
    previous: opts.logs.previous,
    warn: warnOnce,
    stopped: () => stopped,
    tailFrom: sinceNs < 0n ? opts.logs.tailLines : -1,
    stream: opts.logs.stream,
  };
  const started = new Map<string, number>();

  const { keepPod, keepContainer } = treeSelection(opts);

  if (opts.dryRun) {
    for (const r of roots) io.stdout.write(describeOffline(r.cluster.name, await listContainers(r.dir, keepPod, keepContainer, warnOnce)));
    return 0;
  }
  const readers = await readTrees(
    roots,
    source.follow,
    stop,
    () => stopped,
    async ({ cluster, dir }, known) => {
      const out = outFor(lines.get(cluster.name) ?? { n: 0 });
      for (const c of await listContainers(dir, keepPod, keepContainer, warnOnce)) {
        if (stopped) break;
        if (known.has(c.path)) continue;
        const target = targetOf(cluster, c);
        const reader = containerReader(c.path, selector(target, sinceNs, opts.logs.tailLines, out), ctx);
        known.set(c.path, { target, reader });
        started.set(cluster.name, (started.get(cluster.name) ?? 0) + 1);
        report.started(target);
        ends.trigger.added(target);
        await reader.start();
      }
    },
    {
      ended: (target) => {
        report.stopped(target);
        ends.trigger.gone(target);
        print.forget(target);
      },
      firstPass: () => {
        ends.trigger.ready();
        if (!started.size && !stopped) report.warn(`${source.dir}: nothing matched${source.follow ? '; still watching' : ''}`);
      },
      // a trigger or Ctrl-C: the gate closes before the readers are told to stop
      settled: () => ends.stop(),
    },
  );
  for (const { reader } of readers.values()) await reader.close();
  grouped?.flush();
  await print.flush();
  if (opts.stats) {
    // offline has no reconnects; its warnings (unreadable or vanished files) are counted once, on the first row
    const rows = [...lines].map(([name, { n }], i) => ({
      name,
      streams: started.get(name) ?? 0,
      lines: n,
      reconnects: 0,
      errors: i ? 0 : warnings,
    }));
    io.stderr.write(statsTable(rows));
  }
  const ended = ends.outcome(started.size > 0);
  if (ended) {
    report.warn(ended.message);
    return ended.code;
  }
  const code = exitAtEnd({
    failed: false,
    anyMatched: started.size > 0,
    requireMatch: opts.triggers.requireMatch,
    untilUnmet: !source.follow && ends.trigger.untilUnmet,
  });
  if (code === EXIT.untilUnmet) report.warn('--until did not match before the logs ended');
  return code;
}

function targetOf(cluster: ClusterIdentity, c: ContainerDir): Target {
  return {
    cluster,
    namespace: c.namespace,
    pod: c.pod,
    podUid: c.uid,
    container: c.container,
    kind: 'container',
    containerId: '',
    nodeName: '',
    labels: {},
  };
}

/** --since-time, else --since counted back from now, as stern does; -1 = all (the offline default) */
function sinceOf(opts: Options): bigint {
  const { sinceTime, sinceSeconds } = opts.logs;
  if (sinceTime !== undefined) {
    const ns = timestampNanos(sinceTime);
    // more than 9 fraction digits: valid RFC3339 that timestampNanos does not take
    return ns >= 0n ? ns : BigInt(Date.parse(sinceTime)) * 1_000_000n;
  }
  return sinceSeconds === undefined ? -1n : BigInt(Date.now() - sinceSeconds * 1000) * 1_000_000n;
}

/** A directory that is not the pod log tree but near it: where the pod logs are. */
async function notAPodTree(dir: string): Promise<string | undefined> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  if (entries.some((e) => parsePodDir(e.name) && !e.name.endsWith('.log'))) return undefined;
  if (entries.some((e) => e.name === 'pods' && (e.isDirectory() || e.isSymbolicLink()))) {
    return `--log-dir ${dir} holds no pod directories; the pod logs are in ${join(dir, 'pods')}`;
  }
  // /var/log/containers: <pod>_<namespace>_<container>-<id>.log links into /var/log/pods
  const link = entries.find((e) => /^[^_]+_[^_]+_.+-[0-9a-f]{64}\.log$/.test(e.name));
  if (link) {
    const target = await realpath(join(dir, link.name)).catch(() => undefined);
    // <pods dir>/<ns>_<pod>_<uid>/<container>/<n>.log
    const pods = target ? dirname(dirname(dirname(target))) : '/var/log/pods';
    return `--log-dir ${dir} holds the runtime's per-container links; the pod logs are in ${pods}`;
  }
  if (parsePodDir(basename(resolve(dir)))) return `--log-dir ${dir} is one pod's directory; the pod logs are in ${dirname(resolve(dir))}`;
  return undefined;
}

function describeOffline(node: string, found: ContainerDir[]): string {
  return [`${node}: ${found.length} container(s)`, ...found.map((c) => `  ${c.namespace}/${c.pod} › ${c.container}`)]
    .map((l) => `${l}\n`)
    .join('');
}

/** Which pods and containers of a tree a run reads: the live selection, as far as file names can tell. */
function treeSelection(opts: Options) {
  const keepPod = (p: { namespace: string; pod: string }) =>
    (!opts.pods.namespaces.length || opts.pods.allNamespaces || opts.pods.namespaces.includes(p.namespace)) &&
    podMatches({ metadata: { name: p.pod } }, opts.pods) &&
    // pod/NAME is the only TYPE/NAME the files can answer (options refuse the others)
    (opts.pods.resource === undefined || p.pod === opts.pods.resource.name);
  const keepContainer = (name: string) => containerNameMatches(name, opts.containers);
  return { keepPod, keepContainer };
}

type Reading = Map<string, { target: Target; reader: ContainerReader }>;

/**
 * Reads every container found under the roots; following, looks again every POLL_MS for
 * what changed and for new containers, until `stop`. `discover` starts the readers of
 * containers not in the map yet. Resolves to the readers still open, to be closed.
 */
async function readTrees(
  roots: PodRoot[],
  follow: boolean,
  stop: Promise<void>,
  stopped: () => boolean,
  discover: (root: PodRoot, known: Reading) => Promise<void>,
  on: { ended: (t: Target) => void; firstPass: () => void; settled: () => void },
): Promise<Reading> {
  const readers: Reading = new Map();
  const discoverAll = async () => {
    for (const r of roots) if (!stopped()) await discover(r, readers);
  };
  const work = (async () => {
    await discoverAll();
    on.firstPass();
    while (follow && !stopped()) {
      await Promise.race([sleep(POLL_MS), stop]);
      for (const [key, { target, reader }] of readers) {
        if (stopped()) break;
        if (await reader.poll()) continue;
        readers.delete(key);
        on.ended(target);
      }
      if (!stopped()) await discoverAll();
    }
  })();
  await Promise.race([work, stop]);
  on.settled();
  // every wait inside ends on `stopped`, so this returns promptly
  return work.then(() => readers);
}
