// --log-dir: a node's kubelet log tree read from disk and printed through the same printer
// (formats, colours, line filters) as live mode. Containers are printed one after another,
// sorted; with --follow a 200 ms poll keeps reading the live files and picks up new pods,
// containers and restarts (polling, unlike fs.watch, sees renames on every platform alike).
import { basename, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { containerNameMatches } from '../filter/containers.js';
import { podMatches } from '../filter/pods.js';
import type { Cluster } from '../kubeconfig/clusters.js';
import type { OfflineSource, Options } from '../options/types.js';
import { paletteColors, printer } from '../output/printer.js';
import { reporter } from '../output/reporter.js';
import type { Io } from '../run.js';
import type { LogLine, Target } from '../target.js';
import { timestampNanos } from '../time.js';
import { containerReader, type ContainerReader } from './container.js';
import { selector } from './select.js';
import { listContainers, type ContainerDir } from './tree.js';

const POLL_MS = 200;

export async function runOffline(opts: Options, source: OfflineSource, io: Io): Promise<number> {
  const o = opts.output;
  const report = reporter(io.stderr, { markers: !o.quiet && (Boolean(io.stderr.isTTY) || o.verbose), verbose: o.verbose, showCluster: false, retrying: false },
    paletteColors(opts, io.stderr.isTTY, io.env));
  for (const w of ignoredFlags(opts)) report.warn(w);
  // no -n reads every namespace, so the namespace is shown unless exactly one was asked for
  const showNamespace = opts.pods.allNamespaces || new Set(opts.pods.namespaces).size !== 1;
  const print = printer(opts, { showCluster: false, showNamespace }, io.stdout, io.env, report.warn);

  let stopped = false;
  const stop = Promise.race([io.interrupted, print.closed]).then(() => void (stopped = true));
  const out = async (line: LogLine) => {
    if (!stopped && !print.emit(line)) await Promise.race([new Promise<void>((r) => print.whenDrained(r)), stop]);
  };
  // offline never talks to a cluster: the node directory's name stands in for one
  const cluster = { name: basename(resolve(source.dir)) } as Cluster;
  const sinceNs = sinceOf(opts);
  const ctx = { follow: source.follow, previous: opts.logs.previous, warn: report.warnOnce, stopped: () => stopped };
  const readers = new Map<string, { target: Target; reader: ContainerReader }>();

  const keepPod = (p: { namespace: string; pod: string }) =>
    (!opts.pods.namespaces.length || opts.pods.allNamespaces || opts.pods.namespaces.includes(p.namespace)) && podMatches({ metadata: { name: p.pod } }, opts.pods);
  const keepContainer = (name: string) => containerNameMatches(name, opts.containers);

  const discover = async () => {
    for (const c of await listContainers(source.dir, keepPod, keepContainer, report.warnOnce)) {
      if (stopped) return;
      if (readers.has(c.path)) continue;
      const target = targetOf(cluster, c);
      const reader = containerReader(c.path, selector(target, sinceNs, opts.logs.tailLines, out), ctx);
      readers.set(c.path, { target, reader });
      report.started(target);
      await reader.start();
    }
  };
  const work = (async () => {
    await discover();
    while (source.follow && !stopped) {
      await Promise.race([sleep(POLL_MS), stop]);
      for (const [key, { target, reader }] of readers) {
        if (stopped) break;
        if (await reader.poll()) continue;
        readers.delete(key);
        report.stopped(target);
      }
      if (!stopped) await discover();
    }
  })();

  await Promise.race([work, stop]);
  stopped = true;
  // every wait inside ends on `stopped`, so this returns promptly
  await work;
  for (const { reader } of readers.values()) await reader.close();
  await print.flush();
  return 0;
}

function targetOf(cluster: Cluster, c: ContainerDir): Target {
  return { cluster, namespace: c.namespace, pod: c.pod, podUid: c.uid, container: c.container, kind: 'container', containerId: '', nodeName: '', labels: {} };
}

/** --since-time, else --since (default 48h) counted back from now, as stern does; -1 = all */
function sinceOf(opts: Options): bigint {
  const { sinceTime, sinceSeconds } = opts.logs;
  if (sinceTime !== undefined) {
    const ns = timestampNanos(sinceTime);
    // more than 9 fraction digits: valid RFC3339 that timestampNanos does not take
    return ns >= 0n ? ns : BigInt(Date.parse(sinceTime)) * 1_000_000n;
  }
  return sinceSeconds === undefined ? -1n : BigInt(Date.now() - sinceSeconds * 1000) * 1_000_000n;
}

/** What only a cluster can answer: said once, then the rest goes on without it. */
function ignoredFlags(opts: Options): string[] {
  const checks: [boolean, string][] = [
    [opts.pods.resource !== undefined, 'a TYPE/NAME query'],
    [opts.pods.labelSelector !== undefined, '-l/--selector'],
    [opts.pods.fieldSelector !== undefined, '--field-selector/--node'],
    [opts.logs.limitBytes !== undefined, '--limit-bytes'],
  ];
  return checks.filter(([given]) => given).map(([, what]) => `${what} is ignored with --log-dir (it needs a cluster)`);
}
