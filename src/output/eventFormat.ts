// How an event (--events) is printed: never like a log line. In text formats the marker ⚑
// stands where a log line has its container name, which a container name cannot be (a DNS
// label), and the event's text is always one line; in JSON formats it is an object with
// "kind":"event", a key log lines never have.
import type { PodEvent } from '../shared/event.js';
import { isWarning } from '../shared/event.js';
import { sgr, type Colors, type Paint } from './colors.js';
import type { OutputFormat } from './formatter.js';
import { oneLine } from './sanitize.js';

export const EVENT_MARKER = '⚑';

export interface EventFormatOptions {
  format: OutputFormat;
  showCluster: boolean;
  showNamespace: boolean;
  timestamps: boolean;
  showTime: (ts: string) => string;
}

// inverse video: no pod or container colour looks like it
const WARNING: Paint = sgr('7;33');
const NORMAL: Paint = sgr('7;36');

/** The event as the JSON formats print it (keys as the log lines' where they mean the same). */
export function eventRecord(e: PodEvent) {
  const o = e.involvedObject;
  return {
    kind: 'event',
    cluster: e.cluster.name,
    namespace: o.namespace,
    podName: o.name,
    ...(o.container ? { containerName: o.container } : {}),
    type: e.type,
    reason: e.reason,
    message: e.message,
    count: e.count,
    timestamp: e.timestamp,
    source: e.source,
    involvedObject: {
      kind: o.kind,
      namespace: o.namespace,
      name: o.name,
      uid: o.uid,
      ...(o.fieldPath ? { fieldPath: o.fieldPath, container: o.container } : {}),
    },
  };
}

// eslint-disable-next-line no-control-regex
const C1 = /[\u007f-\u009f]/g;
/** JSON.stringify leaves DEL and C1 controls raw: escaped, as the log lines' JSON does. */
const json = (value: unknown, indent?: number) =>
  JSON.stringify(value, null, indent).replace(C1, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);

export function eventFormatter(o: EventFormatOptions, c: Colors): (e: PodEvent) => string {
  if (o.format === 'json' || o.format === 'extjson') return (e) => `${json(eventRecord(e))}\n`;
  if (o.format === 'ppextjson') return (e) => `${json(eventRecord(e), 2)}\n`;
  return (e) => {
    const t = e.involvedObject;
    const paint = c.enabled ? (isWarning(e) ? WARNING : NORMAL) : (s: string) => s;
    const parts: string[] = [];
    if (o.showCluster) parts.push(c.of(e.cluster.name)(e.cluster.name));
    if (o.showNamespace) parts.push(c.pod(t.name)(t.namespace));
    parts.push(c.pod(t.name)(t.name), paint(EVENT_MARKER));
    if (t.container) parts.push(c.container(t.name, t.container)(t.container));
    if (o.timestamps && e.timestamp) parts.push(o.showTime(e.timestamp));
    const count = e.count > 1 ? ` (x${e.count})` : '';
    parts.push(`${paint(`${oneLine(e.type)} ${oneLine(e.reason)}`)}: ${oneLine(e.message)}${count}`);
    return `${parts.join(' ')}\n`;
  };
}
