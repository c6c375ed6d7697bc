// Everything between a LogLine and stdout, assembled from the options: line filters,
// the chosen format, colours, and the one writer (mux). Live and offline mode share it.
import type { Writable } from 'node:stream';
import { lineMatcher } from '../filter/lines.js';
import type { Options } from '../options/types.js';
import type { LogLine } from '../target.js';
import { timestampFormatter } from '../time.js';
import { colorEnabled, colors, DEFAULT_PALETTES, type Colors } from './colors.js';
import { formatter } from './formatter.js';
import { mux } from './mux.js';

export interface Printer {
  /** false = congested: wait for whenDrained before emitting more */
  emit(line: LogLine): boolean;
  whenDrained(resume: () => void): void;
  flush(): Promise<void>;
  /** resolves when stdout is gone (a closed pipe): time to stop quietly */
  closed: Promise<void>;
  /** lines printed (after filters) */
  readonly lines: number;
}

export interface Layout {
  showCluster: boolean;
  showNamespace: boolean;
}

export function paletteColors(opts: Options, isTTY: boolean | undefined, env: NodeJS.ProcessEnv): Colors {
  const o = opts.output;
  return colors(colorEnabled(o.color, isTTY, env), { pod: o.podColors ?? DEFAULT_PALETTES.pod, container: o.containerColors ?? DEFAULT_PALETTES.container, diffContainer: o.diffContainer });
}

export function printer(opts: Options, layout: Layout, stdout: Writable & { isTTY?: boolean }, env: NodeJS.ProcessEnv, onError: (message: string) => void,
  around?: (write: () => void) => void): Printer {
  const o = opts.output;
  const out = mux(stdout, around);
  const format = formatter({
    format: o.format,
    template: o.template,
    ...layout,
    timestamps: o.timestamps !== false,
    showTime: timestampFormatter(o.timestamps || 'default', o.timezone),
    rawEscapes: o.rawEscapes,
    tty: Boolean(stdout.isTTY),
    // stern paints what -i matched as well as -H
    highlight: [...o.include, ...o.highlight],
    warn: onError,
  }, paletteColors(opts, stdout.isTTY, env));
  const keep = lineMatcher(o);
  const closed = new Promise<void>((resolve) => stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') onError(`cannot write to stdout: ${err.message}`);
    resolve();
  }));
  return {
    emit: keep ? (line) => !keep(line.message) || out.write(format(line)) : (line) => out.write(format(line)),
    whenDrained: out.whenDrained,
    // no time limit: a reader that is slow at the end still gets every line (a second Ctrl-C ends ktail at once)
    flush: () => Promise.race([out.flush(), closed]),
    closed,
    get lines() {
      return out.lines;
    },
  };
}
