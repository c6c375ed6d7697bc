// Kubeconfig files for the local clusters: credentials and CA inlined, so the files can be
// copied anywhere (tests copy them into a temporary ~/.kube).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';

const b64 = (file: string) => readFileSync(file).toString('base64');

export interface KubeconfigSpec {
  file: string;
  /** used as cluster, user and context name */
  name: string;
  server: string;
  ca: string;
  /** client certificate and key, or a bearer token */
  cert?: string;
  key?: string;
  token?: string;
  namespace?: string;
}

export function writeKubeconfig(spec: KubeconfigSpec): void {
  const text = `apiVersion: v1
kind: Config
clusters:
- name: ${spec.name}
  cluster:
    server: ${spec.server}
    certificate-authority-data: ${b64(spec.ca)}
users:
- name: ${spec.name}
  user:
${spec.token ? `    token: ${spec.token}` : `    client-certificate-data: ${b64(spec.cert ?? '')}\n    client-key-data: ${b64(spec.key ?? '')}`}
contexts:
- name: ${spec.name}
  context:
    cluster: ${spec.name}
    user: ${spec.name}
    namespace: ${spec.namespace ?? 'default'}
current-context: ${spec.name}
`;
  mkdirSync(dirname(spec.file), { recursive: true });
  writeFileSync(spec.file, text, { mode: 0o600 });
}

export function loadKubeconfig(file: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(file);
  return kc;
}
