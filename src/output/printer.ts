// Everything between a LogLine and stdout: line filters, the chosen format, colours, and
// the one writer (mux). Live, offline and --stdin mode share it.
import type { Writable } from 'node:stream';
import { contextStage, type ContextSpec } from '../filter/context.js';
import { lineKeeper, lineSelector, type LineFilter } from '../filter/lines.js';
import { fieldsCache, type FieldsOf } from '../filter/structured.js';
import type { Pattern } from '../options/pattern.js';
import type { LogLine, Target } from '../shared/target.js';
import type { PodEvent } from '../shared/event.js';
import type { Template } from '../template/index.js';
import { timestampFormatter, type TimestampFormat } from '../shared/time.js';
import { colorEnabled, colors, DEFAULT_PALETTES, type ColorOptions, type Colors } from './colors.js';
import { contextOutput } from './contextOutput.js';
import { eventFormatter } from './eventFormat.js';
import { formatter, type Formatter, type FormatOptions, type OutputFormat } from './formatter.js';
import { mux, type Text } from './mux.js';

/** What the printer reads of the options (their `output`). */
export interface PrinterOptions extends ColorOptions, LineFilter {
  format: OutputFormat;
  /** --template / --template-file, parsed once by the options */
  template?: Template;
  /** false, or how to show each line's timestamp */
  timestamps: false | TimestampFormat;
  /** IANA zone the timestamps are shown in */
  timezone: string;
  rawEscapes: boolean;
  highlight: Pattern[];
  /** -B/-C/--after-context: grep's context lines around matches, per stream */
  context?: ContextSpec;
}

export interface Printer {
  /** false = congested: wait for whenDrained before emitting more */
  emit(line: LogLine): boolean;
  /** --events: an event among the lines (no line filter applies: it is not log text) */
  event(e: PodEvent): boolean;
  whenDrained(resume: () => void): void;
  flush(): Promise<void>;
  /** resolves when stdout is gone (a closed pipe): time to stop quietly */
  closed: Promise<void>;
  /** lines printed (after filters) */
  readonly lines: number;
  /** the stream ended: what the printer keeps for it (-B's held lines) goes */
  forget(t: Target): void;
}

export interface Layout {
  showCluster: boolean;
  showNamespace: boolean;
}

export function paletteColors(o: ColorOptions, isTTY: boolean | undefined, env: NodeJS.ProcessEnv): Colors {
  return colors(colorEnabled(o.color, isTTY, env), {
    pod: o.podColors ?? DEFAULT_PALETTES.pod,
    container: o.containerColors ?? DEFAULT_PALETTES.container,
    diffContainer: o.diffContainer,
  });
}

export function printer(
  o: PrinterOptions,
  layout: Layout,
  stdout: Writable & { isTTY?: boolean },
  env: NodeJS.ProcessEnv,
  onError: (message: string) => void,
  around?: (write: () => void) => void,
): Printer {
  const out = mux(stdout, around);
  const fieldsOf = fieldsCache();
  const fo = formatOptions(o, layout, Boolean(stdout.isTTY), onError, fieldsOf);
  const c = paletteColors(o, stdout.isTTY, env);
  const format = formatter(fo, c);
  const formatEvent = eventFormatter(fo, c);
  const closed = closedOn(stdout, onError);
  let separators = 0;
  const staged = o.context
    ? withContext(
        o,
        o.context,
        fieldsOf,
        format,
        (text, separator) => {
          if (separator) separators++;
          return out.write(text);
        },
        contextOutput(fo, c),
      )
    : undefined;
  const emit = staged?.emit ?? plainEmit(lineKeeper(lineSelector(o, fieldsOf)), format, out.write);
  return {
    emit,
    forget: (t) => staged?.forget(t),
    event: (e) => out.write(formatEvent(e)),
    whenDrained: out.whenDrained,
    // no time limit: a reader that is slow at the end still gets every line (a second Ctrl-C ends ktail at once)
    flush: () => Promise.race([out.flush(), closed]),
    closed,
    get lines() {
      return out.lines - separators;
    },
  };
}

type Emit = (line: LogLine) => boolean;

function plainEmit(keep: ((line: LogLine) => boolean) | undefined, format: Formatter, write: (text: Text) => boolean): Emit {
  return keep ? (line) => !keep(line) || write(format(line)) : (line) => write(format(line));
}

function withContext(
  o: PrinterOptions,
  spec: ContextSpec,
  fieldsOf: FieldsOf,
  format: Formatter,
  write: (text: Text, separator: boolean) => boolean,
  look: ReturnType<typeof contextOutput>,
): { emit: Emit; forget(t: Target): void } {
  const { drop, match } = lineSelector(o, fieldsOf);
  const staged = contextStage(spec, match ?? (() => true), (m) => {
    const separator = m.gap ? look.separator(m.line) : undefined;
    const ok = separator === undefined || write(separator, true);
    const text = format(m.line);
    return write(m.context ? look.mark(text) : text, false) && ok;
  });
  return { emit: drop ? (line) => drop(line) || staged(line) : staged, forget: staged.forget };
}

function formatOptions(
  o: PrinterOptions,
  layout: Layout,
  tty: boolean,
  warn: (message: string) => void,
  fieldsOf: FieldsOf,
): FormatOptions {
  return {
    format: o.format,
    template: o.template,
    ...layout,
    timestamps: o.timestamps !== false,
    showTime: timestampFormatter(o.timestamps || 'default', o.timezone),
    rawEscapes: o.rawEscapes,
    tty,
    // stern paints what -i matched as well as -H
    highlight: [...o.include, ...o.highlight],
    warn,
    fieldsOf,
  };
}

/** Resolves when stdout fails; a closed pipe (EPIPE) is the reader leaving, not an error to report. */
function closedOn(stdout: Writable, onError: (message: string) => void): Promise<void> {
  return new Promise<void>((resolve) =>
    stdout.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') onError(`cannot write to stdout: ${err.message}`);
      resolve();
    }),
  );
}
