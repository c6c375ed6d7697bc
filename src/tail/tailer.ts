// One log stream per target, kept alive while the container runs: when the stream ends or
// fails, it is opened again a little before the newest timestamp printed, and the lines
// already printed are skipped (see resumePoint.ts), so nothing is lost and nothing printed
// twice. When the container restarts or ends, `finish` reads what is left of it once more,
// without following, from where the stream got to.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Readable } from 'node:stream';
import { backoff } from '../shared/backoff.js';
import type { LogQuery } from '../options/types.js';
import type { LogLine, Target } from '../shared/target.js';
import { lineSplitter, MAX_LINE } from './lineSplitter.js';
import { LogRequestError, type LogClient, type LogParams } from './logRequest.js';
import { resumeWindow, type Reopen, type ResumeWindow } from './resumePoint.js';
import type { StreamQueue } from './streamQueue.js';
import { splitTimestamp } from './timestamps.js';

export interface TailDeps {
  logs: LogQuery;
  client: LogClient;
  queue: StreamQueue;
  /** false = the output is congested: pause until whenDrained */
  emit(line: LogLine): boolean;
  whenDrained(resume: () => void): void;
  /** the run's cancellation: stops the tail in any phase, a catch-up read included */
  signal?: AbortSignal;
  /** whether the pod still shows this container running (checked before re-opening) */
  running(t: Target): boolean;
  /** an attempt failed and is retried (or was the last): `error` as it was thrown */
  failed(t: Target, error: unknown): void;
  recovered(t: Target): void;
}

export interface Tail {
  /** stop at once (pod gone, ktail ending) */
  stop(): void;
  /** stop following, then catch up once: `previous` for a container that restarted */
  finish(previous: boolean): void;
  readonly done: Promise<void>;
}

type Outcome = 'clean' | 'stopped' | { error: unknown };

