// A binary min-heap: the smallest held item out first, in log time per push and pop.
export interface MinHeap<T> {
  push(item: T): void;
  /** the smallest item, taken out; undefined when empty */
  pop(): T | undefined;
  readonly size: number;
}

/** `less`: a strict order; items that compare equal come out in no particular order. */
export function minHeap<T>(less: (a: T, b: T) => boolean): MinHeap<T> {
  const items: T[] = [];
  const at = (i: number) => items[i] as T;
  const swap = (i: number, j: number) => ([items[i], items[j]] = [at(j), at(i)]);
  const up = (i: number) => {
    for (let p = (i - 1) >> 1; i > 0 && less(at(i), at(p)); i = p, p = (i - 1) >> 1) swap(i, p);
  };
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const m = l + 1 < items.length && less(at(l + 1), at(l)) ? l + 1 : l;
      if (l >= items.length || !less(at(m), at(i))) return;
      swap(i, m);
      i = m;
    }
  };
  return {
    push(item) {
      items.push(item);
      up(items.length - 1);
    },
    pop() {
      const head = items[0];
      const last = items.pop();
      if (items.length) {
        items[0] = last as T;
        down(0);
      }
      return head;
    },
    get size() {
      return items.length;
    },
  };
}
