// What stands between ktail and one cluster's apiserver: the --qps/--burst throttle and the
// --verbosity trace, one of each per cluster, put in front of its requests (api/request.ts:
// lists, lookups, log streams) and its watches (client-node's Watch).
import type { KubeConfig } from '@kubernetes/client-node';
import { Watch } from './clientNode.js';
import { apiUrl } from '../api/paths.js';
import { describeError } from '../shared/errors.js';
import { monotonicMs } from '../shared/time.js';
import { NoAnswer } from './deadline.js';
import type { RequestOptions } from '../options/types.js';
import { requestTrace, SILENT, type RequestTrace } from './requestTrace.js';
import { tokenBucket, UNTHROTTLED, type Throttle } from './throttle.js';

export interface ApiGate {
  throttle: Throttle;
  trace: RequestTrace;
  /** --request-timeout in ms, 0 = none */
  timeoutMs: number;
}

export const OPEN_GATE: ApiGate = { throttle: UNTHROTTLED, trace: SILENT, timeoutMs: 0 };

export function apiGate(cluster: string, o: RequestOptions, write: (line: string) => void): ApiGate {
  return {
    throttle: o.qps === undefined ? UNTHROTTLED : tokenBucket(o.qps, o.burst),
    trace: requestTrace(o.verbosity, cluster, write),
    timeoutMs: o.timeoutMs,
  };
}

/**
 * client-node's Watch honours no timeout; node-fetch's `timeout` option bounds the wait for
 * the response headers (not the streamed body) and Watch takes its fetch options from here.
 */
function withAnswerTimeout(kc: KubeConfig, ms: number): KubeConfig {
  if (!ms) return kc;
  const timed = Object.create(kc) as KubeConfig;
  timed.applyToFetchOptions = async (opts) =>
    ({ ...(await kc.applyToFetchOptions(opts)), timeout: ms }) as Awaited<ReturnType<KubeConfig['applyToFetchOptions']>>;
  return timed;
}

const lateFetch = (err: unknown) => (err as { type?: unknown } | null)?.type === 'request-timeout';

/** client-node's Watch, each watch request throttled, traced and bounded by --request-timeout. */
export function gatedWatch(kc: KubeConfig, gate: ApiGate): Watch {
  if (gate === OPEN_GATE) return new Watch(kc);
  return new (class extends Watch {
    override async watch(...[path, params, callback, done]: Parameters<Watch['watch']>): Promise<AbortController> {
      await gate.throttle.wait();
      const url = apiUrl(kc.getCurrentCluster()?.server ?? '', path, { watch: true, ...params });
      gate.trace.request('GET', url.href, {});
      const started = monotonicMs();
      // Watch reports a refused request through `done` before it returns, an answered one by returning
      let failure: unknown;
      let answered = false;
      const controller = await super.watch(path, params, callback, (err) => {
        const why = lateFetch(err) ? new NoAnswer(gate.timeoutMs) : err;
        if (!answered) failure = why;
        done(why);
      });
      answered = true;
      const status = failure ? ((failure as { statusCode?: number }).statusCode ?? describeError(failure)) : 200;
      gate.trace.response('GET', url.href, status, monotonicMs() - started);
      return controller;
    }
  })(withAnswerTimeout(kc, gate.timeoutMs));
}
