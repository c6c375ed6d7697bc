// Printing a value tree (fmt's %v and %#v, json.Marshal) without recursion. Log text is
// untrusted, and Go decodes and prints JSON nested up to 10,000 deep: recursing per level
// overflowed JS's stack at about 2,000, which ended the read of the whole input.
import type { Value } from './values.js';

/** A container as text: what opens it, its items (each a label, such as a map key, and a value), what closes it. */
export interface Opened {
  open: string;
  items: readonly { label: string; value: Value }[];
  sep: string;
  close: string;
}

/**
 * The text of `root`: `step(v, depth)` gives a leaf's text, or the container `v` opens
 * (depth 0 is the root, its items are at 1).
 */
export function renderNested(root: Value, step: (v: Value, depth: number) => string | Opened): string {
  const first = step(root, 0);
  // most operands are not containers
  if (typeof first === 'string') return first;
  const out: string[] = [first.open];
  const open: { node: Opened; next: number }[] = [{ node: first, next: 0 }];
  const visit = (v: Value) => {
    const r = step(v, open.length);
    if (typeof r === 'string') out.push(r);
    else {
      out.push(r.open);
      open.push({ node: r, next: 0 });
    }
  };
  for (let top = open.at(-1); top; top = open.at(-1)) {
    const { node } = top;
    if (top.next === node.items.length) {
      out.push(node.close);
      open.pop();
      continue;
    }
    if (top.next > 0) out.push(node.sep);
    const item = node.items[top.next++] as Opened['items'][number];
    out.push(item.label);
    visit(item.value);
  }
  return out.join('');
}
