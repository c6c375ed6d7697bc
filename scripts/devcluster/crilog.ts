// Writing container log files the way a container runtime does (CRI format), so kwok's
// kubelet log reader serves them as a real node would.
import { appendFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

export type CriStream = 'stdout' | 'stderr';

let lastNs = 0n;

const nowNs = () => BigInt(Date.now()) * 1_000_000n + (process.hrtime.bigint() % 1_000_000n);

/** RFC3339Nano (9 digits, as the kubelet writes them) of nanoseconds since the epoch. */
export function formatCriTimestamp(ns: bigint): string {
  const iso = new Date(Number(ns / 1_000_000n)).toISOString(); // …sss Z
  return `${iso.slice(0, -1)}${String(ns % 1_000_000n).padStart(6, '0')}Z`;
}

/** Nanoseconds since the epoch, strictly increasing within this process. */
function nextNs(): bigint {
  const now = nowNs();
  lastNs = now > lastNs ? now : lastNs + 1n;
  return lastNs;
}

/** RFC3339Nano timestamp, strictly increasing within this process (lines stay ordered). */
export function criTimestamp(): string {
  return formatCriTimestamp(nextNs());
}

export const criLine = (text: string, stream: CriStream = 'stdout') => `${criTimestamp()} ${stream} F ${text}\n`;

/** A line longer than containerd's 16 KB buffer as containerd writes it: P fragments, then the F end, one timestamp (ASCII text). */
export function criFragments(text: string, stream: CriStream = 'stdout', max = 16 * 1024): string {
  const stamp = criTimestamp();
  let out = '';
  let i = 0;
  for (; text.length - i > max; i += max) out += `${stamp} ${stream} P ${text.slice(i, i + max)}\n`;
  return `${out}${stamp} ${stream} F ${text.slice(i)}\n`;
}

/**
 * Stamps lines as containerd and CRI-O do: stdout and stderr each in their own goroutine,
 * so each stream's timestamps increase, but a stderr line can carry a timestamp older than
 * the stdout line written before it (up to `skewMs`), and some lines of the two streams
 * share one timestamp exactly. Deterministic: the same sequence numbers get the same offsets.
 */
export function skewedStamper(skewMs: number): (stream: CriStream, seq: number) => string {
  const last: Record<CriStream, bigint> = { stdout: 0n, stderr: 0n };
  const skewNs = BigInt(Math.round(skewMs * 1_000_000));
  return (stream, seq) => {
    if (stream === 'stdout') {
      last.stdout = nextNs();
      return formatCriTimestamp(last.stdout);
    }
    // every 5th stderr line shares the last stdout timestamp; the others lag behind by up to skewMs
    let ns = seq % 5 === 0 && last.stdout > 0n ? last.stdout : nowNs() - (skewNs * BigInt((seq * 7919) % 101)) / 100n;
    ns = ns > last[stream] ? ns : last[stream] + 1n;
    last[stream] = ns;
    return formatCriTimestamp(ns);
  };
}

export interface EmitOptions {
  count: number;
  /** lines per second; undefined = as fast as possible */
  rate?: number;
  text?: string;
  /** first sequence number (default 1) */
  start?: number;
  /** the streams lines go to, in turn (default: stdout only) */
  streams?: CriStream[];
  /** stderr lines stamped up to this many ms before the stdout lines around them (see skewedStamper) */
  skewMs?: number;
}

/**
 * Appends `PREFIX<seq>` lines to a CRI log file, in batches that keep to the rate. Each
 * batch opens the file by its path, as a runtime that reopens its log after a rotation:
 * lines written after `rotate` land in the new file, never in the renamed one.
 */
export async function appendLines(file: string, opts: EmitOptions): Promise<void> {
  const prefix = opts.text ?? 'line-';
  const first = opts.start ?? 1;
  const streams = opts.streams?.length ? opts.streams : ['stdout' as const];
  const stamp = opts.skewMs || streams.length > 1 ? skewedStamper(opts.skewMs ?? 0) : undefined;
  const line = (seq: number) => {
    const stream = streams[seq % streams.length] ?? 'stdout';
    return stamp ? `${stamp(stream, seq)} ${stream} F ${prefix}${seq}\n` : criLine(`${prefix}${seq}`, stream);
  };
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
    for (let i = written; i < batchEnd; i++) chunk += line(first + i);
    appendFileSync(file, chunk);
    written = batchEnd;
    // let the rest of the process (a rotate, a test's reader) run between batches
    if (written < opts.count) await new Promise((r) => setImmediate(r));
  }
}