export function startTail(t: Target, deps: TailDeps): Tail {
  let phase: 'follow' | 'finish' | 'stop' = 'follow';
  let finishPrevious = false;
  let attempt = new AbortController();
  // set when the stream is first opened: from then on it re-opens from there (resumePoint.ts)
  let window: ResumeWindow | undefined;
  // A stream of previous logs, or one cut by --limit-bytes, ends for good.
  const resumable = deps.logs.follow && !deps.logs.previous && !deps.logs.limitBytes;
  // Timestamps make resuming exact; but --limit-bytes counts them, so there only if shown.
  const timestamps = resumable || deps.logs.timestamps;

  const params = (follow: boolean, previous: boolean): { p: LogParams; reopen?: Reopen } => {
    if (!window) {
      if (resumable) window = resumeWindow(floorOf(deps.logs, Date.now()), Date.now());
      return { p: { ...deps.logs, follow, previous: previous || deps.logs.previous, timestamps } };
    }
    const reopen = window.reopen();
    const since = reopen.sinceTime ? { sinceTime: reopen.sinceTime } : {};
    return { p: { follow, previous, timestamps, insecureSkipTLSVerifyBackend: deps.logs.insecureSkipTLSVerifyBackend, stream: deps.logs.stream, ...since }, reopen };
  };

  const pump = (res: Readable, signal: AbortSignal, reopen: Reopen | undefined): Promise<Outcome> => new Promise((resolve) => {
    const print = (timestamp: string, message: Buffer) => {
      if (!deps.emit({ target: t, timestamp, message: message.toString('utf8'), bytes: message }) && !res.isPaused()) {
        res.pause();
        deps.whenDrained(() => res.resume());
      }
    };
    // The kubelet writes an error that ends a stream (e.g. "context cancelled" when it shuts
    // down) into the body it already answered 200 to. So a line without a timestamp, on a
    // stream that has them, is held back: the last line → the stream's error; followed by
    // more → printed. --limit-bytes may cut the last line inside its timestamp: printed.
    // On a re-opened stream, a first line without a timestamp is the rest of a line that
    // began before sinceTime (the kubelet filters CRI partial lines piece by piece): that
    // line was printed, or came before the stream's start, so it is dropped.
    let held: Buffer | undefined;
    let timestamped = reopen !== undefined;
    let leading = reopen !== undefined;
    let lineTimestamp = '';
    // pieces of the current line (over MAX_LINE) still to skip: printed before the drop
    let skipPieces = 0;
    const release = (line: Buffer) => {
      held = undefined;
      lineTimestamp = '';
      skipPieces = leading ? Infinity : 0;
      if (!leading) print('', line);
    };
    const splitter = lineSplitter((raw, continued) => {
      if (held) release(held);
      if (continued) {
        if (skipPieces > 0) return void skipPieces--;
        window?.printedPiece(raw.length === MAX_LINE);
        return print(lineTimestamp, raw);
      }
      if (!timestamps) return print('', raw);
      const { timestamp, message } = splitTimestamp(raw);
      if (!timestamp) {
        if (deps.logs.limitBytes) print('', raw);
        else held = raw;
        return;
      }
      timestamped = true;
      leading = false;
      lineTimestamp = timestamp;
      skipPieces = reopen ? reopen.printedBefore(timestamp, message) : 0;
      if (skipPieces > 0) return void skipPieces--;
      window?.printed(timestamp, message, raw.length === MAX_LINE);
      print(timestamp, message);
    });
    res.on('data', (chunk: Buffer) => splitter.push(chunk));
    res.on('end', () => {
      splitter.end();
      const last = held;
      held = undefined;
      if (last && timestamped) return resolve({ error: new Error(last.toString('utf8').trim()) });
      if (last) print('', last);
      resolve('clean');
    });
    // A stream cut mid-line drops the partial line: the resumed stream sends it whole.
    const cut = (error: unknown) => resolve(signal.aborted ? 'stopped' : { error });
    res.on('error', cut);
    res.on('close', () => cut(new Error('stream closed')));
  });

  const once = (follow: boolean, previous: boolean) => async (): Promise<Outcome> => {
    const signal = attempt.signal;
    if (signal.aborted) return 'stopped';
    try {
      const { p, reopen } = params(follow, previous);
      const res = await deps.client.open(t, p, signal);
      deps.recovered(t);
      return await pump(res, signal, reopen);
    } catch (error) {
      return signal.aborted ? 'stopped' : { error };
    }
  };

  const follow = async () => {
    const retry = backoff(500, 10_000);
    while (phase === 'follow') {
      const outcome = await deps.queue.run(once(deps.logs.follow, false));
      if (outcome === 'stopped' || phase !== 'follow') return;
      if (outcome === 'clean') retry.reset();
      else deps.failed(t, outcome.error);
      if (!resumable || (outcome !== 'clean' && permanent(outcome.error))) return;
      await sleep(retry.next(), undefined, { signal: attempt.signal }).catch(() => undefined);
      if (phase === 'follow' && !deps.running(t)) return;
    }
  };

  const run = async () => {
    await follow();
    if (phase !== 'finish') return;
    attempt = new AbortController();
    const outcome = await deps.queue.run(once(false, finishPrevious));
    if (typeof outcome === 'object' && !permanent(outcome.error)) deps.failed(t, outcome.error);
  };

  const stop = () => {
    phase = 'stop';
    attempt.abort();
  };
  deps.signal?.addEventListener('abort', stop, { once: true });
  if (deps.signal?.aborted) stop();
  return {
    stop,
    finish(previous) {
      if (phase !== 'follow') return;
      phase = 'finish';
      finishPrevious = previous;
      attempt.abort();
    },
    done: run().finally(() => deps.signal?.removeEventListener('abort', stop)),
  };
}

/**
 * The earliest line the stream asked for, which a re-opened stream must not go before:
 * --since, or for --tail the time of the first request (the kubelet counts the tail from
 * the end of the file as it is then; a cut stream that printed nothing resumes from there).
 */
function floorOf(logs: LogQuery, nowMs: number): string | undefined {
  const since = [
    logs.tailLines >= 0 ? nowMs : undefined,
    logs.sinceSeconds ? nowMs - logs.sinceSeconds * 1000 : undefined,
    logs.sinceTime ? Date.parse(logs.sinceTime) : undefined,
  ].filter((ms): ms is number => ms !== undefined && !Number.isNaN(ms));
  return since.length ? new Date(Math.max(...since)).toISOString() : undefined;
}

/** A pod or container that is not there (any more) will not come back by retrying. */
function permanent(err: unknown): boolean {
  return err instanceof LogRequestError && err.code === 404;
}
