// npm run devcluster -- <command>: the local clusters from a shell. Command and flag
// names are a contract other scripts and tests rely on; keep them.
import { Command, InvalidArgumentError } from 'commander';
import type { CriStream } from './crilog.js';
import { COMPONENTS, type Component } from './daemons.js';
import { rmSync } from 'node:fs';
import {
  blackhole,
  bumpEvent,
  compactEtcd,
  createEvent,
  createDeployment,
  createPod,
  deletePod,
  down,
  emit,
  envLine,
  kubeDir,
  restartContainer,
  rotateLog,
  setFeatureGates,
  startComponent,
  stopComponent,
  up,
} from './index.js';

const int = (what: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${what} must be a whole number ≥ 0`);
  return n;
};
const list = (v: string) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
const labels = (v: string) =>
  Object.fromEntries(
    list(v).map((kv) => {
      const [k, ...rest] = kv.split('=');
      if (!k || !rest.length) throw new InvalidArgumentError(`label ${JSON.stringify(kv)} is not k=v`);
      return [k, rest.join('=')];
    }),
  );
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

const program = new Command('devcluster')
  .description('real local Kubernetes clusters (etcd + kube-apiserver + kwok) for ktail')
  .showHelpAfterError();

program
  .command('up')
  .description('start clusters ktail-dev-1..N (idempotent); returns when every node is Ready')
  .option('--clusters <n>', 'how many clusters', int('--clusters'), 3)
  .action(async (o: { clusters: number }) => {
    const started = Date.now();
    const names = await up(o.clusters);
    process.stderr.write(`devcluster: ${names.join(', ')} ready in ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
  });
program
  .command('down')
  .description('stop everything `up` started')
  .action(() => down());
program
  .command('env')
  .description('print KTAIL_DEV_KUBE_DIR=<dir with one kubeconfig per cluster>')
  .action(() => console.log(envLine()));
program
  .command('pod <cluster> <ref>')
  .description('create <namespace>/<name> on the kwok node; prints "<container> <log file>" per container')
  .option('--labels <k=v,...>', 'pod labels', labels)
  .option('--containers <a,b>', 'container names (default: app)', list)
  .option('--init-containers <i>', 'init container names', list)
  .action(
    async (cluster: string, ref: string, o: { labels?: Record<string, string>; containers?: string[]; initContainers?: string[] }) => {
      const files = await createPod(cluster, ref, o);
      for (const [c, f] of Object.entries(files)) console.log(`${c} ${f}`);
    },
  );
program
  .command('deploy <cluster> <ref>')
  .description(
    'create a Deployment <namespace>/<name> selecting --labels (an object only: no controller makes its pods; make them with `pod --labels`)',
  )
  .requiredOption('--labels <k=v,...>', 'its matchLabels selector', labels)
  .action((cluster: string, ref: string, o: { labels: Record<string, string> }) =>
    createDeployment(cluster, ref, { matchLabels: o.labels }),
  );
program
  .command('emit <cluster> <ref> <container>')
  .description('append N lines PREFIX<seq> to the container log')
  .requiredOption('--count <n>', 'how many lines', int('--count'))
  .option('--rate <r>', 'lines per second (default: as fast as possible)', int('--rate'))
  .option('--text <prefix>', 'line prefix', 'line-')
  .option('--streams <s>', 'stdout,stderr: lines go to these streams in turn (default: stdout)', streams)
  .option('--skew <ms>', 'stderr lines stamped up to MS ms before the stdout lines around them, some with equal timestamps', int('--skew'))
  .action(
    (
      cluster: string,
      ref: string,
      container: string,
      o: { count: number; rate?: number; text: string; streams?: CriStream[]; skew?: number },
    ) => emit(cluster, ref, container, { count: o.count, rate: o.rate || undefined, text: o.text, streams: o.streams, skewMs: o.skew }),
  );
