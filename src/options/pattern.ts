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
  const plain = plainMatcher(source);
  if (plain) return { source, ...plain };
  const re = RE2JS.compile(source);
  const engine = re.re2();
  const paintMatches = (s: string, paint: (m: string) => string) =>
    engine.replaceAllFunc(s, (m: string) => (m ? paint(m) : m), Number.POSITIVE_INFINITY) as string;
  return { source, test: (s) => re.test(s), paintMatches };
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
// Literal characters, `.`, punctuation escaped with a backslash, and a leading `^` or a
// trailing `$`: what RE2 and a JS RegExp in Unicode mode read alike, and which JS matches
// without backtracking (no repetition, no alternation).
const SIMPLE = /^\^?(?:[^\\.+*?()|[\]{}^$]|\.|\\[!-/:-@[-`{-~])*\$?$/;
// what a JS RegExp in Unicode mode lets be escaped outside a class
const JS_SYNTAX = /[\\^$.*+?()[\]{}|/]/;

type Matcher = Pick<Pattern, 'test' | 'paintMatches'>;

/**
 * Patterns whose matches a search without RE2 finds exactly, as RE2 would (leftmost first,
 * whole code points): a literal is String#includes; (?i) and an ASCII literal a fixed
 * sequence of character classes (each letter's fold orbit); `.` and anchors a JS RegExp
 * (`.` as RE2's: any character but a newline). The common queries (`web`, `.`) then cost
 * no RE2 compile at start-up.
 */
function plainMatcher(source: string): Matcher | undefined {
  if (SURROGATE.test(source)) return undefined;
  const folded = source.startsWith('(?i)');
  const lit = folded ? source.slice(4) : source;
  if (!lit) return undefined;
  if (!folded && !META.test(lit)) return literalMatcher(lit);
  // eslint-disable-next-line no-control-regex
  if (folded && !META.test(lit) && /^[\x00-\x7f]+$/.test(lit)) return regExpMatcher(foldedClasses(lit));
  if (!folded && SIMPLE.test(lit)) return regExpMatcher(simpleToJs(lit));
  return undefined;
}

function literalMatcher(lit: string): Matcher {
  return { test: (s) => s.includes(lit), paintMatches: (s, paint) => (s.includes(lit) ? s.split(lit).join(paint(lit)) : s) };
}

function regExpMatcher(js: string): Matcher {
  const once = new RegExp(js, 'u');
  const all = new RegExp(js, 'gu');
  // an empty match (`^` alone) is left as it is, as RE2's path leaves it
  return { test: (s) => once.test(s), paintMatches: (s, paint) => s.replace(all, (m) => (m ? paint(m) : m)) };
}

function foldedClasses(lit: string): string {
  return [...lit]
    .map((ch) => {
      const lower = ch.toLowerCase();
      if (lower === ch.toUpperCase()) return `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`;
      return `[${FOLD[lower] ?? `${lower}${lower.toUpperCase()}`}]`;
    })
    .join('');
}

/** A SIMPLE pattern in JS's syntax: `.` excludes only a newline; escapes JS does not take are written plain. */
function simpleToJs(source: string): string {
  let out = '';
  for (let i = 0; i < source.length; i++) {
    const ch = source[i] as string;
    if (ch === '\\') {
      const next = source[++i] as string;
      out += JS_SYNTAX.test(next) ? `\\${next}` : next;
    } else if (ch === '.') out += '[^\\n]';
    else out += ch;
  }
  return out;
}
