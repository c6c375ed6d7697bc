// User regexes in Go's RE2 syntax, as stern takes them, matched in linear time (re2js): a
// hostile log line cannot make a user's pattern backtrack for ever.
import { RE2JS } from 're2js';

export interface Pattern {
  /** the pattern as the user wrote it */
  readonly source: string;
  /** matches anywhere in s (Go's MatchString) */
  test(s: string): boolean;
  /** every non-empty match replaced by paint(match), leftmost-first as Go's ReplaceAllStringFunc */
  paintMatches(s: string, paint: (match: string) => string): string;
}

/** Throws RE2's own message (Go's wording: "error parsing regexp: …") for a bad pattern. */
export function compilePattern(source: string): Pattern {
  const re = RE2JS.compile(source);
  const engine = re.re2();
  const paintMatches = (s: string, paint: (m: string) => string) =>
    engine.replaceAllFunc(s, (m: string) => (m ? paint(m) : m), Number.POSITIVE_INFINITY) as string;
  return { source, test: literalTest(source) ?? ((s) => re.test(s)), paintMatches };
}

/**
 * The patterns one after another, as one (stern highlights with one alternation, longest
 * source first so the longer pattern wins where two start at the same place). Each is grouped
 * so that a flag like (?i) stays inside its own pattern.
 */
export function anyOf(patterns: readonly Pattern[]): Pattern {
  const sorted = [...patterns].sort((a, b) => b.source.length - a.source.length);
  return compilePattern(sorted.map((p) => `(?:${p.source})`).join('|'));
}

// RE2 metacharacters: a pattern without any is a plain substring search.
const META = /[\\.+*?()|[\]{}^$]/;
// Lone surrogates would make UTF-16 search and RE2's code-point matching disagree.
const SURROGATE = /[\uD800-\uDFFF]/;
// Go's simple case folding orbits that leave ASCII: k K U+212A (Kelvin), s S U+017F (long s).
const FOLD: Record<string, string> = { k: 'kK\u212A', s: 'sS\u017F' };

/**
 * Fast paths whose answers are RE2's exactly: a literal is String#includes; (?i) and an ASCII
 * literal is a fixed sequence of character classes (each letter's fold orbit), which V8 scans
 * without backtracking.
 */
function literalTest(source: string): ((s: string) => boolean) | undefined {
  const folded = source.startsWith('(?i)');
  const lit = folded ? source.slice(4) : source;
  if (!lit || META.test(lit) || SURROGATE.test(lit)) return undefined;
  if (!folded) return (s) => s.includes(lit);
  // eslint-disable-next-line no-control-regex
  if (!/^[\x00-\x7f]+$/.test(lit)) return undefined;
  const classes = [...lit].map((ch) => {
    const lower = ch.toLowerCase();
    if (lower === ch.toUpperCase()) return `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`;
    return `[${FOLD[lower] ?? `${lower}${lower.toUpperCase()}`}]`;
  });
  const re = new RegExp(classes.join(''));
  return (s) => re.test(s);
}
