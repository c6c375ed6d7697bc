// Validation of the flags ktail took over from stern last: --condition, --qps/--burst and
// --verbosity (what --stdin and --log-dir refuse: options/stdin.ts and options/offline.ts).
import { UsageError } from '../shared/errors.js';
import type { ConditionStatus, PodCondition, RequestOptions } from './types.js';
import { durationSeconds, integer } from './values.js';

// stern's list (k8s.io/api core/v1 pod condition types); matched case-insensitively as stern does
const CONDITIONS = ['ContainersReady', 'Initialized', 'Ready', 'PodScheduled', 'DisruptionTarget', 'PodReadyToStartContainers'];
const STATUSES: ConditionStatus[] = ['True', 'False', 'Unknown'];
/** client-go's rest.DefaultBurst and DefaultQPS, which stern falls back to */
const DEFAULT_BURST = 10;
const DEFAULT_QPS = 5;
/** unlike kubectl (no limit), a cluster behind a VPN that is down must not hang a run */
const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

export interface SternFlags {
  stdin?: boolean;
  prompt?: boolean;
  condition?: string;
  qps?: string;
  burst?: string;
  verbosity?: string;
  requestTimeout?: string;
  dryRun?: boolean;
  follow?: boolean;
  previous?: boolean;
  tail?: string;
}

/** `name[=value]`: value defaults to true; both case-insensitive (`ready=false`). */
export function podCondition(text: string): PodCondition {
  const [name = '', value = 'true'] = text.split(/=(.*)/s);
  const type = CONDITIONS.find((c) => c.toLowerCase() === name.toLowerCase());
  if (!type) throw new UsageError(`invalid --condition ${JSON.stringify(text)}: the condition should be one of ${CONDITIONS.join(', ')}`);
  const status = STATUSES.find((s) => s.toLowerCase() === value.toLowerCase());
  if (!status) throw new UsageError(`invalid --condition ${JSON.stringify(text)}: the value should be one of ${STATUSES.join(', ')}`);
  return { type, status };
}

/**
 * stern's rules on a rate: --qps -1 (any negative) turns throttling off, --burst alone keeps
 * client-go's 5/s, --qps alone client-go's burst of 10. Unlike stern, nothing is throttled
 * unless one of them is given (README, differences from stern).
 */
export function requestOptions(f: SternFlags): RequestOptions {
  const qps = f.qps === undefined ? 0 : rate(f.qps);
  const burst = f.burst === undefined ? 0 : integer('--burst', f.burst, 0);
  const verbosity = f.verbosity === undefined ? 0 : integer('--verbosity', f.verbosity, 0);
  const timeoutMs = f.requestTimeout === undefined ? DEFAULT_REQUEST_TIMEOUT_MS : requestTimeoutMs(f.requestTimeout);
  if (qps < 0 || (qps === 0 && burst === 0)) return { burst: 0, verbosity, timeoutMs };
  return { qps: qps || DEFAULT_QPS, burst: burst || DEFAULT_BURST, verbosity, timeoutMs };
}

/** kubectl's --request-timeout: a bare integer is seconds, else a Go duration (5s, 1m); 0 = no limit. */
export function requestTimeoutMs(text: string): number {
  const t = text.trim();
  if (/^\d+$/.test(t)) return Number(t) * 1000;
  try {
    return Math.round(durationSeconds('--request-timeout', t) * 1000);
  } catch {
    throw new UsageError(
      `invalid --request-timeout ${JSON.stringify(text)}: expected seconds or a duration, e.g. 10, 5s, 1m (0: no limit)`,
    );
  }
}

function rate(text: string): number {
  const n = Number(text);
  if (!/^\s*-?(\d+\.?\d*|\.\d+)\s*$/.test(text) || !Number.isFinite(n))
    throw new UsageError(`invalid --qps ${JSON.stringify(text)}: expected requests per second, e.g. 20 or 0.5 (-1: no throttling)`);
  return n;
}

export function checkSternFlags(f: SternFlags): void {
  const pairs: [boolean, string][] = [
    // stern's rule: a pod that leaves and re-enters the condition would be tailed from the start again
    [
      f.condition !== undefined && f.follow !== false && !f.previous && f.tail?.trim() !== '0',
      '--condition is only supported with --tail=0 or --no-follow (as in stern)',
    ],
  ];
  const bad = pairs.find(([broken]) => broken);
  if (bad) throw new UsageError(bad[1]);
}
