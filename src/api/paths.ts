// Where things are in the Kubernetes API: one spelling of its paths for every request ktail
// makes (lists, lookups, pods/log, watches) and their URLs on a cluster's server.

/** The core group's prefix; other groups are /apis/<group>/<version> */
export const CORE = '/api/v1';

/**
 * `<group>[/namespaces/<namespace>]/<plural>[/<name>]`: a collection (every namespace when
 * `namespace` is undefined or empty) or one object of it; names are escaped.
 */
export function resourcePath(group: string, plural: string, namespace?: string, name?: string): string {
  const scope = !namespace ? '' : `/namespaces/${encodeURIComponent(namespace)}`;
  return `${group}${scope}/${plural}${name === undefined ? '' : `/${encodeURIComponent(name)}`}`;
}

/** A query's parameters; undefined ones are left out. */
export type Query = Record<string, string | number | boolean | undefined>;

/** `path` below the server's own path (a server URL may carry one, e.g. behind a proxy), with `query`. */
export function apiUrl(server: string, path: string, query: Query): URL {
  const url = new URL(server);
  url.pathname = `${url.pathname.replace(/\/$/, '')}${path}`;
  for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, String(v));
  return url;
}
