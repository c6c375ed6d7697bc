// npm run devcluster -- <command>: the local clusters from a shell. Command and flag
// names are a contract other scripts and tests rely on; keep them.
import { Command, InvalidArgumentError } from 'commander';
import type { CriStream } from './crilog.js';
import { COMPONENTS, type Component } from './daemons.js';
import { createPod, deletePod, down, emit, envLine, restartContainer, rotateLog, startComponent, stopComponent, up } from './index.js';

const int = (what: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${what} must be a whole number ≥ 0`);
  return n;
};
const list = (v: string) => v.split(',').map((s) => s.trim()).filter(Boolean);
const labels = (v: string) => Object.fromEntries(list(v).map((kv) => {
  const [k, ...rest] = kv.split('=');
  if (!k || !rest.length) throw new InvalidArgumentError(`label ${JSON.stringify(kv)} is not k=v`);
  return [k, rest.join('=')];
}));
const streams = (v: string): CriStream[] => {
  const names = list(v);
  const bad = names.find((n) => n !== 'stdout' && n !== 'stderr');
  if (bad !== undefined || !names.length) throw new InvalidArgumentError('expected stdout, stderr or stdout,stderr');
  return names as CriStream[];
};
const component = (v: string): Component => {
  if (!COMPONENTS.includes(v as Component)) throw new InvalidArgumentError(`expected one of ${COMPONENTS.join('|')}`);
  return v as Component;
};

const program = new Command('devcluster').description('real local Kubernetes clusters (etcd + kube-apiserver + kwok) for ktail').showHelpAfterError();

program.command('up').description('start clusters ktail-dev-1..N (idempotent); returns when every node is Ready')
  .option('--clusters <n>', 'how many clusters', int('--clusters'), 3)
  .action(async (o: { clusters: number }) => {
    const started = Date.now();
    const names = await up(o.clusters);
    process.stderr.write(`devcluster: ${names.join(', ')} ready in ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
  });
program.command('down').description('stop everything `up` started').action(() => down());
program.command('env').description('print KTAIL_DEV_KUBE_DIR=<dir with one kubeconfig per cluster>').action(() => console.log(envLine()));
program.command('pod <cluster> <ref>').description('create <namespace>/<name> on the kwok node; prints "<container> <log file>" per container')
  .option('--labels <k=v,...>', 'pod labels', labels)
  .option('--containers <a,b>', 'container names (default: app)', list)
  .option('--init-containers <i>', 'init container names', list)
  .action(async (cluster: string, ref: string, o: { labels?: Record<string, string>; containers?: string[]; initContainers?: string[] }) => {
    const files = await createPod(cluster, ref, o);
    for (const [c, f] of Object.entries(files)) console.log(`${c} ${f}`);
  });
program.command('emit <cluster> <ref> <container>').description('append N lines PREFIX<seq> to the container log')
  .requiredOption('--count <n>', 'how many lines', int('--count'))
  .option('--rate <r>', 'lines per second (default: as fast as possible)', int('--rate'))
  .option('--text <prefix>', 'line prefix', 'line-')
  .option('--streams <s>', 'stdout,stderr: lines go to these streams in turn (default: stdout)', streams)
  .option('--skew <ms>', 'stderr lines stamped up to MS ms before the stdout lines around them, some with equal timestamps', int('--skew'))
  .action((cluster: string, ref: string, container: string, o: { count: number; rate?: number; text: string; streams?: CriStream[]; skew?: number }) =>
    emit(cluster, ref, container, { count: o.count, rate: o.rate || undefined, text: o.text, streams: o.streams, skewMs: o.skew }));
program.command('restart <cluster> <ref> <container>').description('restart a container as a kubelet would show it')
  .action((cluster: string, ref: string, container: string) => restartContainer(cluster, ref, container).then(() => undefined));
program.command('rotate <cluster> <ref> <container>').description("rotate a container's log as the kubelet does")
  .action((cluster: string, ref: string, container: string) => rotateLog(cluster, ref, container).then(() => undefined));
program.command('delete <cluster> <ref>').description('delete a pod').action((cluster: string, ref: string) => deletePod(cluster, ref));
program.command('stop <cluster> <component>').description('stop etcd|apiserver|kwok of a cluster')
  .action((cluster: string, c: string) => stopComponent(cluster, component(c)));
program.command('start <cluster> <component>').description('start etcd|apiserver|kwok of a cluster again')
  .action((cluster: string, c: string) => startComponent(cluster, component(c)));

program.parseAsync().catch((err: Error & { body?: unknown }) => {
  const detail = err.body ? ` ${JSON.stringify(err.body)}` : '';
  process.stderr.write(`devcluster: ${err.message}${detail}\n`);
  process.exit(1);
});
