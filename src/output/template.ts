// --template: a small, safe subset of Go templates as stern users write them, e.g.
//   '{{.PodName}} {{color .PodColor .Message}}'   '{{json .}}'   '{{.Labels.app}} {{.Message | upper}}'
// Actions are pipelines of fields, string literals and a fixed table of functions: no
// code is ever evaluated. Errors are found when the template is compiled, not per line.
import { UsageError } from '../errors.js';
import type { Colors, Paint } from './colors.js';
import type { LogRecord } from './record.js';
import { timestampFormatter } from '../time.js';

const utc = timestampFormatter('default', 'UTC');

type Value = unknown;
type Fn = (...args: Value[]) => Value;
type Node = (rec: TemplateData) => Value;

export interface TemplateData extends LogRecord {
  podColor: Paint;
  containerColor: Paint;
  clusterColor: Paint;
}

const FIELDS = ['cluster', 'namespace', 'podName', 'containerName', 'nodeName', 'labels', 'timestamp', 'message', 'podColor', 'containerColor', 'clusterColor'] as const;
const FIELD_BY_LOWER = new Map<string, string>(FIELDS.map((f) => [f.toLowerCase(), f]));

const text = (v: Value): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));
const parseJson = (v: Value): Value => {
  try {
    return JSON.parse(text(v));
  } catch {
    return text(v);
  }
};

function functions(c: Colors): Record<string, Fn> {
  return {
    json: (v) => JSON.stringify(v),
    parseJSON: parseJson,
    extjson: (v) => JSON.stringify(parseJson(v)),
    ppextjson: (v) => JSON.stringify(parseJson(v), null, 2),
    color: (...args) => (args.length >= 2 && typeof args[0] === 'function' ? (args[0] as Paint)(text(args[1])) : c.of(text(args[0]))(text(args[0]))),
    index: (obj, key) => (obj && typeof obj === 'object' ? (obj as Record<string, unknown>)[text(key)] : undefined),
    upper: (v) => text(v).toUpperCase(),
    lower: (v) => text(v).toLowerCase(),
    toUTC: (v) => utc(text(v)),
    toRFC3339Nano: (v) => utc(text(v)),
  };
}

const TOKEN = /\s*(?:(\|)|("(?:[^"\\]|\\.)*")|(\.[A-Za-z0-9_.]*)|([A-Za-z_][A-Za-z0-9_]*)|(-?\d+(?:\.\d+)?)|(\S+))/y;

function operand(tok: RegExpExecArray, fns: Record<string, Fn>, template: string): { fn?: Fn; node?: Node } {
  const [, , str, field, ident, num, junk] = tok;
  if (junk !== undefined) throw new UsageError(`bad --template ${JSON.stringify(template)}: unexpected ${JSON.stringify(junk)}`);
  if (str !== undefined) {
    const value = JSON.parse(str) as string;
    return { node: () => value };
  }
  if (num !== undefined) return { node: () => Number(num) };
  if (field !== undefined) return { node: fieldNode(field, template) };
  const fn = fns[ident ?? ''];
  if (!fn) throw new UsageError(`bad --template ${JSON.stringify(template)}: unknown function ${JSON.stringify(ident)} (known: ${Object.keys(fns).join(', ')})`);
  return { fn };
}

function fieldNode(path: string, template: string): Node {
  if (path === '.') return (rec) => rec;
  const [head = '', ...rest] = path.slice(1).split('.');
  const key = FIELD_BY_LOWER.get(head.toLowerCase());
  if (!key) throw new UsageError(`bad --template ${JSON.stringify(template)}: unknown field .${head} (fields: ${FIELDS.map((f) => f[0]?.toUpperCase() + f.slice(1)).join(', ')})`);
  return (rec) => rest.reduce<Value>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), (rec as unknown as Record<string, unknown>)[key]);
}

function compileAction(action: string, fns: Record<string, Fn>, template: string): Node {
  const commands: { fn?: Fn; args: Node[] }[] = [{ args: [] }];
  TOKEN.lastIndex = 0;
  for (let tok = TOKEN.exec(action); tok && tok[0].trim(); tok = TOKEN.exec(action)) {
    if (tok[1]) {
      commands.push({ args: [] });
      continue;
    }
    const cmd = commands[commands.length - 1] as { fn?: Fn; args: Node[] };
    const op = operand(tok, fns, template);
    if (op.fn && (cmd.fn || cmd.args.length)) throw new UsageError(`bad --template ${JSON.stringify(template)}: a function name must start a command`);
    if (op.fn) cmd.fn = op.fn;
    else if (op.node) cmd.args.push(op.node);
  }
  commands.forEach((c, i) => {
    if (!c.fn && (c.args.length !== 1 || i > 0)) throw new UsageError(`bad --template ${JSON.stringify(template)}: malformed action {{${action}}}`);
  });
  return (rec) => commands.reduce<Value>((piped, c, i) => {
    const args = c.args.map((a) => a(rec));
    if (i > 0) args.push(piped);
    return c.fn ? c.fn(...args) : args[0];
  }, undefined);
}

export function compileTemplate(template: string, c: Colors): (data: TemplateData) => string {
  const fns = functions(c);
  const parts: (string | Node)[] = [];
  let rest = template;
  for (let open = rest.indexOf('{{'); open !== -1; open = rest.indexOf('{{')) {
    const close = rest.indexOf('}}', open);
    if (close === -1) throw new UsageError(`bad --template ${JSON.stringify(template)}: unclosed {{`);
    parts.push(rest.slice(0, open), compileAction(rest.slice(open + 2, close).replace(/^-|-$/g, ''), fns, template));
    rest = rest.slice(close + 2);
  }
  if (rest.includes('}}')) throw new UsageError(`bad --template ${JSON.stringify(template)}: }} without {{`);
  parts.push(rest);
  return (data) => {
    let out = '';
    for (const p of parts) out += typeof p === 'string' ? p : text(p(data));
    return out;
  };
}
