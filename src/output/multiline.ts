// --multiline: continuation lines (indented lines, stack traces, and in auto mode lines that
// do not start like a record when the record did) stay glued to the line that started them,
// as one LogLine whose message holds all of them. A group is passed on when the next record
// starts, after a short idle time, or when it reaches a cap (lines, bytes, age): an endless
// run of continuation lines must neither grow without bound nor be held back for ever.
import type { Pattern } from '../options/pattern.js';
import type { LogLine, Target } from '../shared/target.js';

/** How a record usually starts: a date or time, a level, a glog header, JSON, a bracket. */
const RECORD_START =
  /^(\d{4}-\d\d-\d\d|\d\d:\d\d:\d\d|\[?(TRACE|DEBUG|INFO|NOTICE|WARN(ING)?|ERROR|FATAL|CRITICAL)\b|level=|[IWEF]\d{4} |\{|\[)/i;
/** Lines that continue a record whatever the stream looks like: blank, indented, stack traces. */
const ALWAYS_CONTINUES =
  /^($|\s|Caused by: |\.\.\. \d+ (more|common frames omitted)|goroutine \d+ \[|[\w$.]+(Exception|Error)(: |$)|[\w./-]+\(.*\)$|During handling of the above exception|The above exception was)/;

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

export interface GroupLimits {
  /** passed on after this long without a line of its stream */
  idleMs: number;
  /** passed on at the first line after it is this old, even if its lines keep coming */
  maxAgeMs: number;
  maxLines: number;
  /** of the lines' own bytes, the newlines between them included */
  maxBytes: number;
}

export const GROUP_LIMITS: GroupLimits = { idleMs: 200, maxAgeMs: 1000, maxLines: 1000, maxBytes: 1 << 20 };

const NL = Buffer.from('\n');

interface Group {
  lines: LogLine[];
  bytes: number;
  started: number;
  timer: NodeJS.Timeout;
}

export function multilineGrouper(
  continues: Continues,
  emit: (line: LogLine) => boolean,
  limits: Partial<GroupLimits> = {},
  now: () => number = Date.now,
): Grouper {
  const { idleMs, maxAgeMs, maxLines, maxBytes } = { ...GROUP_LIMITS, ...limits };
  const open = new Map<Target, Group>();
  let congested = false;

  const pass = (t: Target) => {
    const g = open.get(t);
    if (!g) return;
    clearTimeout(g.timer);
    open.delete(t);
    const [first] = g.lines;
    if (!first) return;
    congested = !emit(
      g.lines.length === 1
        ? first
        : {
            target: t,
            timestamp: first.timestamp,
            message: g.lines.map((l) => l.message).join('\n'),
            bytes: Buffer.concat(g.lines.flatMap((l, i) => (i ? [NL, l.bytes] : [l.bytes]))),
          },
    );
  };

  const fits = (g: Group, line: LogLine) =>
    g.lines.length < maxLines && g.bytes + 1 + line.bytes.length <= maxBytes && now() - g.started < maxAgeMs;

  return {
    push(line) {
      const g = open.get(line.target);
      if (g && fits(g, line) && continues(line.message, g.lines[0]?.message ?? '')) {
        g.lines.push(line);
        g.bytes += 1 + line.bytes.length;
        g.timer.refresh();
        return !congested;
      }
      pass(line.target);
      open.set(line.target, {
        lines: [line],
        bytes: line.bytes.length,
        started: now(),
        timer: setTimeout(() => pass(line.target), idleMs),
      });
      return !congested;
    },
    flush() {
      for (const t of [...open.keys()]) pass(t);
    },
  };
}
