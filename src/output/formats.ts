// -o default|raw|json|extjson|ppextjson and --template: one formatter each, chosen from a
// table. Each turns a log line into the exact text written to stdout, newline included.
import { anyOf, type Pattern } from '../options/pattern.js';
import type { OutputFormat } from '../options/types.js';
import type { LogLine, Target } from '../target.js';
import type { Colors, Paint } from './colors.js';
import { prefixOf, type TextLayout } from './format.js';
import { recordOf } from './record.js';
import { neutralizeControls } from './sanitize.js';
import { compileTemplate } from './template.js';


export interface FormatOptions extends TextLayout {
  format: OutputFormat;
  template?: string;
  /** leave control characters in log text as they are (otherwise neutralised on a TTY) */
  rawEscapes: boolean;
  /** stdout is a terminal */
  tty: boolean;
  highlight: Pattern[];
  /** renders a kubelet timestamp as the user asked (zone, format) */
  showTime: (ts: string) => string;
}

/** Text, or bytes where the log's own bytes pass through untouched (a pipe, -o raw). */
export type Formatter = (line: LogLine) => string | Buffer;

const NL = Buffer.from('\n');

const parsed = (message: string): unknown => {
  const first = message.trimStart()[0];
  if (first !== '{' && first !== '[') return message;
  try {
    return JSON.parse(message);
  } catch {
    return message;
  }
};

const extjson = (line: LogLine) => ({ cluster: line.target.cluster.name, namespace: line.target.namespace, pod: line.target.pod, container: line.target.container, message: parsed(line.message) });

// eslint-disable-next-line no-control-regex
const C1 = /[\u007f-\u009f]/g;
/** JSON.stringify leaves DEL and C1 controls raw (a one-byte CSI among them): escape those too. */
const jsonText = (v: unknown, indent?: number) => JSON.stringify(v, null, indent).replace(C1, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);

export function formatter(o: FormatOptions, c: Colors): Formatter {
  const neutralize = o.tty && !o.rawEscapes;
  const clean = neutralize ? neutralizeControls : (s: string) => s;
  const painter = highlighter(o.highlight, c);
  const highlight = painter ?? ((s: string) => s);
  const time = (line: LogLine) => (o.timestamps ? `${o.showTime(line.timestamp)} ` : '');
  if (o.template !== undefined) {
    const render = compileTemplate(o.template, c, clean);
    const paints = (t: Target): { podColor: Paint; containerColor: Paint; clusterColor: Paint } => ({ podColor: c.pod(t.pod), containerColor: c.container(t.pod, t.container), clusterColor: c.of(t.cluster.name) });
    return (line) => `${render({ ...recordOf(line), ...paints(line.target) })}\n`;
  }
  const table: Record<OutputFormat, () => Formatter> = {
    default: () => {
      const prefixes = new WeakMap<Target, string>();
      return (line) => {
        let prefix = prefixes.get(line.target);
        if (prefix === undefined) prefixes.set(line.target, (prefix = prefixOf(line.target, o, c)));
        // a multi-line record (--multiline) gets the prefix on each of its lines
        if (line.message.includes('\n')) return `${line.message.split('\n').map((m, i) => `${prefix}${i ? '' : time(line)}${highlight(clean(m))}`).join('\n')}\n`;
        if (!neutralize && !painter) return Buffer.concat([Buffer.from(prefix + time(line)), line.bytes, NL]);
        return `${prefix}${time(line)}${highlight(clean(line.message))}\n`;
      };
    },
    raw: () => (line) => (neutralize ? `${time(line)}${clean(line.message)}\n` : Buffer.concat([Buffer.from(time(line)), line.bytes, NL])),
    json: () => (line) => `${jsonText(recordOf(line))}\n`,
    extjson: () => (line) => `${jsonText(extjson(line))}\n`,
    ppextjson: () => (line) => `${jsonText(extjson(line), 2)}\n`,
  };
  return table[o.format]();
}

/** undefined: nothing to paint (the log's own bytes can pass through) */
function highlighter(patterns: Pattern[], c: Colors): ((s: string) => string) | undefined {
  if (!patterns.length || !c.enabled) return undefined;
  const all = anyOf(patterns);
  // stern's codes (fatih/color's red bold), so a highlighted line is byte-for-byte stern's
  const paint = (m: string) => `\u001b[31;1m${m}\u001b[0;22m`;
  return (s) => all.paintMatches(s, paint);
}
