// A cluster that never answers, as behind a VPN that is down: a loopback listener that
// accepts connections and sends nothing, and a kubeconfig for it (a real cluster's, with its
// server replaced, so the credentials and CA are well-formed).
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { clusterPaths } from './paths.js';

export interface Blackhole {
  port: number;
  /** the kubeconfig written, named after the blackhole's context */
  kubeconfig: string;
  close(): Promise<void>;
}

type Kubeconfig = {
  clusters?: { name: string; cluster: { server: string } }[];
  users?: { name: string }[];
  contexts?: { name: string; context: { cluster: string; user: string } }[];
  'current-context'?: string;
};

/** Listens on 127.0.0.1:`port` (0: any free port); writes `dir`/`name` from `from`'s kubeconfig. */
export async function blackhole(dir: string, opts: { name?: string; port?: number; from?: string } = {}): Promise<Blackhole> {
  const name = opts.name ?? 'ktail-blackhole';
  const sockets = new Set<Socket>();
  const server = createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s)).on('error', () => undefined);
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(opts.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const config = yaml.load(readFileSync(clusterPaths(opts.from ?? 'ktail-dev-1').kubeconfig, 'utf8')) as Kubeconfig;
  for (const c of config.clusters ?? []) [c.name, c.cluster.server] = [name, `https://127.0.0.1:${port}`];
  for (const u of config.users ?? []) u.name = name;
  for (const c of config.contexts ?? []) [c.name, c.context.cluster, c.context.user] = [name, name, name];
  config['current-context'] = name;
  const kubeconfig = join(dir, name);
  writeFileSync(kubeconfig, yaml.dump(config), { mode: 0o600 });
  return {
    port,
    kubeconfig,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
