// A log line → the text ktail prints: `[cluster] [namespace] pod container [time] message`.
// The prefix is built once per target, not per line.
import type { LogLine, Target } from '../target.js';
import type { Colors } from './colors.js';

export interface TextLayout {
  showCluster: boolean;
  showNamespace: boolean;
  timestamps: boolean;
}

export type Formatter = (line: LogLine) => string;

export function prefixOf(t: Target, layout: TextLayout, c: Colors): string {
  const parts: string[] = [];
  if (layout.showCluster) parts.push(c.of(t.cluster.name)(t.cluster.name));
  if (layout.showNamespace) parts.push(c.of(t.namespace)(t.namespace));
  parts.push(c.of(t.pod)(t.pod), c.of(t.container)(t.container));
  return parts.join(' ') + ' ';
}

export function textFormatter(layout: TextLayout, c: Colors): Formatter {
  const prefixes = new WeakMap<Target, string>();
  return (line) => {
    let prefix = prefixes.get(line.target);
    if (prefix === undefined) {
      prefix = prefixOf(line.target, layout, c);
      prefixes.set(line.target, prefix);
    }
    return layout.timestamps ? `${prefix}${line.timestamp} ${line.message}\n` : `${prefix}${line.message}\n`;
  };
}
