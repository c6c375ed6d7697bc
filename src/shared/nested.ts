// Printing a value tree without recursion (templates' %v, %#v and json.Marshal; JSON fields
// for --where and -o pretty). Log text is untrusted, and Go decodes and prints JSON nested up
// to 10,000 deep: recursing per level overflowed JS's stack at about 2,000, which ended the
// read of the whole input.

/** A container as text: what opens it, its items (each a label, such as a map key, and a value), what closes it. */
export interface Opened<V> {
  open: string;
  items: readonly { label: string; value: V }[];
  sep: string;
  close: string;
}

/**
 * The text of `root`: `step(v, depth)` gives a leaf's text, or the container `v` opens
 * (depth 0 is the root, its items are at 1).
 */
export function renderNested<V>(root: V, step: (v: V, depth: number) => string | Opened<V>): string {
  const first = step(root, 0);
  // most operands are not containers
  if (typeof first === 'string') return first;
  const out: string[] = [first.open];
  const open: { node: Opened<V>; next: number }[] = [{ node: first, next: 0 }];
  const visit = (v: V) => {
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
    const item = node.items[top.next++] as Opened<V>['items'][number];
    out.push(item.label);
    visit(item.value);
  }
  return out.join('');
}

/** JSON.stringify of a parsed JSON value, however deep (V8's own recurses). */
export function jsonText(root: unknown): string {
  try {
    return JSON.stringify(root);
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
  }
  return renderNested(root, (v): string | Opened<unknown> => {
    if (Array.isArray(v))
      return v.length ? { open: '[', items: v.map((value: unknown) => ({ label: '', value })), sep: ',', close: ']' } : '[]';
    if (typeof v !== 'object' || v === null) return JSON.stringify(v);
    const entries = Object.entries(v);
    return entries.length
      ? { open: '{', items: entries.map(([k, value]) => ({ label: `${JSON.stringify(k)}:`, value })), sep: ',', close: '}' }
      : '{}';
  });
}
