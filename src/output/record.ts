// A log line as the fields that templates and JSON output speak of: stern's Log struct
// (Message NodeName Namespace PodName ContainerName Labels Annotations PodColor
// ContainerColor, json names as stern's tags) and ktail's Timestamp, Cluster, ClusterColor.
import type { LogLine } from '../shared/target.js';
import type { Paint } from './colors.js';
import { GoColor, GoStruct, stringMap, type Value } from '../template/values.js';

/** Go field name → JSON key (undefined: json:"-"), in stern's order, then ktail's */
const FIELDS = new Map<string, string | undefined>([
  ['Message', 'message'],
  ['NodeName', 'nodeName'],
  ['Namespace', 'namespace'],
  ['PodName', 'podName'],
  ['ContainerName', 'containerName'],
  ['Labels', 'labels'],
  ['Annotations', 'annotations'],
  ['PodColor', undefined],
  ['ContainerColor', undefined],
  ['Timestamp', 'timestamp'],
  ['Cluster', 'cluster'],
  ['ClusterColor', undefined],
]);

export const LOG_TYPE = 'stern.Log';
export const LOG_FIELDS: ReadonlySet<string> = new Set(FIELDS.keys());

export interface Paints {
  podColor: Paint;
  containerColor: Paint;
  clusterColor: Paint;
}

const NO_PAINT: Paints = { podColor: (s) => s, containerColor: (s) => s, clusterColor: (s) => s };

/** The struct a template (and -o json) sees for one line. */
export function recordOf(line: LogLine, p: Paints = NO_PAINT): GoStruct {
  const t = line.target;
  const values: Value[] = [
    line.message,
    t.nodeName,
    t.namespace,
    t.pod,
    t.container,
    stringMap(t.labels),
    stringMap(t.annotations),
    new GoColor('', p.podColor),
    new GoColor('', p.containerColor),
    line.timestamp,
    t.cluster.name,
    new GoColor('', p.clusterColor),
  ];
  return new GoStruct(LOG_TYPE, new Map([...FIELDS.keys()].map((k, i) => [k, values[i]])), FIELDS);
}
