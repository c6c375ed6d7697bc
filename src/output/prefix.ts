// The default line prefix: `[cluster] [namespace] pod container `, coloured per value.
import type { Target } from '../shared/target.js';
import type { Colors } from './colors.js';

export interface TextLayout {
  showCluster: boolean;
  showNamespace: boolean;
  timestamps: boolean;
}

export function prefixOf(t: Target, layout: TextLayout, c: Colors): string {
  const parts: string[] = [];
  if (layout.showCluster) parts.push(c.of(t.cluster.name)(t.cluster.name));
  // stern paints the namespace in its pod's colour
  if (layout.showNamespace) parts.push(c.pod(t.pod)(t.namespace));
  parts.push(c.pod(t.pod)(t.pod), c.container(t.pod, t.container)(t.container));
  return parts.join(' ') + ' ';
}
