// One log stream per target, kept alive while the container runs: when the stream ends or
// fails, it is opened again from the last timestamp printed, and lines already printed are
// skipped (see timestamps.ts), so nothing is lost and nothing printed twice.
import { setTimeout as sleep } from 'node:timers/promises';
import type { IncomingMessage } from 'node:http';
import { backoff } from '../backoff.js';
import { describeError } from '../errors.js';
import type { LogQuery } from '../options/types.js';
import type { LogLine, Target } from '../target.js';
import { lineSplitter } from './lineSplitter.js';
import { LogRequestError, openLogStream, type LogParams } from './logRequest.js';
import type { StreamQueue } from './streamQueue.js';
import { resumeFilter, splitTimestamp, type ResumePoint } from './timestamps.js';

export interface TailDeps {
  logs: LogQuery;
  queue: StreamQueue;
  /** false = the output is congested: pause until whenDrained */
  emit(line: LogLine): boolean;
  whenDrained(resume: () => void): void;
  /** whether the pod still shows this container running (checked before re-opening) */
  running(t: Target): boolean;
  failed(t: Target, reason: string): void;
  recovered(t: Target): void;
}

export interface Tail {
  stop(): void;
  readonly done: Promise<void>;
}

type Outcome = { ended: 'clean' } | { ended: 'error'; error: unknown } | { ended: 'stopped' };

export function startTail(t: Target, deps: TailDeps): Tail {
  const abort = new AbortController();
  let resume: ResumePoint | undefined;
  // A stream of previous logs, or one cut by --limit-bytes, ends for good.
  const resumable = deps.logs.follow && !deps.logs.previous && !deps.logs.limitBytes;
  // Timestamps make resuming exact; but --limit-bytes counts them, so there only if shown.
  const timestamps = resumable || deps.logs.timestamps;

  const params = (): LogParams => resume
    ? { follow: deps.logs.follow, timestamps, sinceTime: resume.timestamp }
    : { ...deps.logs, timestamps };

  const pump = (res: IncomingMessage): Promise<Outcome> => new Promise((resolve) => {
    const skip = resume ? resumeFilter(resume) : undefined;
    const splitter = lineSplitter((raw) => {
      const { timestamp, message } = timestamps ? splitTimestamp(raw) : { timestamp: '', message: raw };
      if (skip && !skip(timestamp)) return;
      if (resume && resume.timestamp === timestamp) resume.count++;
      else resume = { timestamp, count: 1 };
      if (!deps.emit({ target: t, timestamp, message: message.toString('utf8') }) && !res.isPaused()) {
        res.pause();
        deps.whenDrained(() => res.resume());
      }
    });
    res.on('data', (chunk: Buffer) => splitter.push(chunk));
    res.on('end', () => {
      splitter.end();
      resolve({ ended: 'clean' });
    });
    // A stream cut mid-line drops the partial line: the resumed stream sends it whole.
    res.on('error', (error) => resolve(abort.signal.aborted ? { ended: 'stopped' } : { ended: 'error', error }));
    res.on('close', () => resolve(abort.signal.aborted ? { ended: 'stopped' } : { ended: 'error', error: new Error('stream closed') }));
  });

  const once = async (): Promise<Outcome> => {
    try {
      const res = await openLogStream(t, params(), abort.signal);
      deps.recovered(t);
      return await pump(res);
    } catch (error) {
      return abort.signal.aborted ? { ended: 'stopped' } : { ended: 'error', error };
    }
  };

  const run = async () => {
    const retry = backoff(500, 10_000);
    for (;;) {
      const outcome = await deps.queue.run(once);
      if (outcome.ended === 'stopped' || abort.signal.aborted) return;
      if (outcome.ended === 'error') deps.failed(t, reasonOf(outcome.error));
      else retry.reset();
      if (!resumable || (outcome.ended === 'error' && permanent(outcome.error))) return;
      await sleep(retry.next(), undefined, { signal: abort.signal }).catch(() => undefined);
      if (abort.signal.aborted || !deps.running(t)) return;
    }
  };

  return { stop: () => abort.abort(), done: run() };
}

/** 4xx other than "not ready yet" will not heal by retrying the same request. */
function permanent(err: unknown): boolean {
  return err instanceof LogRequestError && err.code === 404;
}

function reasonOf(err: unknown): string {
  if (err instanceof LogRequestError) {
    const message = (() => {
      try {
        return (JSON.parse(err.body) as { message?: string }).message;
      } catch {
        return err.body.split('\n')[0];
      }
    })();
    return `HTTP ${err.code}${message ? `: ${message}` : ''}`;
  }
  return describeError(err);
}
