// logfmt (`level=info msg="a b" n=3`), as go-logfmt writes it, parsed strictly: every token
// must be key=value, so prose that happens to hold one `=` is not taken for a record.
// Values are strings; quoted ones are unescaped as Go's strconv.Unquote does for \" \\ \n \t.

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', n: '\n', t: '\t', r: '\r', '/': '/' };

/** The pairs in order, or undefined when the text is not logfmt. */
export function parseLogfmt(text: string): Map<string, string> | undefined {
  const pairs = new Map<string, string>();
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (text[i] === ' ' || text[i] === '\t') i++;
    if (i >= n) break;
    const keyStart = i;
    while (i < n && text[i] !== '=' && text[i] !== ' ' && text[i] !== '\t' && text[i] !== '"') i++;
    if (i === keyStart || text[i] !== '=') return undefined;
    const key = text.slice(keyStart, i++);
    const value = text[i] === '"' ? quoted(text, i) : bare(text, i);
    if (!value) return undefined;
    pairs.set(key, value.text);
    i = value.end;
    if (i < n && text[i] !== ' ' && text[i] !== '\t') return undefined;
  }
  return pairs.size ? pairs : undefined;
}

function bare(text: string, start: number): { text: string; end: number } | undefined {
  let i = start;
  while (i < text.length && text[i] !== ' ' && text[i] !== '\t') {
    if (text[i] === '"' || text[i] === '=') return undefined;
    i++;
  }
  return { text: text.slice(start, i), end: i };
}

function quoted(text: string, start: number): { text: string; end: number } | undefined {
  let out = '';
  for (let i = start + 1; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === '"') return { text: out, end: i + 1 };
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const esc = ESCAPES[text[++i] ?? ''];
    if (esc === undefined) return undefined;
    out += esc;
  }
  return undefined;
}
