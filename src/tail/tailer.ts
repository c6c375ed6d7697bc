// One log stream per target, kept alive while the container runs: when the stream ends or
// fails, it is opened again a little before the newest timestamp printed, and the lines
// already printed are skipped (see resumePoint.ts), so nothing is lost and nothing printed
// twice. When the container restarts or ends, `finish` reads what is left of it once more,
// without following, from where the stream got to.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Readable } from 'node:stream';
import { backoff } from '../shared/backoff.js';
import type { LogQuery } from '../options/types.js';
import type { ByteSpan, LogLine, Target } from '../shared/target.js';
import { spanSplitter } from './lineSplitter.js';
import { ApiError } from '../api/request.js';
import type { LogClient, LogParams } from './logRequest.js';
import { resumeWindow, type ResumeWindow } from './resumePoint.js';
import type { StreamQueue } from './streamQueue.js';
import { streamLines, type PrintLine, type StreamLines, type StreamLinesOptions } from './streamLines.js';

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
  const requests = tailRequests(deps.logs);
  // the signal and the request are taken when the queue lets the attempt start: a finish or
  // stop while it waited ends it unopened, and the first request is the one that went out
  const once = (follow: boolean, previous: boolean) => () => readOnce(t, deps, attempt.signal, () => requests.next(follow, previous));

  const follow = async () => {
    const retry = backoff(500, 10_000);
    while (phase === 'follow') {
      const outcome = await deps.queue.run(once(deps.logs.follow, false));
      if (outcome === 'stopped' || phase !== 'follow') return;
      if (outcome === 'clean') retry.reset();
      else deps.failed(t, outcome.error);
      if (!requests.resumable || (outcome !== 'clean' && permanent(outcome.error))) return;
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

/** One attempt: opens the stream and reads it to its end. */
async function readOnce(t: Target, deps: TailDeps, signal: AbortSignal, request: () => TailRequest): Promise<Outcome> {
  if (signal.aborted) return 'stopped';
  try {
    const { params, lines } = request();
    const res = await deps.client.open(t, params, signal);
    deps.recovered(t);
    return await pump(res, signal, streamLines(lines, printer(t, deps, res)));
  } catch (error) {
    return signal.aborted ? 'stopped' : { error };
  }
}

/**
 * A line as it came off the stream, where it lies in the chunk read: cut out as a Buffer, or
 * decoded, only if something reads it (a pipe copies the bytes from the chunk through `span`).
 */
class StreamLine implements LogLine, ByteSpan {
  #bytes: Buffer | undefined;
  #message: string | undefined;
  constructor(
    readonly target: Target,
    readonly timestamp: string,
    readonly buf: Buffer,
    readonly start: number,
    readonly end: number,
  ) {}
  get bytes(): Buffer {
    return (this.#bytes ??= this.buf.subarray(this.start, this.end));
  }
  get message(): string {
    return (this.#message ??= this.buf.toString('utf8', this.start, this.end));
  }
  get span(): ByteSpan {
    return this;
  }
}

/** Prints through `deps.emit`, pausing `res` while the output is congested. */
function printer(t: Target, deps: TailDeps, res: Readable): PrintLine {
  return (timestamp, buf, start, end) => {
    if (!deps.emit(new StreamLine(t, timestamp, buf, start, end)) && !res.isPaused()) {
      res.pause();
      deps.whenDrained(() => res.resume());
    }
  };
}

/** Feeds a response's bytes to `lines` until it ends, fails or is cut. */
function pump(res: Readable, signal: AbortSignal, lines: StreamLines): Promise<Outcome> {
  return new Promise((resolve) => {
    const splitter = spanSplitter(lines.line);
    res.on('data', (chunk: Buffer) => splitter.push(chunk));
    res.on('end', () => {
      splitter.end();
      const error = lines.end();
      resolve(error ? { error } : 'clean');
    });
    // A stream cut mid-line drops the partial line: the resumed stream sends it whole.
    const cut = (error: unknown) => resolve(signal.aborted ? 'stopped' : { error });
    res.on('error', cut);
    res.on('close', () => cut(new Error('stream closed')));
  });
}

interface TailRequest {
  params: LogParams;
  lines: StreamLinesOptions;
}

/** What each attempt asks for: the user's query at first, then a resume from where the stream got to. */
function tailRequests(logs: LogQuery) {
  // A stream of previous logs, or one cut by --limit-bytes, ends for good.
  const resumable = logs.follow && !logs.previous && !logs.limitBytes;
  // Timestamps make resuming exact; but --limit-bytes counts them, so there only if shown.
  const timestamps = resumable || logs.timestamps;
  const limitBytes = Boolean(logs.limitBytes);
  // set when the stream is first opened: from then on it re-opens from there (resumePoint.ts)
  let window: ResumeWindow | undefined;
  const next = (follow: boolean, previous: boolean): TailRequest => {
    if (!window) {
      if (resumable) window = resumeWindow(floorOf(logs, Date.now()), Date.now());
      return { params: { ...logs, follow, previous: previous || logs.previous, timestamps }, lines: { timestamps, limitBytes, window } };
    }
    const reopen = window.reopen();
    const since = reopen.sinceTime ? { sinceTime: reopen.sinceTime } : {};
    const params = {
      follow,
      previous,
      timestamps,
      insecureSkipTLSVerifyBackend: logs.insecureSkipTLSVerifyBackend,
      stream: logs.stream,
      ...since,
    };
    return { params, lines: { timestamps, limitBytes, reopen, window } };
  };
  return { resumable, next };
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
  return err instanceof ApiError && err.code === 404;
}
