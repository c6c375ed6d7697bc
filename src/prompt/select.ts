// The picker behind --prompt, as stern's (survey's Select): arrows move, typing filters,
// Enter picks, Ctrl-C or Esc gives up. Pure: keys in, a new state or an answer out; and the
// lines that show a state. The terminal driver is in terminal.ts.
export interface SelectState {
  options: string[];
  filter: string;
  /** index into the filtered list */
  cursor: number;
}

export type KeyResult = { state: SelectState } | { picked: string } | { aborted: true };

const PAGE = 7;

export const initialState = (options: string[]): SelectState => ({ options, filter: '', cursor: 0 });

export function visible(s: SelectState): string[] {
  const f = s.filter.toLowerCase();
  return s.options.filter((o) => o.toLowerCase().includes(f));
}

/** One keypress, as the bytes a raw-mode terminal sends for it. */
export function press(s: SelectState, key: string): KeyResult {
  const shown = visible(s);
  const move = (by: number) => ({ state: { ...s, cursor: shown.length ? (s.cursor + by + shown.length) % shown.length : 0 } });
  if (key === '\u0003' || key === '\u001b') return { aborted: true };
  if (key === '\r' || key === '\n') {
    const pick = shown[s.cursor];
    return pick === undefined ? { state: s } : { picked: pick };
  }
  if (key === '\u001b[A' || key === '\u001bOA') return move(-1);
  if (key === '\u001b[B' || key === '\u001bOB' || key === '\t') return move(1);
  if (key === '\u007f' || key === '\b') return { state: { ...s, filter: s.filter.slice(0, -1), cursor: 0 } };
  // printable text (typed or pasted) narrows the list
  // eslint-disable-next-line no-control-regex
  if (/^[^\u0000-\u001f\u007f]+$/.test(key)) return { state: { ...s, filter: s.filter + key, cursor: 0 } };
  return { state: s };
}

/** The question and at most one page of options around the cursor. */
export function render(s: SelectState, question: string): string[] {
  const shown = visible(s);
  const start = Math.min(Math.max(0, s.cursor - PAGE + 1), Math.max(0, shown.length - PAGE));
  const page = shown.slice(start, start + PAGE);
  const hint = s.filter ? `[filter: ${s.filter}]` : '[Use arrows to move, type to filter]';
  return [
    `? ${question} ${hint}`,
    ...(page.length ? page.map((o, i) => `${start + i === s.cursor ? '❯' : ' '} ${o}`) : ['  (nothing matches)']),
  ];
}
