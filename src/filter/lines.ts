// Line filters: --include (any must match), --exclude (none may match). Compiled once.
export interface LineFilter {
  include: RegExp[];
  exclude: RegExp[];
}

export function lineMatcher(f: LineFilter): ((message: string) => boolean) | undefined {
  const { include, exclude } = f;
  if (!include.length && !exclude.length) return undefined;
  return (m) => (!include.length || include.some((re) => re.test(m))) && !exclude.some((re) => re.test(m));
}
