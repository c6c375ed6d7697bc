// etcd's history compacted, as kube-apiserver does every few minutes on a real cluster: a
// watch that resumes from a version older than that is answered 410 Gone (the client lists
// again). Through etcd's JSON gateway, so no etcdctl is needed.
import { clusterPaths } from './paths.js';

async function call(cluster: string, path: string, body: unknown): Promise<{ header?: { revision?: string } }> {
  const res = await fetch(`http://127.0.0.1:${clusterPaths(cluster).ports.etcd}${path}`, { method: 'POST', body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`etcd ${path} on ${cluster}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as { header?: { revision?: string } };
}

const b64 = (s: string) => Buffer.from(s).toString('base64');

/**
 * Writes a key of its own twice (outside the apiserver's /registry), then compacts etcd up to
 * the second write: a watch resumes after the version it saw last, and the first write makes
 * sure that one is gone too. Resolves to the revision compacted to.
 */
export async function compactEtcd(cluster: string): Promise<number> {
  const put = () => call(cluster, '/v3/kv/put', { key: b64('/ktail-devcluster/compacted'), value: b64(new Date().toISOString()) });
  await put();
  const revision = Number((await put()).header?.revision);
  await call(cluster, '/v3/kv/compaction', { revision, physical: true });
  return revision;
}
