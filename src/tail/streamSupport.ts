// --stream needs PodLogOptions.stream (feature gate PodLogsQuerySplitStreams, alpha since
// Kubernetes 1.32). One request per cluster asks its apiserver before any stream opens: the log
// of a pod that does not exist, with a stream value no apiserver takes. The apiserver validates
// the options before it looks for the pod, so its answer says which case this is:
//   422, field stream FieldValueNotSupported  → it takes `stream` (the gate is on)
//   422, field stream FieldValueForbidden     → it knows `stream` but the gate is off
//   404 (no such pod) or 200                  → it ignored the unknown parameter: before 1.32
// The kubelets need the gate too; they are not asked (only nodes/proxy could tell).
import type { Target } from '../shared/target.js';
import { clusterIdentity } from '../shared/target.js';
import { ApiError } from '../api/request.js';
import type { LogClient } from './logRequest.js';

/** undefined: the cluster takes `stream`; otherwise why it cannot, in words. */
export async function streamRefusal(
  client: LogClient,
  cluster: string,
  namespace: string,
  signal: AbortSignal,
): Promise<string | undefined> {
  const probe: Target = {
    cluster: clusterIdentity({ name: cluster }),
    namespace,
    pod: 'ktail-stream-probe',
    podUid: '',
    container: 'probe',
    kind: 'container',
    containerId: '',
    nodeName: '',
    labels: {},
  };
  try {
    const body = await client.open(probe, { follow: false, timestamps: false, stream: 'probe' }, signal);
    body.destroy();
    return OLD;
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    if (err.code === 404) return OLD;
    if (err.code !== 422) throw err;
    const reason = streamCause(err.body);
    if (reason === 'FieldValueNotSupported') return undefined;
    if (reason === 'FieldValueForbidden') return 'its apiserver has the PodLogsQuerySplitStreams feature gate off';
    throw err;
  }
}

const OLD = 'its apiserver has no PodLogOptions.stream (Kubernetes before 1.32)';

function streamCause(body: string): string | undefined {
  try {
    const status = JSON.parse(body) as { details?: { causes?: { field?: string; reason?: string }[] } };
    return status.details?.causes?.find((c) => c.field === 'stream')?.reason;
  } catch {
    return undefined;
  }
}
