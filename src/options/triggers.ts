// --until, --until-each, --fail-on, --timeout, --require-match (the run's end conditions) and
// --stream (which of a container's streams is read): validated here, kept apart from parse.ts.
import { UsageError } from '../shared/errors.js';
import type { TriggerOptions } from './types.js';
import { durationSeconds, oneOf, regex } from './values.js';

export interface TriggerFlags {
  until?: string;
  untilEach?: boolean;
  failOn?: string;
  timeout?: string;
  requireMatch?: boolean;
  stream?: string;
  tail?: string;
  stdin?: boolean;
}

export function triggerOptions(f: TriggerFlags): TriggerOptions {
  if (f.untilEach && f.until === undefined) throw new UsageError('--until-each needs --until REGEX (what every container must print)');
  const timeoutMs = f.timeout === undefined ? undefined : durationSeconds('--timeout', f.timeout) * 1000;
  if (timeoutMs === 0) throw new UsageError('invalid --timeout "0": expected a duration above zero (examples: 30s, 5m)');
  return {
    until: f.until === undefined ? undefined : regex('--until', f.until),
    untilEach: Boolean(f.untilEach),
    failOn: f.failOn === undefined ? undefined : regex('--fail-on', f.failOn),
    timeoutMs,
    requireMatch: Boolean(f.requireMatch),
  };
}

/** --stream: one of a container's two streams; undefined = both, interleaved as written. */
export function streamChoice(f: TriggerFlags): 'stdout' | 'stderr' | undefined {
  if (f.stream === undefined) return undefined;
  const stream = oneOf('--stream', f.stream, ['stdout', 'stderr'] as const);
  // the apiserver refuses tailLines together with a stream ("mutually exclusive for now")
  if (f.tail !== undefined && f.tail !== '-1')
    throw new UsageError('--stream cannot be used with --tail: the apiserver does not take tailLines with a stream (use --since)');
  return stream;
}
