// -B/--before-context, --after-context, -C/--context-lines → grep's context around matches.
// -A is kubectl's and stern's --all-namespaces, so after-context is long only. As in grep,
// -B and --after-context win over -C for their side, whatever the order.
import type { ContextSpec } from '../filter/context.js';
import { UsageError } from '../shared/errors.js';
import { integer } from './values.js';

export interface ContextFlags {
  beforeContext?: string;
  afterContext?: string;
  contextLines?: string;
  include?: string[];
  where?: string[];
}

export function contextSpec(f: ContextFlags): ContextSpec | undefined {
  const both = f.contextLines === undefined ? undefined : integer('-C/--context-lines', f.contextLines, 0);
  const before = f.beforeContext === undefined ? both : integer('-B/--before-context', f.beforeContext, 0);
  const after = f.afterContext === undefined ? both : integer('--after-context', f.afterContext, 0);
  if (before === undefined && after === undefined) return undefined;
  // lines -e drops are gone, not "non-matching": without -i or --where nothing would be context
  if (!f.include?.length && !f.where?.length)
    throw new UsageError('context lines (-B, -C, --after-context) are around matches: give -i or --where');
  return { before: before ?? 0, after: after ?? 0 };
}
