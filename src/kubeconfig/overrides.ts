// kubectl's connection flags (--server, --token, --as …), applied to the clusters a run
// selected. Each changes the context's cluster or user entry as kubectl's overrides do; the
// kubeconfig stays client-node's, so auth and TLS are still its own code.
import type { Cluster as KcCluster, User } from '@kubernetes/client-node';
import { KubeConfig } from './clientNode.js';
import { UsageError } from '../shared/errors.js';
import { registerTokenFileAuth } from './tokenFile.js';
import type { ConnectionOverrides } from '../options/types.js';

/** Flags that name one cluster's endpoint or identity: refused when a run selects several. */
const ONE_CLUSTER_ONLY: [keyof ConnectionOverrides, string][] = [
  ['server', '--server'],
  ['cluster', '--cluster'],
  ['user', '--user'],
  ['token', '--token'],
  ['clientCertificate', '--client-certificate'],
  ['clientKey', '--client-key'],
  ['certificateAuthority', '--certificate-authority'],
  ['tlsServerName', '--tls-server-name'],
];

export function checkOverridesFit(o: ConnectionOverrides, clusters: number): void {
  if (clusters <= 1) return;
  const given = ONE_CLUSTER_ONLY.filter(([k]) => o[k] !== undefined).map(([, flag]) => flag);
  if (given.length)
    throw new UsageError(
      `${given.join(', ')} name${given.length === 1 ? 's' : ''} one cluster, but ${clusters} are selected: pick one with --context`,
    );
}

export function overrideCluster(c: KcCluster, o: ConnectionOverrides): KcCluster {
  return {
    ...c,
    ...(o.server !== undefined && { server: o.server }),
    ...(o.certificateAuthority !== undefined && { caFile: o.certificateAuthority, caData: undefined }),
    ...(o.insecureSkipTlsVerify && { skipTLSVerify: true }),
    ...(o.tlsServerName !== undefined && { tlsServerName: o.tlsServerName }),
  };
}

export function overrideUser(u: User, o: ConnectionOverrides): User {
  return {
    ...u,
    // a token given on the command line is the credential: no plugin or password beside it
    ...(o.token !== undefined && { token: o.token, exec: undefined, authProvider: undefined, username: undefined, password: undefined }),
    ...(o.clientCertificate !== undefined && { certFile: o.clientCertificate, certData: undefined }),
    ...(o.clientKey !== undefined && { keyFile: o.clientKey, keyData: undefined }),
    ...(o.as !== undefined && { impersonateUser: o.as }),
  };
}

/** client-node sends Impersonate-User itself; the group and uid headers are added here. */
export function withImpersonation(kc: KubeConfig, o: ConnectionOverrides): KubeConfig {
  if (o.asGroup === undefined && o.asUid === undefined) return kc;
  const headers = {
    ...(o.asGroup !== undefined && { 'Impersonate-Group': o.asGroup }),
    ...(o.asUid !== undefined && { 'Impersonate-Uid': o.asUid }),
  };
  const impersonating = new (class extends KubeConfig {
    // every request (api/request.ts) and, through the fetch options built on these, every watch
    override async applyToHTTPSOptions(opts: Parameters<KubeConfig['applyToHTTPSOptions']>[0]): Promise<void> {
      await super.applyToHTTPSOptions(opts);
      opts.headers = { ...opts.headers, ...headers };
    }
  })();
  impersonating.loadFromOptions({ clusters: kc.clusters, users: kc.users, contexts: kc.contexts, currentContext: kc.currentContext });
  return registerTokenFileAuth(impersonating);
}
