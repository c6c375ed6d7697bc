// How each tailer is run for a scenario. Every tailer prints the bare log text (ktail -o raw,
// stern --output raw, kubectl logs), without colour, so the bench counts lines the same way.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { binaries, clusterPaths, VERSIONS } from '../scripts/devcluster/index.js';
import type { BenchEnv } from './env.js';
import type { Command } from './measure.js';

export const KTAIL_BIN = fileURLToPath(new URL('../bin/ktail.js', import.meta.url));

/** The tailers' environment: a HOME of their own (no user config), no KUBECONFIG, no colour forcing. */
export function tailerEnv(env: BenchEnv): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, HOME: env.home, XDG_CONFIG_HOME: `${env.home}/.config` };
  for (const k of ['KUBECONFIG', 'KTAIL_CONFIG', 'FORCE_COLOR', 'NO_COLOR', 'NODE_OPTIONS']) delete e[k];
  return e;
}

export interface Selection {
  namespace: string;
  /** pod name regex */
  query: string;
  /** container name regex */
  container?: string;
  /** lines to start with: 0 = only new lines, -1 = all */
  tail: number;
  /** streams per cluster the tailer must be allowed to open */
  maxLogRequests: number;
  /** line filters, as -i / -e (the same flags for ktail and stern) */
  include?: string[];
  exclude?: string[];
}

const lineFilterArgs = (sel: Selection) => [
  ...(sel.include ?? []).flatMap((p) => ['-i', p]),
  ...(sel.exclude ?? []).flatMap((p) => ['-e', p]),
];

/** ktail over several clusters at once: -m over a kube dir holding their kubeconfigs. */
export function ktailMulti(env: BenchEnv, kubeDir: string, sel: Selection): Command {
  return ktail(env, 'ktail -m', ['-m', '--kube-dir', kubeDir], sel);
}

/** `bin`: another build of ktail (e.g. of an older commit), shown as `name` */
export function ktailOne(env: BenchEnv, cluster: string, sel: Selection, bin = KTAIL_BIN, name = 'ktail'): Command {
  const kc = clusterPaths(cluster).kubeconfig;
  return ktail(env, `${name} ${cluster}`, ['--kubeconfig', kc, '--context', cluster], sel, bin);
}

function ktail(env: BenchEnv, label: string, where: string[], sel: Selection, bin = KTAIL_BIN): Command {
  const args = [
    ...env.ktailNodeArgs,
    bin,
    ...where,
    '-n',
    sel.namespace,
    sel.query,
    '--since',
    '48h',
    '--tail',
    String(sel.tail),
    '-o',
    'raw',
    '--color',
    'never',
    '-q',
    '--max-log-requests',
    String(sel.maxLogRequests),
  ];
  if (sel.container) args.push('-c', sel.container);
  args.push(...lineFilterArgs(sel));
  return { label, file: process.execPath, args, env: tailerEnv(env) };
}

/**
 * stern follows one context per process. Client-side throttling is turned off (--qps -1):
 * with client-go's default of 5 requests/s, opening 1,000 streams alone takes over 3 minutes.
 */
export function stern(env: BenchEnv, cluster: string, sel: Selection): Command {
  const args = [
    '--kubeconfig',
    clusterPaths(cluster).kubeconfig,
    '--context',
    cluster,
    '-n',
    sel.namespace,
    sel.query,
    '--since',
    '48h',
    '--tail',
    String(sel.tail),
    '--output',
    'raw',
    '--color',
    'never',
    '--max-log-requests',
    String(sel.maxLogRequests),
    '--qps',
    '-1',
  ];
  if (sel.container) args.push('-c', sel.container);
  args.push(...lineFilterArgs(sel));
  return { label: `stern ${cluster}`, file: binaries.stern(), args, env: tailerEnv(env) };
}

/** One stern per cluster: the only way stern covers several clusters. */
export const sternPerCluster = (env: BenchEnv, clusters: string[], sel: Selection) => clusters.map((c) => stern(env, c, sel));

export function kubectlLogs(env: BenchEnv, cluster: string, namespace: string, pod: string, container: string, follow: boolean): Command {
  const args = ['--kubeconfig', clusterPaths(cluster).kubeconfig, '-n', namespace, 'logs', pod, '-c', container];
  if (follow) args.push('-f');
  return { label: `kubectl ${cluster}`, file: binaries.kubectl(), args, env: tailerEnv(env) };
}

function run(file: string, args: string[]): string {
  const r = spawnSync(file, args, { encoding: 'utf8', timeout: 15_000 });
  return `${r.stdout ?? ''}${r.stderr ?? ''}`.trim();
}

export function versions(): Record<string, string> {
  const gitRev = run('git', ['-C', fileURLToPath(new URL('..', import.meta.url)), 'describe', '--always', '--dirty']);
  const ktailVersion = run(process.execPath, [KTAIL_BIN, '--version']);
  // a `go install`ed stern says "dev": the module version is in the binary's build info
  const sternMod = /\bmod\s+github\.com\/stern\/stern\s+(\S+)/.exec(run(goBinary(), ['version', '-m', binaries.stern()]))?.[1];
  const sternSelf = run(binaries.stern(), ['--version']).replace(/^version:\s*/i, '');
  const kubectl = /"gitVersion":\s*"([^"]+)"/.exec(run(binaries.kubectl(), ['version', '--client', '-o', 'json']))?.[1];
  return {
    ktail: `${ktailVersion} (${gitRev})`,
    stern: sternMod ?? (sternSelf && sternSelf !== 'dev' ? sternSelf : `${VERSIONS.stern} (requested)`),
    kubectl: kubectl ?? 'unknown',
    go: /go\d+\.\d+(\.\d+)?/.exec(run(goBinary(), ['version']))?.[0] ?? 'not found',
    node: process.version,
  };
}

function goBinary(): string {
  for (const dir of (process.env.PATH ?? '').split(':').concat('/usr/local/go/bin')) {
    const r = spawnSync(`${dir}/go`, ['version'], { encoding: 'utf8' });
    if (r.status === 0) return `${dir}/go`;
  }
  return 'go';
}
