// --template: a small, safe subset of Go templates as stern users write them, e.g.
//   '{{.PodName}} {{color .PodColor .Message}}'   '{{json .}}'   '{{index (parseJSON .Message) "level"}}'
// Actions are pipelines of fields, literals, (sub-pipelines) and a fixed table of
// functions: no code is ever evaluated. Errors are found at compile time, not per line.
// Every action's output is passed through `clean` (escape neutralising on a TTY); only the
// colour codes `color` itself adds are trusted.
import { UsageError } from '../errors.js';
import { timestampFormatter } from '../time.js';
import type { Colors, Paint } from './colors.js';
import type { LogRecord } from './record.js';

export interface TemplateData extends LogRecord {
  podColor: Paint;
  containerColor: Paint;
  clusterColor: Paint;
}

type Value = unknown;
type Node = (data: TemplateData) => Value;
type Fn = (...args: Value[]) => Value;

/** Text that already went through `clean` and carries our own colour codes. */
class Painted {
  constructor(readonly text: string) {}
}

const FIELDS = ['cluster', 'namespace', 'podName', 'containerName', 'nodeName', 'labels', 'timestamp', 'message', 'podColor', 'containerColor', 'clusterColor'] as const;
const FIELD_BY_LOWER = new Map<string, string>(FIELDS.map((f) => [f.toLowerCase(), f]));
const utc = timestampFormatter('default', 'UTC');

const text = (v: Value): string => (v instanceof Painted ? v.text : typeof v === 'string' ? v : v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));
const parseJson = (v: Value): Value => {
  try {
    return JSON.parse(text(v));
  } catch {
    return text(v);
  }
};

function functions(c: Colors, clean: (s: string) => string): Record<string, Fn> {
  const paint = (p: Paint, v: Value) => new Painted(p(v instanceof Painted ? v.text : clean(text(v))));
  return {
    json: (v) => JSON.stringify(v),
    parseJSON: parseJson,
    extjson: (v) => JSON.stringify(parseJson(v)),
    ppextjson: (v) => JSON.stringify(parseJson(v), null, 2),
    color: (...args) => (args.length >= 2 && typeof args[0] === 'function' ? paint(args[0] as Paint, args[1]) : paint(c.of(text(args[0])), args[0])),
    index: (obj, key) => (obj && typeof obj === 'object' ? (obj as Record<string, unknown>)[text(key)] : undefined),
    upper: (v) => text(v).toUpperCase(),
    lower: (v) => text(v).toLowerCase(),
    toUTC: (v) => utc(text(v)),
    toRFC3339Nano: (v) => utc(text(v)),
  };
}

const TOKEN = /\s*(?:([()|])|("(?:[^"\\]|\\.)*"|`[^`]*`)|(\.[A-Za-z0-9_.]*)|([A-Za-z_][A-Za-z0-9_]*)|(-?\d+(?:\.\d+)?)|(\S))/gy;
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\u0007', b: '\b', f: '\f', v: '\v', '\\': '\\', '"': '"' };

/** Go's interpreted string literal (or a `raw` one). */
function goString(lit: string, fail: (why: string) => never): string {
  if (lit.startsWith('`')) return lit.slice(1, -1);
  return lit.slice(1, -1).replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3}|.)/g, (_, e: string) => {
    if (/^[xuU]/.test(e)) return String.fromCodePoint(parseInt(e.slice(1), 16));
    if (/^[0-7]{3}$/.test(e)) return String.fromCharCode(parseInt(e, 8));
    return ESCAPES[e] ?? fail(`unknown escape \\${e} in ${lit}`);
  });
}

function fieldNode(path: string, fail: (why: string) => never): Node {
  if (path === '.') return (d) => d;
  const [head = '', ...rest] = path.slice(1).split('.');
  const key = FIELD_BY_LOWER.get(head.toLowerCase()) ?? fail(`unknown field .${head} (fields: ${FIELDS.map((f) => f[0]?.toUpperCase() + f.slice(1)).join(', ')})`);
  return (d) => rest.reduce<Value>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), (d as unknown as Record<string, unknown>)[key]);
}

/** pipeline := command ('|' command)* ; command := fn? operand* ; operand := literal | field | '(' pipeline ')' */
function parsePipeline(tokens: RegExpExecArray[], at: { i: number }, fns: Record<string, Fn>, fail: (why: string) => never, nested: boolean): Node {
  const commands: { fn?: Fn; args: Node[] }[] = [{ args: [] }];
  for (; at.i < tokens.length; at.i++) {
    const [, punct, str, field, ident, num, junk] = tokens[at.i] as RegExpExecArray;
    const cmd = commands[commands.length - 1] as { fn?: Fn; args: Node[] };
    if (junk !== undefined) fail(`unexpected ${JSON.stringify(junk)}`);
    if (punct === '|') commands.push({ args: [] });
    else if (punct === ')') {
      if (!nested) fail('unexpected ")"');
      break;
    } else if (punct === '(') {
      at.i++;
      cmd.args.push(parsePipeline(tokens, at, fns, fail, true));
      if (tokens[at.i]?.[1] !== ')') fail('unclosed "("');
    } else if (str !== undefined) {
      const value = goString(str, fail);
      cmd.args.push(() => value);
    } else if (num !== undefined) cmd.args.push(() => Number(num));
    else if (field !== undefined) cmd.args.push(fieldNode(field, fail));
    else {
      if (cmd.fn || cmd.args.length) fail('a function name must start a command');
      cmd.fn = fns[ident ?? ''] ?? fail(`unknown function ${JSON.stringify(ident)} (known: ${Object.keys(fns).join(', ')})`);
    }
  }
  commands.forEach((c, i) => {
    if (!c.fn && (c.args.length !== 1 || i > 0)) fail('malformed action');
  });
  return (d) => commands.reduce<Value>((piped, c, i) => {
    const args = c.args.map((a) => a(d));
    if (i > 0) args.push(piped);
    return c.fn ? c.fn(...args) : args[0];
  }, undefined);
}

export function compileTemplate(template: string, c: Colors, clean: (s: string) => string = (s) => s): (data: TemplateData) => string {
  const fail = (why: string): never => {
    throw new UsageError(`bad --template ${JSON.stringify(template)}: ${why}`);
  };
  const fns = functions(c, clean);
  const parts: (string | Node)[] = [];
  let rest = template;
  for (let open = rest.indexOf('{{'); open !== -1; open = rest.indexOf('{{')) {
    const close = rest.indexOf('}}', open);
    if (close === -1) fail('unclosed {{');
    let action = rest.slice(open + 2, close);
    let before = rest.slice(0, open);
    rest = rest.slice(close + 2);
    // Go's trim markers: "{{- " and " -}}" eat the white space beside them
    if (/^-\s/.test(action)) [before, action] = [before.trimEnd(), action.slice(1)];
    if (/\s-$/.test(action)) [rest, action] = [rest.trimStart(), action.slice(0, -1)];
    const tokens = [...action.matchAll(TOKEN)].filter((t) => t[0].trim());
    if (!tokens.length) fail('empty action {{}}');
    const at = { i: 0 };
    parts.push(before, parsePipeline(tokens, at, fns, fail, false));
  }
  if (rest.includes('}}')) fail('}} without {{');
  parts.push(rest);
  return (data) => {
    let out = '';
    for (const p of parts) {
      if (typeof p === 'string') out += p;
      else {
        const v = p(data);
        out += v instanceof Painted ? v.text : clean(text(v));
      }
    }
    return out;
  };
}
