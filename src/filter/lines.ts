// Line filters: --include (any must match), --exclude (none may match). Compiled once.
import type { Pattern } from '../options/pattern.js';

export interface LineFilter {
  include: Pattern[];
  exclude: Pattern[];
}

export function lineMatcher(f: LineFilter): ((message: string) => boolean) | undefined {
  const { include, exclude } = f;
  if (!include.length && !exclude.length) return undefined;
  return (m) => (!include.length || include.some((re) => re.test(m))) && !exclude.some((re) => re.test(m));
}
