// Per-cluster PKI made with Debian's openssl: one CA, the apiserver's and kwok's serving
// certs, an admin client (system:masters), a limited client with no RBAC grants, and the
// service-account signing key. EC keys: quick to make, accepted everywhere.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

export interface ClusterPki {
  dir: string;
  ca: string;
  caKey: string;
  serving: { cert: string; key: string };
  admin: { cert: string; key: string };
  limited: { cert: string; key: string };
  saPub: string;
  saKey: string;
  /** static bearer tokens (--token-auth-file): one admin token, for tests of token users */
  tokens: string;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

function ecKey(dir: string, file: string): void {
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', file], dir);
}

function signed(dir: string, base: string, subject: string, ext: string): void {
  ecKey(dir, `${base}.key`);
  openssl(['req', '-new', '-key', `${base}.key`, '-subj', subject, '-out', `${base}.csr`], dir);
  writeFileSync(join(dir, `${base}.ext`), ext);
  openssl(
    [
      'x509',
      '-req',
      '-in',
      `${base}.csr`,
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-days',
      '3650',
      '-sha256',
      '-extfile',
      `${base}.ext`,
      '-out',
      `${base}.crt`,
    ],
    dir,
  );
}

export function pkiPaths(dir: string): ClusterPki {
  const p = (f: string) => join(dir, f);
  return {
    dir,
    ca: p('ca.crt'),
    caKey: p('ca.key'),
    serving: { cert: p('serving.crt'), key: p('serving.key') },
    admin: { cert: p('admin.crt'), key: p('admin.key') },
    limited: { cert: p('limited.crt'), key: p('limited.key') },
    saPub: p('sa.pub'),
    saKey: p('sa.key'),
    tokens: p('tokens.csv'),
  };
}

/** Makes the PKI once; an existing one is kept so kubeconfigs stay valid across `up`s. */
export function ensurePki(dir: string, clusterName: string): ClusterPki {
  const pki = pkiPaths(dir);
  if (!existsSync(pki.tokens)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(pki.tokens, `${randomBytes(24).toString('hex')},ktail-token-admin,ktail-token-admin,"system:masters"\n`, { mode: 0o600 });
  }
  if (existsSync(pki.saPub)) return pki;
  mkdirSync(dir, { recursive: true });
  ecKey(dir, 'ca.key');
  openssl(['req', '-x509', '-new', '-key', 'ca.key', '-subj', `/CN=${clusterName}-ca`, '-days', '3650', '-sha256', '-out', 'ca.crt'], dir);
  const server =
    'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n' +
    'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default\n';
  const client = 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n';
  signed(dir, 'serving', `/CN=${clusterName}`, server);
  signed(dir, 'admin', '/O=system:masters/CN=ktail-admin', client);
  signed(dir, 'limited', '/CN=ktail-limited', client);
  ecKey(dir, 'sa.key');
  openssl(['pkey', '-in', 'sa.key', '-pubout', '-out', 'sa.pub'], dir);
  return pki;
}
