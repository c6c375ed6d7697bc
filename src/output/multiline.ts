// --multiline: continuation lines (indented lines, stack traces, and in auto mode lines that
// do not start like a record when the record did) stay glued to the line that started them,
// as one LogLine whose message holds all of them. A group is passed on when the next record
// starts, or after a short idle time.
import type { Pattern } from '../options/pattern.js';
import type { LogLine, Target } from '../target.js';

/** How a record usually starts: a date or time, a level, a glog header, JSON, a bracket. */
const RECORD_START = /^(\d{4}-\d\d-\d\d|\d\d:\d\d:\d\d|\[?(TRACE|DEBUG|INFO|NOTICE|WARN(ING)?|ERROR|FATAL|CRITICAL)\b|level=|[IWEF]\d{4} |\{|\[)/i;
/** Lines that continue a record whatever the stream looks like: blank, indented, stack traces. */
const ALWAYS_CONTINUES = /^($|\s|Caused by: |\.\.\. \d+ (more|common frames omitted)|goroutine \d+ \[|[\w$.]+(Exception|Error)(: |$)|[\w./-]+\(.*\)$|During handling of the above exception|The above exception was)/;

export type Continues = (message: string, head: string) => boolean;

/** auto: the built-in rules; a regex: it marks where a record starts. */
export function continuationRule(mode: 'auto' | Pattern): Continues {
  if (mode !== 'auto') return (m) => !mode.test(m);
  return (m, head) => ALWAYS_CONTINUES.test(m) || (RECORD_START.test(head) && !RECORD_START.test(m));
}

export interface Grouper {
  push(line: LogLine): boolean;
  /** passes on every group held (at exit) */
  flush(): void;
}

const NL = Buffer.from('\n');

export function multilineGrouper(continues: Continues, emit: (line: LogLine) => boolean, idleMs = 200): Grouper {
  const open = new Map<Target, { lines: LogLine[]; timer: NodeJS.Timeout }>();
  let congested = false;

  const pass = (t: Target) => {
    const g = open.get(t);
    if (!g) return;
    clearTimeout(g.timer);
    open.delete(t);
    const [first] = g.lines;
    if (!first) return;
    congested = !emit(g.lines.length === 1 ? first : {
      target: t,
      timestamp: first.timestamp,
      message: g.lines.map((l) => l.message).join('\n'),
      bytes: Buffer.concat(g.lines.flatMap((l, i) => (i ? [NL, l.bytes] : [l.bytes]))),
    });
  };

  return {
    push(line) {
      const g = open.get(line.target);
      if (g && continues(line.message, g.lines[0]?.message ?? '')) {
        g.lines.push(line);
        g.timer.refresh();
        return !congested;
      }
      pass(line.target);
      open.set(line.target, { lines: [line], timer: setTimeout(() => pass(line.target), idleMs) });
      return !congested;
    },
    flush() {
      for (const t of [...open.keys()]) pass(t);
    },
  };
}
