// Writing container log files the way a container runtime does (CRI format), so kwok's
// kubelet log reader serves them as a real node would.
import { appendFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

let lastNs = 0n;

/** RFC3339Nano timestamp, strictly increasing within this process (lines stay ordered). */
export function criTimestamp(): string {
  const now = BigInt(Date.now()) * 1_000_000n + (process.hrtime.bigint() % 1_000_000n);
  lastNs = now > lastNs ? now : lastNs + 1n;
  const ms = Number(lastNs / 1_000_000n);
  const iso = new Date(ms).toISOString(); // …sss Z
  return `${iso.slice(0, -1)}${String(lastNs % 1_000_000n).padStart(6, '0')}Z`;
}

export const criLine = (text: string, stream: 'stdout' | 'stderr' = 'stdout') => `${criTimestamp()} ${stream} F ${text}\n`;

export interface EmitOptions {
  count: number;
  /** lines per second; undefined = as fast as possible */
  rate?: number;
  text?: string;
  /** first sequence number (default 1) */
  start?: number;
}

/**
 * Appends `PREFIX<seq>` lines to a CRI log file, in batches that keep to the rate. Each
 * batch opens the file by its path, as a runtime that reopens its log after a rotation:
 * lines written after `rotate` land in the new file, never in the renamed one.
 */
export async function appendLines(file: string, opts: EmitOptions): Promise<void> {
  const prefix = opts.text ?? 'line-';
  const first = opts.start ?? 1;
  const began = Date.now();
  let written = 0;
  while (written < opts.count) {
    const due = opts.rate ? Math.min(opts.count, Math.floor(((Date.now() - began) / 1000) * opts.rate) + 1) : opts.count;
    const batchEnd = Math.min(due, written + 500);
    if (batchEnd <= written) {
      await sleep(Math.max(1, Math.min(20, 1000 / (opts.rate ?? 1000))));
      continue;
    }
    let chunk = '';
    for (let seq = written; seq < batchEnd; seq++) chunk += criLine(`${prefix}${first + seq}`);
    appendFileSync(file, chunk);
    written = batchEnd;
    // let the rest of the process (a rotate, a test's reader) run between batches
    if (written < opts.count) await new Promise((r) => setImmediate(r));
  }
}
