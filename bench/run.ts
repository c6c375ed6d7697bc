// npm run bench [-- --quick] [--only throughput,latency,…] [--rounds N] [--out FILE] [--before REF]
//
// Runs ktail and its peers (stern, kubectl logs) one after another against the same pods on
// the local clusters, and writes every figure to bench/results/latest.json and a table to
// stdout. Progress goes to stderr. The clusters are brought up as needed; the ones the bench
// started beyond the first 3 are stopped again before it exits.
import { rmSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { clusterName, ensureBinaries } from '../scripts/devcluster/index.js';
import { Clusters, makeEnv, raiseInotifyLimits, sweepOldRuns, type BenchEnv } from './env.js';
import { versions } from './peers.js';
import { compareAll, RATIO_DEFINITIONS, ratiosOf } from './ratios.js';
import { writeJson, type BenchResults } from './report.js';
import { table } from './table.js';
import { FLAT_TOLERANCE, scaleOf } from './scale.js';
import { fanout, fanout20k, fanoutClusters, rss1k } from './scenarios/fanout.js';
import { DEFAULT_BEFORE_REF, FILTER_VARIANTS, filters, PROBE_INCLUDE } from './scenarios/filters.js';
import { latency } from './scenarios/latency.js';
import { offline } from './scenarios/offline.js';
import { oneStream } from './scenarios/oneStream.js';
import { STARTUP_CLUSTERS, startup } from './scenarios/startup.js';
import { THROUGHPUT_CLUSTERS, throughput } from './scenarios/throughput.js';

type Key = 'oneStream' | 'latency' | 'throughput' | 'rss1k' | 'startup' | 'fanout' | 'fanout20k' | 'filters' | 'offline';

/** what a scenario may take from the command line besides the environment */
interface ScenarioArgs {
  beforeRef: string;
}

interface Scenario {
  key: Key;
  /** `--only PART` runs this scenario too (the fan-out's points are one scenario to the user) */
  partOf?: Key;
  clusters: (quick: boolean) => number;
  run: (env: BenchEnv, args: ScenarioArgs) => Promise<NonNullable<BenchResults[Key]>>;
}

// cheapest cluster needs first, so that extra clusters run only while they are used
const SCENARIOS: Scenario[] = [
  { key: 'oneStream', clusters: () => 1, run: oneStream },
  { key: 'latency', clusters: () => 1, run: latency },
  { key: 'filters', clusters: () => 1, run: (env, args) => filters(env, args.beforeRef) },
  { key: 'throughput', clusters: () => THROUGHPUT_CLUSTERS, run: throughput },
  { key: 'rss1k', clusters: () => 1, run: rss1k },
  { key: 'startup', clusters: () => STARTUP_CLUSTERS, run: startup },
  { key: 'fanout', clusters: fanoutClusters, run: fanout },
  // right after the 5,000 point: the same ten clusters stay up
  { key: 'fanout20k', partOf: 'fanout', clusters: fanoutClusters, run: fanout20k },
  // --log-dir reads files: no cluster
  { key: 'offline', clusters: () => 0, run: offline },
];

function positiveInt(v: string | undefined): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--rounds takes a whole number of at least 1, not ${v ?? 'nothing'}`);
  return n;
}

function parseArgs(argv: string[]) {
  const opts = {
    quick: false,
    rounds: 3,
    beforeRef: DEFAULT_BEFORE_REF,
    cpuProf: undefined as string | undefined,
    only: undefined as Set<string> | undefined,
    out: fileURLToPath(new URL('./results/latest.json', import.meta.url)),
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') opts.quick = true;
    else if (a === '--only') opts.only = new Set((argv[++i] ?? '').split(','));
    else if (a === '--out') opts.out = argv[++i] ?? opts.out;
    else if (a === '--rounds') opts.rounds = positiveInt(argv[++i]);
    else if (a === '--before') opts.beforeRef = argv[++i] ?? opts.beforeRef;
    else if (a === '--cpu-prof') opts.cpuProf = resolve(argv[++i] ?? 'bench/results/profiles');
    else if (a === '-h' || a === '--help') {
      console.log(
        'usage: npm run bench -- [--quick] [--only oneStream,latency,filters,throughput,rss1k,startup,fanout,fanout20k,offline] [--rounds N] [--out FILE] [--before REF] [--cpu-prof DIR]',
      );
      console.log('  --only fanout   both fan-out points (5,000 and 20,000 streams); fanout20k: the 20,000 one alone');
      console.log('  --rounds N      runs of every tailer in each timed scenario, interleaved (default 3); startup keeps its own count');
      console.log(
        `  --before REF    the commit the filters scenario compares ktail with (default ${DEFAULT_BEFORE_REF}, before the RE2 change)`,
      );
      console.log(
        '  --cpu-prof DIR  every ktail run under node --cpu-prof, one profile per run in DIR (the figures then include the profiler)',
      );
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  const unknown = [...(opts.only ?? [])].filter((k) => !SCENARIOS.some((s) => s.key === k));
  if (unknown.length) throw new Error(`unknown scenario(s): ${unknown.join(', ')}`);
  return opts;
}

const NOTES = [
  "Rounds: every timed scenario runs each tailer --rounds times (default 3), interleaved (ktail, peer, ktail, peer …; filters rotates the order each round); startup repeats its own count (5 quick, 10 full). A tailer's figures are the medians over its rounds (rounds[] in the JSON holds each round); lines written, received, lost and duplicated are summed over the rounds; streams open is the worst round. Each ratio is median ÷ median.",
  "Noise: a ratio is marked ~ (and ratioSpreads[key].rangesOverlap is true) when the two sides' ranges, min–max over the rounds, overlap: some round of one side was as good as some round of the other, so the spread is wider than the difference the ratio reports. Unmarked means every round of one side beat every round of the other; with 3 rounds each that happens by chance 1 time in 10 (2 of the 20 equally likely orderings) when the two do not differ, so an unmarked ratio is a difference, not a proof of its size. Each side's relative spread ((max − min) ÷ median) is in ratioSpreads too.",
  'Every tailer runs alone, one after another, against the same pods; each run writes lines of its own (a fresh tag) and the tailers start with --tail 0, except startup and one stream, which read lines already written.',
  'Measured lines are <tag>.<stream>.<seq>[.<write time>]: lost and duplicated lines are counted exactly per stream.',
  "stern follows one kubeconfig context per process: in throughput and fan-out one stern runs per cluster, and their CPU and RSS are summed (RSS: sum of each process's VmHWM).",
  'stern runs with --qps -1 (no client-side throttling) and, like ktail, --max-log-requests = streams per cluster.',
  'CPU is user+sys from /proc/<pid>/stat of the tailer processes and their children. throughput/latency/fan-out: from the first measured line written to the last one received; one stream: from spawn to the last line.',
  'Peak RSS is VmHWM from /proc/<pid>/status.',
  "fan-out: two points over the same clusters, 10 × 500 containers (5,000 streams) and 10 × 2,000 (20,000; fanout20k), 10 containers per pod, 1 line/s per stream for 20 s; the quick run has 3 × 100 and a small 20k point of 3 × 500 (1,500 streams), so that its slope has three points too. Per stream: peak RSS ÷ streams (KB) and CPU during the trickle ÷ streams (ms). At 20,000 streams the bench's own writing (20,000 appends a second) does not keep to the 20 s on a loaded 2-core machine (the row 'writing the lines took'): CPU during the trickle then covers a longer window, which can differ between the tailers.",
  `scale: a least-squares line through peak RSS (median over the rounds) against streams at rss1k (1 cluster), fanout and fanout20k (10 clusters), for ktail and for the sterns summed: MB per 1,000 streams and the intercept. RSS per stream is called flat when every point's (RSS − intercept) ÷ streams is within ±${FLAT_TOLERANCE * 100}% of the slope; were RSS to grow with clusters, the one-cluster point would fall below the line through the ten-cluster ones.`,
  'Before the measured lines, ready probes are written until every stream has printed one (readyMs: spawn to all streams open).',
  'one stream: every tool follows (ktail default, kubectl logs -f, stern) from the start of the log, timed from spawn until every line arrived, then stopped.',
  "The bench writes the log files and reads the tailer's stdout in one process (lines are written in 500-line batches between reads): throughput wall time includes the writing (emitMs).",
  'startup: one untimed run of each command first, then the commands interleaved for every repetition; the median and range are reported.',
  `filters: one cluster, 20 containers of log-like lines (an HTTP server's logfmt; mean length in filters.lineBytes); ktail without filters, ktail with -i/-e, ktail built from an older commit (default ${DEFAULT_BEFORE_REF}: JS RegExp instead of RE2) without and with the same filters, and stern with them, interleaved (the order rotated each round), over the rounds: median and range of CPU per line. Variants: ${FILTER_VARIANTS.map((v) => `${v.name} (-i '${v.include.join("' -i '")}' -e '${v.exclude.join("' -e '")}')`).join('; ')}; every measured line matches the -i and none the -e. A second -i '${PROBE_INCLUDE}' lets the ready probes through. The older build is exported with git archive into the temp dir and built there with the repo's node_modules; without it (e.g. a shallow clone) its figures are null.`,
  'The clusters (etcd, kube-apiserver, kwok) and the bench itself share the machine with the tailer: figures are for comparison on one machine, not absolute.',
];

