// --until, --until-each and --fail-on: every line a stream delivers is tested on its message
// (before -i/-e: a trigger sees what was received, not what is shown), after it was handed on
// to be printed. The first line that ends the run closes the gate: no line after it, from any
// stream, is handed on; lines handed on before it still reach stdout.
import type { TriggerOptions } from '../options/types.js';
import { slotKey, type LogLine, type Target } from '../shared/target.js';
import { EXIT } from './exitCodes.js';

export interface Triggered {
  code: number;
  /** one line for stderr: which trigger, and the cluster/namespace/pod › container it fired in */
  message: string;
}

export interface LineTrigger {
  /** the emit that tests each line after handing it to `emit` */
  gate(emit: (line: LogLine) => boolean): (line: LogLine) => boolean;
  /** a container is followed (for --until-each) */
  added(t: Target): void;
  /** the pod is gone: --until-each no longer waits for its containers */
  gone(t: Target): void;
  /**
   * every cluster listed its pods (offline: the tree was read once): --until-each now knows
   * every container it waits for, and may fire; before, a match in the first containers
   * found would end the run before the others were even added
   */
  ready(): void;
  /** --until was given and has not fired */
  readonly untilUnmet: boolean;
}

// --stdin's lines have no cluster, pod or container
export const whereOf = (t: Target) =>
  t.pod || t.cluster.name ? `${t.cluster.name}/${t.namespace}/${t.pod} › ${t.container}` : 'standard input';
const keyOf = (t: Target) => `${t.cluster.name}\0${slotKey(t)}`;

export function lineTrigger(o: TriggerOptions, fire: (t: Triggered) => void): LineTrigger {
  let closed = false;
  let known = false;
  // containers by cluster and slot, so a restarted container keeps the match it printed
  const followed = new Set<string>();
  const matched = new Set<string>();
  const end = (t: Triggered) => {
    closed = true;
    fire(t);
  };
  const everyMatched = () => known && followed.size > 0 && [...followed].every((k) => matched.has(k));
  const untilEach = (t: Target) => {
    matched.add(keyOf(t));
    if (everyMatched()) end({ code: EXIT.ok, message: `--until matched in every container (${followed.size}), the last in ${whereOf(t)}` });
  };
  const test = (line: LogLine) => {
    if (o.failOn?.test(line.message)) return end({ code: EXIT.failOn, message: `--fail-on matched in ${whereOf(line.target)}` });
    if (!o.until?.test(line.message)) return;
    if (o.untilEach) untilEach(line.target);
    else end({ code: EXIT.ok, message: `--until matched in ${whereOf(line.target)}` });
  };
  const active = Boolean(o.until || o.failOn);
  return {
    gate: (emit) =>
      active
        ? (line) => {
            if (closed) return true;
            const flowing = emit(line);
            test(line);
            return flowing;
          }
        : emit,
    added: (t) => void followed.add(keyOf(t)),
    gone(t) {
      followed.delete(keyOf(t));
      if (!closed && o.untilEach && matched.size && everyMatched())
        end({ code: EXIT.ok, message: `--until matched in every container still followed (${followed.size})` });
    },
    ready() {
      known = true;
      if (!closed && o.untilEach && matched.size && everyMatched())
        end({ code: EXIT.ok, message: `--until matched in every container (${followed.size})` });
    },
    get untilUnmet() {
      return Boolean(o.until) && !closed;
    },
  };
}
