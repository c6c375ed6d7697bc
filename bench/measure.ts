// Running a tailer (one or more processes) and measuring it from the outside: lines from
// its stdout, CPU (user+sys) and peak RSS of each process and its children from /proc.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

export interface Command {
  /** shown in the report, e.g. "stern ktail-dev-2" */
  label: string;
  file: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
}

const CLK_TCK = (() => {
  const r = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  const n = Number(r.stdout?.trim());
  return Number.isFinite(n) && n > 0 ? n : 100;
})();

interface ProcStat {
  ppid: number;
  cpuTicks: number;
}

/** utime+stime+cutime+cstime (ticks) and the parent of one process; undefined once it is gone. */
function readStat(pid: number): ProcStat | undefined {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // fields after "(comm)": state ppid … utime(14) stime(15) cutime(16) cstime(17), 1-based over the whole line
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    const n = (i: number) => Number(f[i - 3]);
    return { ppid: n(4), cpuTicks: n(14) + n(15) + n(16) + n(17) };
  } catch {
    return undefined;
  }
}

/** kB of a VmHWM / VmRSS line of /proc/<pid>/status */
function readStatusKb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** The pid and every live descendant of it. */
function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const d of readdirSync('/proc')) {
    const pid = Number(d);
    if (!Number.isInteger(pid) || pid === root) continue;
    const st = readStat(pid);
    if (!st) continue;
    const list = children.get(st.ppid);
    if (list) list.push(pid);
    else children.set(st.ppid, [pid]);
  }
  const out = [root];
  for (let i = 0; i < out.length; i++) out.push(...(children.get(out[i] as number) ?? []));
  return out;
}

/**
 * CPU and memory of a set of processes and their children. Children are looked up every
 * sample (a tailer that forks, e.g. an exec credential plugin, is counted); a child's
 * time after it was reaped is in its parent's cutime/cstime.
 */
export class ProcessMeter {
  private tree: number[];
  private peakKb = new Map<number, number>();
  private lastTicks = new Map<number, number>();
  private timer: NodeJS.Timeout;
  /** max over samples of the summed VmRSS of every process */
  peakSumRssKb = 0;

  constructor(
    private readonly roots: number[],
    sampleMs = 500,
  ) {
    this.tree = roots.flatMap(processTree);
    this.sample();
    this.timer = setInterval(() => this.sample(true), sampleMs);
    this.timer.unref();
  }

  /** Reads every process once more; `rescan` also looks for new children. */
  sample(rescan = false): void {
    if (rescan) this.tree = this.roots.flatMap(processTree);
    let sum = 0;
    for (const pid of this.tree) {
      const st = readStat(pid);
      if (st) this.lastTicks.set(pid, st.cpuTicks);
      const hwm = readStatusKb(pid, 'VmHWM');
      if (hwm > (this.peakKb.get(pid) ?? 0)) this.peakKb.set(pid, hwm);
      sum += readStatusKb(pid, 'VmRSS');
    }
    if (sum > this.peakSumRssKb) this.peakSumRssKb = sum;
  }

  /** CPU ms (user+sys) used so far by all processes, as of a fresh read of the known ones. */
  cpuMs(): number {
    for (const pid of this.tree) {
      const st = readStat(pid);
      if (st) this.lastTicks.set(pid, st.cpuTicks);
    }
    let ticks = 0;
    for (const t of this.lastTicks.values()) ticks += t;
    return (ticks * 1000) / CLK_TCK;
  }

  /** Sum over processes of each one's peak RSS (VmHWM): an upper bound of their joint peak. */
  peakRssMb(): number {
    this.sample();
    let kb = 0;
    for (const v of this.peakKb.values()) kb += v;
    return kb / 1024;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

export interface Arrival {
  /** performance.now() of the chunk the line came in */
  at: number;
  /** Date.now() of the same moment (to compare with write times in the text) */
  wall: number;
}

export interface Running {
  children: ChildProcess[];
  meter: ProcessMeter;
  spawnedAt: number;
  firstLineAt?: number;
  lines: number;
  /** the last few kB each process wrote on stderr, for the report when something failed */
  stderrTail(): string;
  exitCodes(): (number | string | null)[];
  /** SIGTERM, then SIGKILL after graceMs; resolves when every process is gone */
  stop(graceMs?: number): Promise<void>;
}

/** Spawns the commands side by side and calls onLine for every stdout line of any of them. */
export function startTailer(commands: Command[], onLine: (line: string, arrival: Arrival) => void): Running {
  const spawnedAt = performance.now();
  const stderr: string[] = commands.map(() => '');
  const exits: (number | string | null)[] = commands.map(() => null);
  const exited: Promise<void>[] = [];
  const children = commands.map((c, i) => {
    const child = spawn(c.file, c.args, { env: c.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    exited.push(
      new Promise((resolve) =>
        child.once('exit', (code, sig) => {
          exits[i] = code ?? sig;
          resolve();
        }),
      ),
    );
    child.on('error', (err) => {
      stderr[i] += `\nspawn failed: ${err.message}`;
    });
    let rest = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      const arrival = { at: performance.now(), wall: Date.now() };
      run.firstLineAt ??= arrival.at;
      let start = 0;
      let nl = chunk.indexOf('\n');
      if (nl >= 0 && rest) {
        onLine(rest + chunk.slice(0, nl), arrival);
        run.lines++;
        rest = '';
        start = nl + 1;
        nl = chunk.indexOf('\n', start);
      }
      for (; nl >= 0; nl = chunk.indexOf('\n', start)) {
        onLine(chunk.slice(start, nl), arrival);
        run.lines++;
        start = nl + 1;
      }
      rest += chunk.slice(start);
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr[i] = (stderr[i] + chunk).slice(-4000);
    });
    return child;
  });
  const pids = children.map((c) => c.pid).filter((p): p is number => p !== undefined);
  const run: Running = {
    children,
    meter: new ProcessMeter(pids),
    spawnedAt,
    lines: 0,
    stderrTail: () =>
      commands
        .map((c, i) => (stderr[i] ? `[${c.label}] ${stderr[i]?.trim().split('\n').slice(-5).join('\n')}` : ''))
        .filter(Boolean)
        .join('\n'),
    exitCodes: () => [...exits],
    async stop(graceMs = 5000) {
      run.meter.sample();
      run.meter.stop();
      for (const [i, c] of children.entries()) if (exits[i] === null) c.kill('SIGTERM');
      const killer = setTimeout(() => children.forEach((c, i) => exits[i] === null && c.kill('SIGKILL')), graceMs);
      await Promise.all(exited);
      clearTimeout(killer);
    },
  };
  return run;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Waits until check() is true (polled, and whenever poke() is called) or the deadline passes. */
export function waitUntil(check: () => boolean, timeoutMs: number): { done: Promise<boolean>; poke(): void } {
  let resolve!: (v: boolean) => void;
  const done = new Promise<boolean>((r) => (resolve = r));
  let settled = false;
  const finish = (v: boolean) => {
    if (settled) return;
    settled = true;
    clearInterval(poll);
    clearTimeout(timer);
    resolve(v);
  };
  const poll = setInterval(() => check() && finish(true), 100);
  const timer = setTimeout(() => finish(check()), timeoutMs);
  if (check()) finish(true);
  return { done, poke: () => !settled && check() && finish(true) };
}

export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] as number;
}

export const median = (xs: number[]) =>
  percentile(
    [...xs].sort((a, b) => a - b),
    50,
  );
