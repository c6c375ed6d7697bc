// A kubeconfig user's `token-file`, read as client-go reads it. client-node reads the file
// once, when the kubeconfig is loaded, and sends its bytes as they are (a trailing newline
// included). client-go re-reads it every minute, because such files are rotated under a
// running client (projected service-account tokens, a vault agent's output), trims it, and
// keeps the last token it read when a re-read fails. The file's path travels in the user's
// authProvider entry, which client-node hands to the authenticator registered here.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import type { KubeConfig, User } from '@kubernetes/client-node';
import yaml from 'js-yaml';

type Authenticator = Parameters<KubeConfig['addAuthenticator']>[0];

const PROVIDER = 'ktail-token-file';
const REREAD_MS = 60_000;

type RawUsers = { users?: { name?: unknown; user?: { 'token-file'?: unknown } | null }[] } | null;

/** The users of `file` that name a token file, with the path resolved against the file's folder. */
export function tokenFilesOf(file: string, text: string): Map<string, string> {
  const found = new Map<string, string>();
  let raw: RawUsers;
  try {
    raw = yaml.load(text) as RawUsers;
  } catch {
    return found;
  }
  for (const u of raw?.users ?? []) {
    const path = u?.user?.['token-file'];
    if (typeof u?.name !== 'string' || typeof path !== 'string' || !path) continue;
    if (!found.has(u.name)) found.set(u.name, isAbsolute(path) ? path : join(dirname(file), path));
  }
  return found;
}

/**
 * `users` as loaded by client-node, each user with a token file re-pointed at it. A user
 * client-node dropped because its file could not be read at load time is kept: its requests
 * then fail with the file's error, as kubectl's do.
 */
export function withTokenFiles(users: User[], tokenFiles: Map<string, string>): User[] {
  const byName = new Map(users.map((u) => [u.name, u]));
  for (const name of tokenFiles.keys()) if (!byName.has(name)) byName.set(name, { name });
  return [...byName.values()].map((u) => {
    const path = tokenFiles.get(u.name);
    if (!path || u.exec || u.authProvider) return u;
    return { ...u, token: undefined, authProvider: { name: PROVIDER, config: { 'token-file': path } } };
  });
}

/** One per KubeConfig: the token it read last and when. */
export function tokenFileAuth(now: () => number = Date.now): Authenticator {
  let last: { path: string; token: string; at: number } | undefined;
  return {
    isAuthProvider: (user: User) => user.authProvider?.name === PROVIDER,
    async applyAuthentication(user, opts) {
      const path = String(user.authProvider?.config?.['token-file'] ?? '');
      if (!last || last.path !== path || now() - last.at >= REREAD_MS) {
        try {
          last = { path, token: readFileSync(path, 'utf8').trim(), at: now() };
        } catch (err) {
          if (last?.path !== path) throw err;
          // as client-go: the token read before still serves; the server says when it expires
          last.at = now();
        }
      }
      opts.headers = { ...opts.headers, Authorization: `Bearer ${last.token}` };
    },
  };
}

export function registerTokenFileAuth(kc: KubeConfig): KubeConfig {
  kc.addAuthenticator(tokenFileAuth());
  return kc;
}
