// 7. offline: --log-dir over a kubelet log tree the bench writes (no cluster). The CPU
// (user+sys) of `ktail --log-dir DIR -o raw` reading every line against `zcat`/`cat` of the
// same files (the floor: what reading the bytes costs), and of `--tail 10` on that tree
// against a tree with the same containers and 10× fewer lines (reading from the end: the
// same cost). KTAIL_BENCH_BASELINE=path/to/bin/ktail.js measures another build beside it
// (e.g. main's, for a before/after in one run).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BenchEnv } from '../env.js';
import { KTAIL_BIN, tailerEnv } from '../peers.js';
import { rounds, summary } from '../repeat.js';

const CONTAINERS = 20;
/** per container: three compressed rotations, the newest rotation still plain, then the live file */
const SHARES = [0.24, 0.24, 0.24, 0.16, 0.12];

export interface CpuRuns {
  command: string;
  /** CPU user+sys per run */
  runsMs: number[];
  medianMs: number;
  /** max − min over the runs */
  spreadMs: number;
  /** lines printed by the last run */
  lines: number;
}

export interface OfflineResult {
  lines: number;
  containers: number;
  files: number;
  bytes: number;
  repetitions: number;
  /** zcat of the .gz files and cat of the plain ones, to /dev/null */
  floor: CpuRuns;
  fullRead: CpuRuns;
  tail10: CpuRuns;
  /** --tail 10 on the same containers with 10× fewer lines */
  tail10Small: CpuRuns;
  baseline?: { bin: string; fullRead: CpuRuns; tail10: CpuRuns; tail10Small: CpuRuns };
}

const ticks = () => {
  const f = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
  // cutime, cstime: the CPU of waited-for children (fields 16 and 17)
  return Number(f[13]) + Number(f[14]);
};
const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** CPU (ms) of a command run to its end, its stdout counted in lines and thrown away */
function cpuOf(file: string, args: string[], env?: NodeJS.ProcessEnv): { ms: number; lines: number } {
  const before = ticks();
  const r = spawnSync('sh', ['-c', '"$0" "$@" | wc -l', file, ...args], { env, encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`${file} ${args.join(' ')}: exit ${r.status}: ${r.stderr.split('\n')[0]}`);
  // wc -l is part of every figure alike, the floor's included
  return { ms: ((ticks() - before) * 1000) / CLK_TCK, lines: Number(r.stdout.trim()) };
}

interface Job {
  key: string;
  label: string;
  file: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
}

/** Every job once untimed (files and node's modules in the page cache), then `n` interleaved rounds */
async function measureAll(n: number, jobs: Job[]): Promise<Record<string, CpuRuns>> {
  for (const j of jobs) cpuOf(j.file, j.args, j.env);
  const got = await rounds(
    n,
    jobs.map((j) => ({ key: j.key, run: async () => cpuOf(j.file, j.args, j.env) })),
  );
  return Object.fromEntries(
    jobs.map((j) => {
      const ms = (got[j.key] ?? []).map((g) => g.ms);
      const sum = summary(ms);
      return [
        j.key,
        { command: j.label, runsMs: ms, medianMs: sum.median, spreadMs: sum.max - sum.min, lines: got[j.key]?.at(-1)?.lines ?? 0 },
      ];
    }),
  );
}

const stamp = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);

/** `<root>/bench_pod-<i>_uid<i>/app/0.log*`, lines in time order; the files, in reading order */
export function writeTree(root: string, lines: number): string[] {
  const files: string[] = [];
  const perContainer = Math.floor(lines / CONTAINERS);
  const start = Date.UTC(2024, 4, 1);
  for (let c = 0; c < CONTAINERS; c++) {
    const dir = join(root, `bench_pod-${c}_uid${c}`, 'app');
    mkdirSync(dir, { recursive: true });
    let seq = 0;
    for (const [i, share] of SHARES.entries()) {
      const n = i === SHARES.length - 1 ? perContainer - seq : Math.round(perContainer * share);
      let text = '';
      for (let k = 0; k < n; k++, seq++) {
        const t = new Date(start + seq * 7).toISOString().slice(0, -1);
        text += `${t}${String(seq % 1e6).padStart(6, '0')}Z stdout F pod-${c} line ${seq} ${'lorem ipsum dolor sit amet '.repeat(2)}\n`;
      }
      const last = i === SHARES.length - 1;
      const name = last ? '0.log' : `0.log.${stamp(start + seq * 7)}${i < 3 ? '.gz' : ''}`;
      const path = join(dir, name);
      writeFileSync(path, name.endsWith('.gz') ? gzipSync(text) : text);
      files.push(path);
    }
  }
  return files;
}

