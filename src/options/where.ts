// --where flag values → Conditions. A bad one is a usage error naming it.
import { UsageError } from '../shared/errors.js';
import { asNumber, WHERE_OPS, type Condition, type WhereOp } from '../filter/where.js';
import { regex } from './values.js';

// the key runs up to the first operator character; the longest operator there wins
const SHAPE = /^\s*([^=!~<>\s]+)\s*(!=|!~|>=|<=|=|~|>|<)(.*)$/s;
const ORDERS: ReadonlySet<WhereOp> = new Set(['>', '>=', '<', '<=']);

export function whereCondition(text: string): Condition {
  const m = SHAPE.exec(text);
  const [, key, op, value] = m ?? [];
  if (!key || !op || value === undefined || !(WHERE_OPS as readonly string[]).includes(op)) {
    throw new UsageError(
      `invalid --where ${JSON.stringify(text)}: expected KEY OP VALUE with OP one of ${WHERE_OPS.join(' ')} (e.g. level=error, status>=500)`,
    );
  }
  const c: Condition = { source: text, key, op: op as WhereOp, value: value.trim() };
  if (ORDERS.has(c.op) && asNumber(c.value) === undefined) {
    throw new UsageError(`invalid --where ${JSON.stringify(text)}: ${op} compares numbers, and ${JSON.stringify(value)} is not one`);
  }
  if (c.op === '~' || c.op === '!~') c.pattern = regex('--where', c.value);
  return c;
}
