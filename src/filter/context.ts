// -B/-C/--after-context: grep's context lines, per container stream. Each stream keeps its
// own count of lines, its last printed line, the after-lines still owed and a before-buffer
// of at most `before` lines, so two streams writing at once never share a context and memory
// stays bounded. A group that does not follow on from the stream's last printed line gets a
// separator (grep's `--`), also with zero context lines, as grep does.
import { streamKey, type LogLine, type Target } from '../shared/target.js';

export interface ContextSpec {
  before: number;
  after: number;
}

export interface Marked {
  line: LogLine;
  /** printed for a match's sake, not a match itself */
  context: boolean;
  /** the stream skipped lines since its last printed one: a separator goes first */
  gap: boolean;
}

interface StreamState {
  /** lines seen so far */
  seen: number;
  /** index of the last line printed, -1 = none yet */
  last: number;
  afterLeft: number;
  /** unprinted lines right before the current one, oldest first */
  held: LogLine[];
}

/** The stage, and `forget` for a stream that ended: its state (and the lines it holds) go. */
export type ContextStage = ((line: LogLine) => boolean) & { forget(t: Target): void; readonly streams: number };

export function contextStage(spec: ContextSpec, isMatch: (line: LogLine) => boolean, emit: (m: Marked) => boolean): ContextStage {
  const streams = new Map<string, StreamState>();
  const stateOf = (line: LogLine) => {
    const key = streamKey(line.target);
    let s = streams.get(key);
    if (!s) streams.set(key, (s = { seen: 0, last: -1, afterLeft: 0, held: [] }));
    return s;
  };
  const print = (s: StreamState, line: LogLine, index: number, context: boolean) => {
    const gap = s.last >= 0 && index !== s.last + 1;
    s.last = index;
    return emit({ line, context, gap });
  };
  const stage = (line: LogLine) => {
    const s = stateOf(line);
    const index = s.seen++;
    if (isMatch(line)) {
      let ok = true;
      const first = index - s.held.length;
      s.held.forEach((h, i) => {
        ok = print(s, h, first + i, true) && ok;
      });
      s.held = [];
      s.afterLeft = spec.after;
      return print(s, line, index, false) && ok;
    }
    if (s.afterLeft > 0) {
      s.afterLeft--;
      return print(s, line, index, true);
    }
    if (spec.before > 0) {
      s.held.push(line);
      if (s.held.length > spec.before) s.held.shift();
    }
    return true;
  };
  const forget = (t: Target) => void streams.delete(streamKey(t));
  // a getter: Object.assign would copy the count once
  return Object.defineProperty(Object.assign(stage, { forget }), 'streams', { get: () => streams.size }) as ContextStage;
}
