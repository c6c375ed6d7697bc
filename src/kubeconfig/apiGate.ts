// What stands between ktail and one cluster's apiserver: the --qps/--burst throttle and the
// --verbosity trace, one of each per cluster, put in front of its pod lists (client-node
// middleware), its watches (client-node's Watch) and its log streams (tail/logRequest.ts).
import {
  Observable,
  Watch,
  type ConfigurationOptions,
  type KubeConfig,
  type RequestContext,
  type ResponseContext,
} from '@kubernetes/client-node';
import { describeError } from '../shared/errors.js';
import { answerWithin, NoAnswer } from './deadline.js';
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
 * Per-call options for a client-node API call (`core.listNamespacedPod(params, callOptions(gate))`).
 * With `signal` (a request deadline), the caller already waited for the throttle, so that
 * the wait does not count against the deadline.
 */
export function callOptions(gate: ApiGate, signal?: AbortSignal): ConfigurationOptions | undefined {
  if (gate === OPEN_GATE && !signal) return undefined;
  let started = 0;
  let verb = '';
  let url = '';
  return {
    middlewareMergeStrategy: 'append',
    middleware: [
      {
        pre: (ctx: RequestContext) =>
          new Observable(
            (signal ? Promise.resolve() : gate.throttle.wait()).then(() => {
              if (signal) ctx.setSignal(signal);
              [verb, url, started] = [ctx.getHttpMethod(), ctx.getUrl(), performance.now()];
              gate.trace.request(verb, url, ctx.getHeaders());
              return ctx;
            }),
          ),
        post: (res: ResponseContext) => {
          gate.trace.response(verb, url, res.httpStatusCode, performance.now() - started, res.headers);
          return new Observable(Promise.resolve(res));
        },
      },
    ],
  };
}

/**
 * One client-node API call through the gate: throttled, traced and, with --request-timeout,
 * given up with NoAnswer when the server has not answered in time. `signal` (the run's)
 * cancels the wait for the throttle.
 */
export async function gatedCall<T>(
  gate: ApiGate,
  call: (opts: ConfigurationOptions | undefined) => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  if (!gate.timeoutMs) return call(callOptions(gate));
  await gate.throttle.wait(signal);
  return answerWithin(gate.timeoutMs, (late) => call(callOptions(gate, late)));
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
      const url = new URL((kc.getCurrentCluster()?.server ?? '') + path);
      url.searchParams.set('watch', 'true');
      for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, String(v));
      gate.trace.request('GET', url.href, {});
      const started = performance.now();
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
      gate.trace.response('GET', url.href, status, performance.now() - started);
      return controller;
    }
  })(withAnswerTimeout(kc, gate.timeoutMs));
}
