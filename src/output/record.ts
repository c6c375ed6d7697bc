// A log line as the fields that templates and JSON output speak of (stern's names).
import type { LogLine } from '../target.js';

export interface LogRecord {
  cluster: string;
  namespace: string;
  podName: string;
  containerName: string;
  nodeName: string;
  labels: Readonly<Record<string, string>>;
  timestamp: string;
  message: string;
}

export function recordOf(line: LogLine): LogRecord {
  const t = line.target;
  return {
    cluster: t.cluster.name,
    namespace: t.namespace,
    podName: t.pod,
    containerName: t.container,
    nodeName: t.nodeName,
    labels: t.labels,
    timestamp: line.timestamp,
    message: line.message,
  };
}
