// -o default|raw|json|extjson|ppextjson|pretty and --template: one formatter each, chosen from a
// table. Each turns a log line into the exact text written to stdout: the predefined
// formats end their lines; a user's template writes exactly what it renders, as stern.
import { anyOf, type Pattern } from '../options/pattern.js';
import type { LogLine, Target } from '../shared/target.js';
import type { Colors } from './colors.js';
import { prefixOf, type TextLayout } from './prefix.js';
import { LOG_FIELDS, LOG_TYPE, recordOf, type Paints } from './record.js';
import { neutralizeControls } from './sanitize.js';
import { ExecError, parseTemplate, renderer, type Template } from '../template/index.js';
import { marshal } from '../template/json.js';
import { fieldsCache, type FieldsOf } from '../filter/structured.js';
import { prettyRecord } from './pretty.js';
import type { Piece, Text } from './mux.js';

export const OUTPUT_FORMATS = ['default', 'raw', 'json', 'extjson', 'ppextjson', 'pretty'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface FormatOptions extends TextLayout {
  format: OutputFormat;
  /** parsed once, by the options */
  template?: Template;
  /** a template that fails on a line: one warning per distinct error */
  warn?: (message: string) => void;
  /** leave control characters in log text as they are (otherwise neutralised on a TTY) */
  rawEscapes: boolean;
  /** stdout is a terminal */
  tty: boolean;
  highlight: Pattern[];
  /** renders a kubelet timestamp as the user asked (zone, format) */
  showTime: (ts: string) => string;
  /** the printer's one parse per line, shared with --where (-o pretty) */
  fieldsOf?: FieldsOf;
}

/**
 * Text, or pieces holding the log's own bytes where they pass through untouched (a pipe, -o
 * raw). Pieces are an array the formatter fills again for the next line: the text is written
 * (copied) before another line is formatted.
 */
export type Formatter = (line: LogLine) => Text;

const NEWLINE = 0x0a;
const NL = Buffer.from('\n');
/** the log's own bytes, where they lie if the line knows */
const own = (line: LogLine): Piece => line.span ?? line.bytes;

/**
 * stern's own templates for extjson and ppextjson, with `"cluster"` first when clusters are
 * shown: the same bytes as stern's for one cluster.
 */
function extjsonTemplate(o: TextLayout, pretty: boolean): Template {
  const keys = [
    ...(o.showCluster ? [['cluster', '{{color .ClusterColor .Cluster}}']] : []),
    ...(o.showNamespace ? [['namespace', '{{color .PodColor .Namespace}}']] : []),
    ['pod', '{{color .PodColor .PodName}}'],
    ['container', '{{color .ContainerColor .ContainerName}}'],
  ];
  const fields = [...keys.map(([k, v]) => `"${k}": "${v}"`), '"message": {{extjson .Message}}'];
  const body = pretty ? `{\n${fields.map((f) => `  ${f}`).join(',\n')}\n}` : `{${fields.join(', ')}}`;
  return parseTemplate(`${body}\n`, { type: LOG_TYPE, fields: LOG_FIELDS });
}

// eslint-disable-next-line no-control-regex
const C1 = /[\u007f-\u009f]/g;
/** JSON.stringify leaves DEL and C1 controls raw (a one-byte CSI among them): escape those too. */
const escapeC1 = (json: string) => json.replace(C1, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);

export function formatter(o: FormatOptions, c: Colors): Formatter {
  const neutralize = o.tty && !o.rawEscapes;
  const clean = neutralize ? neutralizeControls : (s: string) => s;
  const painter = highlighter(o.highlight, c);
  const highlight = painter ?? ((s: string) => s);
  const time = (line: LogLine) => (o.timestamps ? `${o.showTime(line.timestamp)} ` : '');
  // stern puts -t's timestamp in front of the message its templates see
  // fields named, not spread: a LogLine may compute them in getters (offline mode's do)
  const stamped = (line: LogLine): LogLine =>
    o.timestamps ? { target: line.target, timestamp: line.timestamp, bytes: line.bytes, message: `${time(line)}${line.message}` } : line;
  const paints = (t: Target): Paints => ({
    podColor: c.pod(t.pod),
    containerColor: c.container(t.pod, t.container),
    clusterColor: c.of(t.cluster.name),
  });
  if (o.template !== undefined) {
    const render = renderer(o.template, { colors: c.enabled, clean });
    const warned = new Set<string>();
    // written as stern writes it: no newline of ours (stern's own templates end in {{"\n"}})
    return (line) => {
      try {
        return highlight(render(recordOf(stamped(line), paints(line.target))));
      } catch (err) {
        if (!(err instanceof ExecError)) throw err;
        // stern prints this for every line; once per distinct error is enough
        if (!warned.has(err.message)) {
          warned.add(err.message);
          o.warn?.(`expanding template failed: ${err.message}`);
        }
        return '';
      }
    };
  }
  // JSON escapes controls itself (C1 and DEL too, below): no `clean`, so the message stays intact
  const extjsonFormat = (pretty: boolean): Formatter => {
    const render = renderer(extjsonTemplate(o, pretty), { colors: c.enabled, clean: (s) => s });
    return (line) => escapeC1(render(recordOf(stamped(line), paints(line.target))));
  };
  // the pieces of a line that passes through, in one array per shape refilled for each line
  // (the mux copies them before the next): an array made per line is garbage made per line
  const two: Piece[] = [NL, NL];
  const three: Piece[] = [NL, NL, NL];
  const four: Piece[] = [NL, NL, NL, NL];
  const fill2 = (a: Piece) => ((two[0] = a), two);
  const fill3 = (a: Piece, b: Piece) => ((three[0] = a), (three[1] = b), three);
  const fill4 = (a: Piece, b: Piece, c: Piece) => ((four[0] = a), (four[1] = b), (four[2] = c), four);
  const prefixes = new WeakMap<Target, string>();
  const prefixFor = (t: Target) => {
    let prefix = prefixes.get(t);
    if (prefix === undefined) prefixes.set(t, (prefix = prefixOf(t, o, c)));
    return prefix;
  };
  // the prefix as bytes, for lines whose own bytes pass through: encoded once per stream
  const prefixBytes = new WeakMap<Target, Buffer>();
  const prefixBytesFor = (t: Target) => {
    let prefix = prefixBytes.get(t);
    if (prefix === undefined) prefixBytes.set(t, (prefix = Buffer.from(prefixFor(t))));
    return prefix;
  };
  const table: Record<OutputFormat, () => Formatter> = {
    default: () => (line) => {
      const prefix = prefixFor(line.target);
      // a multi-line record (--multiline) gets the prefix on each of its lines; a line that
      // still lies in its chunk was split there, so it holds no newline and is not looked into
      if (!line.span && line.bytes.includes(NEWLINE))
        return `${line.message
          .split('\n')
          .map((m, i) => `${prefix}${i ? '' : time(line)}${highlight(clean(m))}`)
          .join('\n')}\n`;
      if (!neutralize && !painter) {
        if (!o.timestamps) return fill3(prefixBytesFor(line.target), own(line));
        return fill4(prefixBytesFor(line.target), time(line), own(line));
      }
      return `${prefix}${time(line)}${highlight(clean(line.message))}\n`;
    },
    raw: () => (line) =>
      neutralize ? `${time(line)}${clean(line.message)}\n` : o.timestamps ? fill3(time(line), own(line)) : fill2(own(line)),
    json: () => (line) => `${escapeC1(marshal(recordOf(line)))}\n`,
    extjson: () => extjsonFormat(false),
    ppextjson: () => extjsonFormat(true),
    pretty: () => {
      const plain = table.default();
      const fieldsOf = o.fieldsOf ?? fieldsCache();
      const paint = { enabled: c.enabled, clean, highlight };
      return (line) => {
        const f = fieldsOf(line);
        return f ? `${prefixFor(line.target)}${time(line)}${prettyRecord(f, paint)}\n` : plain(line);
      };
    },
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