export async function offline(env: BenchEnv): Promise<OfflineResult> {
  const lines = env.quick ? 200_000 : 1_000_000;
  const base = mkdtempSync(join(tmpdir(), 'ktail-bench-offline-'));
  try {
    env.log(
      `offline: writing ${lines.toLocaleString('en-US')} lines over ${CONTAINERS} containers (rotated, .gz and live files), and a tree 10× smaller`,
    );
    const big = join(base, 'node-big');
    const small = join(base, 'node-small');
    const files = writeTree(big, lines);
    writeTree(small, lines / 10);
    const gz = files.filter((f) => f.endsWith('.gz'));
    const plain = files.filter((f) => !f.endsWith('.gz'));
    const ktailJobs = (bin: string, label: string, prefix: string): Job[] => {
      const e = tailerEnv(env);
      const ktail = (dir: string, ...more: string[]) => [
        ...env.ktailNodeArgs,
        bin,
        '--log-dir',
        dir,
        '-o',
        'raw',
        '--color',
        'never',
        ...more,
      ];
      return [
        { key: `${prefix}fullRead`, label: `${label} --log-dir DIR -o raw`, file: process.execPath, args: ktail(big), env: e },
        {
          key: `${prefix}tail10`,
          label: `${label} --log-dir DIR -o raw --tail 10`,
          file: process.execPath,
          args: ktail(big, '--tail', '10'),
          env: e,
        },
        {
          key: `${prefix}tail10Small`,
          label: `${label} --log-dir SMALL -o raw --tail 10`,
          file: process.execPath,
          args: ktail(small, '--tail', '10'),
          env: e,
        },
      ];
    };
    const baselineBin = process.env.KTAIL_BENCH_BASELINE;
    const got = await measureAll(env.rounds, [
      {
        key: 'floor',
        label: 'zcat *.gz; cat the rest',
        file: 'sh',
        args: ['-c', 'zcat "$@" && cat $PLAIN', 'sh', ...gz],
        env: { ...process.env, PLAIN: plain.join(' ') },
      },
      ...ktailJobs(KTAIL_BIN, 'ktail', ''),
      ...(baselineBin ? ktailJobs(baselineBin, 'baseline', 'baseline.') : []),
    ]);
    const pick = (prefix: string) => ({
      fullRead: got[`${prefix}fullRead`] as CpuRuns,
      tail10: got[`${prefix}tail10`] as CpuRuns,
      tail10Small: got[`${prefix}tail10Small`] as CpuRuns,
    });
    const floor = got.floor as CpuRuns;
    const mine = pick('');
    const baseline = baselineBin ? { bin: baselineBin, ...pick('baseline.') } : undefined;
    const bytes = files.reduce((sum, f) => sum + readFileSync(f).length, 0);
    const res: OfflineResult = {
      lines,
      containers: CONTAINERS,
      files: readdirSync(big).length * SHARES.length,
      bytes,
      repetitions: env.rounds,
      floor,
      ...mine,
      baseline,
    };
    env.log(
      `offline: full read ${mine.fullRead.medianMs} ms CPU vs floor ${floor.medianMs} ms; --tail 10 ${mine.tail10.medianMs} ms vs ${mine.tail10Small.medianMs} ms on the small tree`,
    );
    if (baseline)
      env.log(
        `offline: baseline full read ${baseline.fullRead.medianMs} ms, --tail 10 ${baseline.tail10.medianMs} ms vs ${baseline.tail10Small.medianMs} ms`,
      );
    return res;
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}
