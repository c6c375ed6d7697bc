// The three daemons of one local cluster and the flags that wire them together.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { binaries, type ClusterPaths } from './paths.js';
import { pkiPaths } from './certs.js';
import type { Daemon } from './processes.js';

export type Component = 'etcd' | 'apiserver' | 'kwok';
export const COMPONENTS: readonly Component[] = ['etcd', 'apiserver', 'kwok'];

export function daemon(c: ClusterPaths, component: Component): Daemon {
  const pki = pkiPaths(join(c.dir, 'pki'));
  const run = join(c.dir, 'run');
  const { ports } = c;
  switch (component) {
    case 'etcd':
      return {
        name: 'etcd',
        dir: run,
        bin: binaries.etcd(),
        args: [
          `--name=${c.name}`,
          `--data-dir=${join(c.dir, 'etcd-data')}`,
          `--listen-client-urls=http://127.0.0.1:${ports.etcd}`,
          `--advertise-client-urls=http://127.0.0.1:${ports.etcd}`,
          `--listen-peer-urls=http://127.0.0.1:${ports.etcdPeer}`,
          `--initial-advertise-peer-urls=http://127.0.0.1:${ports.etcdPeer}`,
          `--initial-cluster=${c.name}=http://127.0.0.1:${ports.etcdPeer}`,
          '--unsafe-no-fsync=true',
          '--quota-backend-bytes=2147483648',
          '--log-level=warn',
        ],
      };
    case 'apiserver':
      return {
        name: 'apiserver',
        dir: run,
        bin: binaries.apiserver(),
        args: [
          `--etcd-servers=http://127.0.0.1:${ports.etcd}`,
          '--bind-address=127.0.0.1',
          '--advertise-address=127.0.0.1',
          `--secure-port=${ports.apiserver}`,
          `--tls-cert-file=${pki.serving.cert}`,
          `--tls-private-key-file=${pki.serving.key}`,
          `--client-ca-file=${pki.ca}`,
          `--token-auth-file=${pki.tokens}`,
          `--kubelet-client-certificate=${pki.admin.cert}`,
          `--kubelet-client-key=${pki.admin.key}`,
          '--kubelet-preferred-address-types=InternalIP',
          `--service-account-key-file=${pki.saPub}`,
          `--service-account-signing-key-file=${pki.saKey}`,
          '--service-account-issuer=https://kubernetes.default.svc',
          '--service-cluster-ip-range=10.96.0.0/16',
          '--authorization-mode=Node,RBAC',
          // no controller-manager runs here to make default service accounts
          '--disable-admission-plugins=ServiceAccount',
          '--enable-priority-and-fairness=false',
          '--profiling=false',
          '--endpoint-reconciler-type=none',
          '--v=0',
          ...featureGateArgs(c),
        ],
      };
    case 'kwok':
      return {
        name: 'kwok',
        dir: run,
        bin: binaries.kwok(),
        args: [
          `--kubeconfig=${c.kubeconfig}`,
          '--manage-all-nodes=true',
          '--node-ip=127.0.0.1',
          `--node-port=${ports.kwok}`,
          `--server-address=127.0.0.1:${ports.kwok}`,
          `--tls-cert-file=${pki.serving.cert}`,
          `--tls-private-key-file=${pki.serving.key}`,
          '--enable-crds=Logs',
        ],
      };
  }
}

/** Where a cluster's extra apiserver feature gates are kept, so a restart of the apiserver keeps them. */
export const featureGatesFile = (c: ClusterPaths) => join(c.dir, 'feature-gates');

function featureGateArgs(c: ClusterPaths): string[] {
  const gates = existsSync(featureGatesFile(c)) ? readFileSync(featureGatesFile(c), 'utf8').trim() : '';
  return gates ? [`--feature-gates=${gates}`] : [];
}