async function main(): Promise<number> {
  const opts = parseArgs(process.argv.slice(2));
  const began = Date.now();
  const env = makeEnv(opts.quick, opts.cpuProf ? ['--cpu-prof', '--cpu-prof-dir', opts.cpuProf] : [], opts.rounds);
  const clusters = new Clusters();
  const onSignal = () => {
    env.log('interrupted: stopping the clusters the bench started');
    void clusters.release(3, env).finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  env.log(`${opts.quick ? 'quick' : 'full'} run ${env.runId}, ${opts.rounds} rounds`);
  ensureBinaries('all');
  raiseInotifyLimits(env);
  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryMb: Math.round(totalmem() / 2 ** 20),
    kernel: release(),
    loadAvgAtStart: loadavg().map((x) => Math.round(x * 100) / 100),
    loadAvgAtEnd: undefined as number[] | undefined,
    versions: versions(),
  };

  const results: Omit<BenchResults, 'ratios' | 'ratioSpreads' | 'ratioDefinitions'> = {
    schema: 2,
    quick: opts.quick,
    rounds: opts.rounds,
    runId: env.runId,
    startedAt: new Date(began).toISOString(),
    finishedAt: '',
    durationSec: 0,
    machine,
    notes: opts.cpuProf
      ? [...NOTES, `ktail ran under node --cpu-prof (profiles in ${opts.cpuProf}): its figures include the profiler's cost`]
      : NOTES,
    throughput: null,
    fanout: null,
    fanout20k: null,
    rss1k: null,
    latency: null,
    startup: null,
    oneStream: null,
    filters: null,
    offline: null,
    scale: null,
    errors: [],
  };
  const todo = SCENARIOS.filter((s) => !opts.only || opts.only.has(s.key) || (s.partOf !== undefined && opts.only.has(s.partOf)));
  try {
    if (todo.some((s) => s.clusters(opts.quick) > 0)) {
      await clusters.ensure(3, env);
      await sweepOldRuns([1, 2, 3].map(clusterName), env);
    }
    for (const [i, sc] of todo.entries()) {
      const t0 = Date.now();
      try {
        await clusters.ensure(sc.clusters(opts.quick), env);
        (results as Record<Key, unknown>)[sc.key] = await sc.run(env, { beforeRef: opts.beforeRef });
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        env.log(`${sc.key} FAILED: ${message}`);
        results.errors.push({ scenario: sc.key, message });
      } finally {
        await clusters.release(todo[i + 1]?.clusters(opts.quick) ?? 3, env);
      }
      env.log(`${sc.key} took ${Math.round((Date.now() - t0) / 1000)}s`);
    }
  } finally {
    await clusters.release(3, env);
    rmSync(env.home, { recursive: true, force: true });
  }
  results.scale = scaleOf(results);
  machine.loadAvgAtEnd = loadavg().map((x) => Math.round(x * 100) / 100);
  results.finishedAt = new Date().toISOString();
  results.durationSec = Math.round((Date.now() - began) / 1000);
  const spreads = compareAll(results);
  const full: BenchResults = { ...results, ratios: ratiosOf(spreads), ratioSpreads: spreads, ratioDefinitions: RATIO_DEFINITIONS };
  writeJson(opts.out, full);
  console.log(table(full));
  console.log(`\n${opts.quick ? 'quick' : 'full'} run took ${full.durationSec}s; results in ${opts.out}`);
  return results.errors.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    process.stderr.write(`bench: ${err.stack ?? err.message}\n`);
    process.exit(1);
  },
);
