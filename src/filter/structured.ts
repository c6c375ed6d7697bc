// A log line read as a record: a JSON object, or logfmt. Parsed at most once per line, for
// every --where and for -o pretty alike (the cache lives as long as the printer that made it).
import type { LogLine } from '../shared/target.js';
import { parseLogfmt } from './logfmt.js';

/** JSON values (nested objects for dotted keys), or logfmt's flat strings. */
export type Fields = ReadonlyMap<string, unknown>;

export function parseStructured(message: string): Fields | undefined {
  const t = message.trimStart();
  if (t.startsWith('{')) {
    try {
      const v: unknown = JSON.parse(t);
      return isObject(v) ? new Map(Object.entries(v)) : undefined;
    } catch {
      return undefined;
    }
  }
  return message.includes('=') ? parseLogfmt(message) : undefined;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `http.status`: the key as written if the record has it (logfmt keys hold dots), else a path through nested objects. */
export function fieldAt(fields: Fields, key: string): unknown {
  if (fields.has(key)) return fields.get(key);
  const [head, ...rest] = key.split('.');
  let v: unknown = fields.get(head ?? '');
  for (const part of rest) {
    if (!isObject(v) || !Object.hasOwn(v, part)) return undefined;
    v = v[part];
  }
  return v;
}

export type FieldsOf = (line: LogLine) => Fields | undefined;

/** One parse per line, however many readers ask. */
export function fieldsCache(): FieldsOf {
  const seen = new WeakMap<LogLine, Fields | null>();
  return (line) => {
    let f = seen.get(line);
    if (f === undefined) seen.set(line, (f = parseStructured(line.message) ?? null));
    return f ?? undefined;
  };
}
