// --where KEY OP VALUE on structured lines (JSON, logfmt): every condition must hold, and a
// line without the field does not match. Numbers compare as numbers when both sides are
// numbers; = and != fall back to text; an order against a non-number is false.
import type { Pattern } from '../options/pattern.js';
import type { LogLine } from '../shared/target.js';
import { jsonText } from '../shared/nested.js';
import { fieldAt, type FieldsOf } from './structured.js';

export const WHERE_OPS = ['!=', '!~', '>=', '<=', '=', '~', '>', '<'] as const;
export type WhereOp = (typeof WHERE_OPS)[number];

export interface Condition {
  /** as the user wrote it, for messages */
  readonly source: string;
  key: string;
  op: WhereOp;
  value: string;
  /** for ~ and !~ */
  pattern?: Pattern;
}

const NUMBER = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;
export const asNumber = (s: string) => (NUMBER.test(s) ? Number(s) : undefined);

/** A field's value as text: strings as they are, other JSON values as JSON writes them. */
export const fieldText = (v: unknown): string => (typeof v === 'string' ? v : jsonText(v));

type Compare = (field: string, c: Condition) => boolean;
const ordered =
  (test: (a: number, b: number) => boolean): Compare =>
  (field, c) => {
    const a = asNumber(field);
    const b = asNumber(c.value);
    return a !== undefined && b !== undefined && test(a, b);
  };
const equal: Compare = (field, c) => {
  const a = asNumber(field);
  const b = asNumber(c.value);
  return a !== undefined && b !== undefined ? a === b : field === c.value;
};

const COMPARE: Record<WhereOp, Compare> = {
  '=': equal,
  '!=': (f, c) => !equal(f, c),
  '~': (f, c) => c.pattern?.test(f) ?? false,
  '!~': (f, c) => !(c.pattern?.test(f) ?? false),
  '>': ordered((a, b) => a > b),
  '>=': ordered((a, b) => a >= b),
  '<': ordered((a, b) => a < b),
  '<=': ordered((a, b) => a <= b),
};

export function holds(c: Condition, field: unknown): boolean {
  if (field === undefined) return false;
  return COMPARE[c.op](fieldText(field), c);
}

/** undefined: no --where; otherwise true when the line is a record meeting every condition. */
export function whereMatcher(conditions: readonly Condition[], fieldsOf: FieldsOf): ((line: LogLine) => boolean) | undefined {
  if (!conditions.length) return undefined;
  return (line) => {
    const fields = fieldsOf(line);
    return fields !== undefined && conditions.every((c) => holds(c, fieldAt(fields, c.key)));
  };
}
