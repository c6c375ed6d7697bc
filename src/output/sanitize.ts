// Text from outside ktail is untrusted: log lines, and the names and error messages that end
// up on stderr (context, cluster and pod names, API error bodies, an exec plugin's stderr).
// On a terminal, two kinds of characters in it are shown instead of being obeyed:
// - controls (Unicode Cc: ESC and so CSI/OSC sequences, title changes, hyperlinks, carriage
//   returns, C1 controls), in caret notation (`^[`, `\x9b`), so a pod cannot rewrite the screen;
// - invisible format characters (Unicode Cf: bidi embeddings, overrides and isolates, the
//   marks U+200E/F and U+061C, zero-width space/joiners, word joiner, BOM, soft hyphen, tag
//   characters) and the line/paragraph separators (Zl, Zp), as `<U+202E>`, so text cannot
//   read differently from what it is (a reversed file name, a hidden word between letters).
// The whole category rather than a list: Unicode adds format characters, and each is
// invisible by definition. The price: emoji joined with U+200D show their parts. Tab stays.
const UNSAFE = /(?!\t)[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;
const UNSAFE_ALL = /(?!\t)[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

function visible(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  if (code < 0x20) return `^${String.fromCharCode(code + 0x40)}`;
  if (code === 0x7f) return '^?';
  if (code <= 0x9f) return `\\x${code.toString(16)}`;
  return `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`;
}

/** Log text for a terminal: every control and invisible format character made visible. */
export function neutralizeControls(text: string): string {
  return UNSAFE.test(text) ? text.replace(UNSAFE_ALL, visible) : text;
}

// a line break with the blanks around it (CRLF, LF, CR, VT, FF, NEL, U+2028/9)
const BREAK = /[^\S\n\r\v\f\u0085\u2028\u2029]*[\n\r\v\f\u0085\u2028\u2029]\s*/gu;

/**
 * Untrusted text inside a message on stderr: one line (its lines joined, `; ` unless a line
 * ends in punctuation), and neutralised as above. Always, not only on a terminal: stderr is
 * read by people (often later, from a CI log on a terminal), never parsed byte for byte.
 */
export function oneLine(text: string): string {
  const trimmed = text.trim();
  return neutralizeControls(trimmed.replace(BREAK, (_m, at: number) => (/[.,;:!?]$/.test(trimmed.slice(0, at)) ? ' ' : '; ')));
}
