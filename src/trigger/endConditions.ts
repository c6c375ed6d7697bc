// The run's end conditions together: the line trigger (--until, --fail-on) and the --timeout
// clock. `reached` resolves when one of them ends the run; `outcome` says how it ended.
import type { TriggerOptions } from '../options/types.js';
import { EXIT } from './exitCodes.js';
import { lineTrigger, type LineTrigger, type Triggered } from './lineTrigger.js';

export interface EndConditions {
  trigger: LineTrigger;
  reached: Promise<void>;
  /** stops the clock (the run ends for another reason, or has ended) */
  stop(): void;
  /** the exit code and the stderr line, if a trigger or the timeout ended the run */
  outcome(anyMatched: boolean): Triggered | undefined;
}

export function endConditions(o: TriggerOptions): EndConditions {
  let reach!: () => void;
  const reached = new Promise<void>((resolve) => (reach = resolve));
  let fired: Triggered | undefined;
  let timedOut = false;
  const trigger = lineTrigger(o, (t) => {
    fired ??= t;
    reach();
  });
  const clock =
    o.timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          reach();
        }, o.timeoutMs);
  return {
    trigger,
    reached,
    stop: () => clearTimeout(clock),
    outcome(anyMatched) {
      if (fired) return fired;
      if (!timedOut) return undefined;
      // nothing to wait for was ever found: that is the more useful answer
      if (o.requireMatch && !anyMatched)
        return {
          code: EXIT.noMatch,
          message: `--timeout reached (${seconds(o.timeoutMs)}) and no container matched the query (--require-match)`,
        };
      return { code: EXIT.timeout, message: `--timeout reached (${seconds(o.timeoutMs)})` };
    },
  };
}

const seconds = (ms: number | undefined) => `${(ms ?? 0) / 1000}s`;
