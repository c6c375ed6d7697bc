// 4. startup: spawn → first line on stdout. ktail -m over 5 clusters against stern on one
// cluster (its only way), each cluster holding one pod with one line already written; ktail
// on that one cluster; and the floor, node itself printing a line (what the runtime costs
// before ktail's first byte of code). Runs interleaved, median of the repetitions.
// KTAIL_BENCH_BASELINE=path/to/bin/ktail.js adds another build on one cluster beside them.
import { appendLines, clusterName, createPod } from '../../scripts/devcluster/index.js';
import { kubeDirFor, removeNamespaceOn, type BenchEnv } from '../env.js';
import { median, sleep, startTailer, type Command } from '../measure.js';
import { ktailMulti, ktailOne, stern, tailerEnv, type Selection } from '../peers.js';
import { rounds } from '../repeat.js';

export const STARTUP_CLUSTERS = 5;

export interface FirstLine {
  command: string;
  /** spawn → first stdout line, per repetition (null: none within the timeout) */
  runsMs: (number | null)[];
  medianMs: number;
}

export interface StartupResult {
  clusters: number;
  repetitions: number;
  /** ktail -m over every cluster */
  ktailMulti: FirstLine;
  /** stern on the first cluster */
  stern: FirstLine;
  /** ktail on the first cluster only (reference) */
  ktailOne: FirstLine;
  /** `node -e` writing one line: the runtime's own start-up */
  nodeFloor: FirstLine;
  /** KTAIL_BENCH_BASELINE's build on the first cluster */
  baselineOne?: FirstLine;
}

async function firstLine(cmd: Command, timeoutMs: number): Promise<number | null> {
  let resolve!: (ms: number | null) => void;
  const got = new Promise<number | null>((r) => (resolve = r));
  const tailer = startTailer([cmd], (_line, arrival) => resolve(arrival.at - tailer.spawnedAt));
  const timer = setTimeout(() => resolve(null), timeoutMs);
  const ms = await got;
  clearTimeout(timer);
  await tailer.stop();
  return ms === null ? null : Math.round(ms * 10) / 10;
}

export async function startup(env: BenchEnv): Promise<StartupResult> {
  const clusters = Array.from({ length: STARTUP_CLUSTERS }, (_, i) => clusterName(i + 1));
  const repetitions = env.quick ? 5 : 10;
  const namespace = `bench-start-${env.runId}`;
  env.log(`startup: first line, ktail -m over ${clusters.length} clusters vs stern on 1, ${repetitions} times`);
  await Promise.all(
    clusters.map(async (c) => {
      const files = await createPod(c, `${namespace}/p000`, { containers: ['c0'] });
      await appendLines(files.c0 as string, { count: 1, text: `start.${c}.` });
    }),
  );
  try {
    const sel: Selection = { namespace, query: '.', tail: -1, maxLogRequests: 50 };
    const baselineBin = process.env.KTAIL_BENCH_BASELINE;
    const cmds: Record<string, Command> = {
      ...(baselineBin ? { baselineOne: ktailOne(env, clusters[0] as string, sel, baselineBin, 'baseline') } : {}),
      ktailMulti: ktailMulti(env, kubeDirFor(env, clusters), sel),
      stern: stern(env, clusters[0] as string, sel),
      ktailOne: ktailOne(env, clusters[0] as string, sel),
      nodeFloor: {
        label: 'node -e (floor)',
        file: process.execPath,
        args: ['-e', "process.stdout.write('floor\\n')"],
        env: tailerEnv(env),
      },
    };
    // one untimed run each: the binaries and node's modules in the page cache, as for a user's second run
    for (const cmd of Object.values(cmds)) await firstLine(cmd, 30_000);
    const runs = await rounds(
      repetitions,
      Object.entries(cmds).map(([key, cmd]) => ({
        key,
        run: async () => {
          const ms = await firstLine(cmd, 30_000);
          await sleep(200);
          return ms;
        },
      })),
    );
    const summary = (key: string): FirstLine => {
      const ms = runs[key] ?? [];
      const ok = ms.filter((x): x is number => x !== null);
      return { command: cmds[key]?.label ?? key, runsMs: ms, medianMs: ok.length ? median(ok) : NaN };
    };
    const res = {
      clusters: clusters.length,
      repetitions,
      ktailMulti: summary('ktailMulti'),
      stern: summary('stern'),
      ktailOne: summary('ktailOne'),
      nodeFloor: summary('nodeFloor'),
      ...(baselineBin ? { baselineOne: summary('baselineOne') } : {}),
    };
    env.log(
      `startup: median first line ktail -m ${res.ktailMulti.medianMs} ms, stern ${res.stern.medianMs} ms, ktail 1 cluster ${res.ktailOne.medianMs} ms, node floor ${res.nodeFloor.medianMs} ms${res.baselineOne ? `, baseline 1 cluster ${res.baselineOne.medianMs} ms` : ''}`,
    );
    return res;
  } finally {
    await removeNamespaceOn(clusters, namespace);
  }
}
