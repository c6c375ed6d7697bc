// npm run demo: a first run in a minute. Starts 3 local clusters, a few pods writing
// realistic logs (plain text, JSON lines, a stack trace, a restart), and ktail -m following
// all of them. Ctrl-C ends it; the clusters stay up (npm run devcluster -- down stops them).
import { spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createPod, criLine, kubeDir, logFileOf, restartContainer, up } from './devcluster/index.js';

const NS = 'ktail-demo';
const KTAIL = fileURLToPath(new URL('../bin/ktail.js', import.meta.url));

const paths = ['/api/cart', '/api/checkout', '/healthz', '/api/items/42', '/login'];
const pick = <T>(xs: T[]): T => xs[Math.floor(Math.random() * xs.length)] as T;

const writers: Record<string, () => string[]> = {
  web: () => [`${pick(['GET', 'POST'])} ${pick(paths)} ${pick([200, 200, 200, 201, 404, 500])} ${Math.round(Math.random() * 120)}ms`],
  api: () => [
    JSON.stringify({
      level: pick(['info', 'info', 'warn', 'error']),
      msg: pick(['order placed', 'cache miss', 'retrying upstream']),
      latency_ms: Math.round(Math.random() * 300),
    }),
  ],
  worker: () =>
    Math.random() < 0.15
      ? [
          'Exception in thread "main" java.lang.IllegalStateException: queue closed',
          '\tat com.shop.Worker.take(Worker.java:42)',
          '\tat com.shop.Worker.run(Worker.java:17)',
        ]
      : [`processed job ${Math.floor(Math.random() * 1e5)} in ${Math.round(Math.random() * 900)}ms`],
};

async function main(): Promise<void> {
  process.stderr.write('demo: starting 3 local clusters (the first run builds them: a few minutes)…\n');
  const clusters = await up(3);
  const files: { file: string; kind: string }[] = [];
  for (const [i, cluster] of clusters.entries()) {
    for (const kind of Object.keys(writers)) {
      const ref = `${NS}/${kind}-${i + 1}`;
      const containers = kind === 'web' ? ['app', 'proxy'] : ['app'];
      // a second run finds the pods of the first one: write to their current log files
      const created: Record<string, string> = await createPod(cluster, ref, { labels: { app: kind }, containers }).catch(async () =>
        Object.fromEntries(await Promise.all(containers.map(async (c) => [c, await logFileOf(cluster, ref, c)]))),
      );
      for (const f of Object.values(created)) files.push({ file: f, kind });
    }
  }
  const timer = setInterval(() => {
    const { file, kind } = pick(files);
    for (const line of writers[kind]?.() ?? []) appendFileSync(file, criLine(line));
  }, 150);
  const restart = setTimeout(() => void restartContainer(clusters[0] ?? '', `${NS}/worker-1`, 'app').catch(() => undefined), 8000);
  const args = ['-m', '--kube-dir', kubeDir(), '-n', NS, '--multiline', 'auto', ...process.argv.slice(2)];
  process.stderr.write(`demo: following with: ktail ${args.join(' ')}   (Ctrl-C to stop)\n`);
  const ktail = spawn(process.execPath, [KTAIL, ...args], { stdio: 'inherit' });
  process.on('SIGINT', () => undefined); // ktail gets Ctrl-C too and ends cleanly
  const code = await new Promise<number>((resolve) => ktail.on('exit', (c) => resolve(c ?? 0)));
  clearInterval(timer);
  clearTimeout(restart);
  process.stderr.write(`demo: ktail ended (exit ${code}); the clusters are still up: npm run devcluster -- down stops them\n`);
  process.exit(code);
}

main().catch((err: Error) => {
  process.stderr.write(`demo: ${err.message}\n`);
  process.exit(1);
});
