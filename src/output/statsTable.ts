// --stats: one table on stderr at the end, a row per cluster (live) or per tree (offline).
import { oneLine } from './sanitize.js';

export interface StatsRow {
  /** a cluster's name (untrusted: from a kubeconfig or a --save tree) */
  name: string;
  streams: number;
  lines: number;
  reconnects: number;
  errors: number;
}

export function statsTable(stats: StatsRow[]): string {
  const rows = [
    ['cluster', 'streams', 'lines', 'reconnects', 'errors'],
    ...stats.map((s) => [oneLine(s.name), s.streams, s.lines, s.reconnects, s.errors].map(String)),
  ];
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => r[i]?.length ?? 0))) ?? [];
  const row = (r: string[]) =>
    `ktail stats: ${r
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd()}\n`;
  return rows.map(row).join('');
}