program
  .command('restart <cluster> <ref> <container>')
  .description('restart a container as a kubelet would show it')
  .option('--reason <reason>', 'why the old instance ended (its lastState)', 'Error')
  .option('--exit-code <n>', "the old instance's exit code", int('--exit-code'), 1)
  .action((cluster: string, ref: string, container: string, o: { reason: string; exitCode: number }) =>
    restartContainer(cluster, ref, container, { reason: o.reason, exitCode: o.exitCode }).then(() => undefined),
  );
program
  .command('event <cluster> <ref>')
  .description(
    'record an Event about pod <namespace>/<name> as the kubelet would (kwok records none); prints its name. --bump NAME: that event happened again (count + 1)',
  )
  .option('--reason <reason>', 'e.g. BackOff, Killing, Pulled', 'Started')
  .option('--type <type>', 'Normal or Warning', 'Normal')
  .option('--message <text>', 'the message (default: the reason)')
  .option('--container <name>', 'the container it is about')
  .option('--count <n>', 'how often it happened already', int('--count'))
  .option('--bump <name>', 'an event created before: count + 1, new lastTimestamp (ref gives its namespace)')
  .action(
    async (
      cluster: string,
      ref: string,
      o: { reason: string; type: string; message?: string; container?: string; count?: number; bump?: string },
    ) => {
      if (o.bump) console.log(await bumpEvent(cluster, ref.split('/')[0] ?? '', o.bump));
      else console.log(await createEvent(cluster, ref, o));
    },
  );
program
  .command('rotate <cluster> <ref> <container>')
  .description("rotate a container's log as the kubelet does")
  .action((cluster: string, ref: string, container: string) => rotateLog(cluster, ref, container).then(() => undefined));
program
  .command('delete <cluster> <ref>')
  .description('delete a pod')
  .action((cluster: string, ref: string) => deletePod(cluster, ref));
program
  .command('compact <cluster>')
  .description("compact the cluster's etcd history to now (a watch resuming from before is answered 410 Gone); prints the revision")
  .action(async (cluster: string) => console.log(await compactEtcd(cluster)));
program
  .command('stop <cluster> <component>')
  .description('stop etcd|apiserver|kwok of a cluster')
  .action((cluster: string, c: string) => stopComponent(cluster, component(c)));
program
  .command('start <cluster> <component>')
  .description('start etcd|apiserver|kwok of a cluster again')
  .action((cluster: string, c: string) => startComponent(cluster, component(c)));
program
  .command('feature-gates <cluster> <gates>')
  .description(
    "the apiserver's extra feature gates, kept across restarts (e.g. PodLogsQuerySplitStreams=true; '' for none); restarts a running apiserver",
  )
  .action((cluster: string, gates: string) => setFeatureGates(cluster, gates));

program
  .command('blackhole')
  .description(
    'a cluster that never answers (a VPN that is down): listens on loopback, accepts, sends nothing; writes a kubeconfig for it and prints its path; runs until Ctrl-C, then removes that kubeconfig',
  )
  .option('--dir <dir>', "where to write the kubeconfig (default: env's directory, so -m over it sees the blackhole)")
  .option('--name <name>', 'its context, cluster and user name', 'ktail-blackhole')
  .option('--port <port>', 'port on 127.0.0.1 (default: any free one)', int('--port'))
  .option('--from <cluster>', 'the real cluster whose kubeconfig (credentials, CA) it copies', 'ktail-dev-1')
  .action(async (o: { dir?: string; name: string; port?: number; from: string }) => {
    const hole = await blackhole(o.dir ?? kubeDir(), { name: o.name, port: o.port, from: o.from });
    console.log(hole.kubeconfig);
    process.stderr.write(`devcluster: ${o.name} listening on 127.0.0.1:${hole.port}, never answering; Ctrl-C to stop\n`);
    await new Promise<void>((resolve) => {
      for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => resolve());
    });
    await hole.close();
    rmSync(hole.kubeconfig, { force: true });
  });

program.parseAsync().catch((err: Error & { body?: unknown }) => {
  const detail = err.body ? ` ${JSON.stringify(err.body)}` : '';
  process.stderr.write(`devcluster: ${err.message}${detail}\n`);
  process.exit(1);
});
