// The records that cross rooms: a Target is one container of one pod in one cluster,
// a LogLine one line of its log. They carry the cluster's name, never its credentials:
// every line holds its target, and the credentials stay with the cluster's client.

/**
 * What a record says about its cluster: what output and stats read. A Cluster fits this
 * shape too (structurally), so build it with clusterIdentity, which copies the name only;
 * `kc?: never` makes the compiler refuse a whole Cluster here.
 */
export interface ClusterIdentity {
  /** display name: unique within the run */
  readonly name: string;
  readonly kc?: never;
}

export const clusterIdentity = (c: { name: string }): ClusterIdentity => ({ name: c.name });

export type ContainerKind = 'container' | 'init' | 'ephemeral';

export interface Target {
  cluster: ClusterIdentity;
  namespace: string;
  pod: string;
  podUid: string;
  container: string;
  kind: ContainerKind;
  /** empty while the container has not started */
  containerId: string;
  /** the pod status's restartCount for this instance (--save names its file by it); absent offline */
  restartCount?: number;
  nodeName: string;
  labels: Readonly<Record<string, string>>;
  /** the pod's annotations (stern's templates and JSON carry them); absent offline */
  annotations?: Readonly<Record<string, string>>;
}

export interface LogLine {
  target: Target;
  /** RFC3339Nano timestamp the kubelet gave the line */
  timestamp: string;
  /** the text, decoded as UTF-8 (invalid bytes become U+FFFD) */
  message: string;
  /** the same text as the bytes the container wrote, for output that passes them through */
  bytes: Buffer;
  /** where `bytes` lie in the chunk they were read in, one line as split (no newline), when the source knows: output copies them from there */
  span?: ByteSpan;
}

/** Bytes where they lie in a bigger buffer, buf[start, end): copied from there, never cut out as a Buffer of their own. */
export interface ByteSpan {
  readonly buf: Buffer;
  readonly start: number;
  readonly end: number;
}

/** Stable identity of a log stream: a new containerID (restart) is a new stream. */
export const streamKey = (t: Target) => `${t.cluster.name}\0${t.namespace}\0${t.pod}\0${t.podUid}\0${t.container}\0${t.containerId}`;
/** Where the container sits, whatever its incarnation. */
export const slotKey = (t: Pick<Target, 'namespace' | 'pod' | 'container'>) => `${t.namespace}\0${t.pod}\0${t.container}`;
