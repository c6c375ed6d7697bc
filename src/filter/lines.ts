// Line filters: --include (any must match), --exclude (none may match), --where (every
// condition holds on the line's fields). Compiled once.
import type { Pattern } from '../options/pattern.js';
import type { LogLine } from '../shared/target.js';
import type { FieldsOf } from './structured.js';
import { whereMatcher, type Condition } from './where.js';

export interface LineFilter {
  include: Pattern[];
  exclude: Pattern[];
  where: Condition[];
}

export function lineMatcher(f: Pick<LineFilter, 'include' | 'exclude'>): ((message: string) => boolean) | undefined {
  const { include, exclude } = f;
  if (!include.length && !exclude.length) return undefined;
  return (m) => (!include.length || include.some((re) => re.test(m))) && !exclude.some((re) => re.test(m));
}

export interface LineSelector {
  /** -e: the line is gone, as if never written (not even context) */
  drop?: (line: LogLine) => boolean;
  /** -i and --where: the line is a match (context lines are the others) */
  match?: (line: LogLine) => boolean;
}

export function lineSelector(f: LineFilter, fieldsOf: FieldsOf): LineSelector {
  const { include, exclude } = f;
  const where = whereMatcher(f.where, fieldsOf);
  const included = include.length ? (line: LogLine) => include.some((re) => re.test(line.message)) : undefined;
  return {
    drop: exclude.length ? (line) => exclude.some((re) => re.test(line.message)) : undefined,
    match: included && where ? (line) => included(line) && where(line) : (included ?? where),
  };
}

/** Without context lines: whether a line is printed at all; undefined = every line is. */
export function lineKeeper(s: LineSelector): ((line: LogLine) => boolean) | undefined {
  const { drop, match } = s;
  if (drop && match) return (line) => !drop(line) && match(line);
  if (drop) return (line) => !drop(line);
  return match;
}
