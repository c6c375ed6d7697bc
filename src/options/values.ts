// Parsers for flag values: each throws a UsageError naming the flag and the bad value.
import { UsageError } from '../shared/errors.js';
import { compilePattern, type Pattern } from './pattern.js';

/** A user regex in Go's RE2 syntax; a bad one is a usage error with RE2's own message. */
export function regex(flag: string, source: string): Pattern {
  try {
    return compilePattern(source);
  } catch (err) {
    throw new UsageError(`invalid ${flag} regex ${JSON.stringify(source)}: ${(err as Error).message.replace(/\s*\n[\s\S]*$/, '')}`);
  }
}

/** A repeatable regex flag (commander's list, absent when not given). */
export const regexes = (flag: string, list: string[] | undefined): Pattern[] => (list ?? []).map((r) => regex(flag, r));

const UNIT_SECONDS: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

/** Go-style durations as stern and kubectl take them: 10s, 5m, 48h, 1h30m, 500ms. */
export function durationSeconds(flag: string, text: string): number {
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)];
  const consumed = parts.map((p) => p[0]).join('');
  if (!parts.length || consumed !== text)
    throw new UsageError(`invalid ${flag} duration ${JSON.stringify(text)} (examples: 30s, 5m, 48h, 1h30m)`);
  return parts.reduce((sum, p) => sum + Number(p[1]) * (UNIT_SECONDS[p[2] ?? 's'] ?? 1), 0);
}

export function integer(flag: string, text: string, min: number): number {
  const n = Number(text);
  if (!/^-?\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < min)
    throw new UsageError(`invalid ${flag} ${JSON.stringify(text)}: expected a whole number ≥ ${min}`);
  return n;
}

export function bool(flag: string, text: string | boolean | undefined): boolean {
  if (text === undefined || typeof text === 'boolean') return text ?? true;
  const t = text.toLowerCase();
  if (['true', '1', 'yes', 't'].includes(t)) return true;
  if (['false', '0', 'no', 'f'].includes(t)) return false;
  throw new UsageError(`invalid ${flag} ${JSON.stringify(text)}: expected true or false`);
}

export function oneOf<T extends string>(flag: string, text: string, allowed: readonly T[]): T {
  if (!allowed.includes(text as T)) throw new UsageError(`invalid ${flag} ${JSON.stringify(text)}: expected one of ${allowed.join(', ')}`);
  return text as T;
}

export function rfc3339(flag: string, text: string): string {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(text) || Number.isNaN(Date.parse(text))) {
    throw new UsageError(`invalid ${flag} ${JSON.stringify(text)}: expected an RFC3339 time like 2024-05-01T10:00:00Z`);
  }
  return text;
}

// Label and field selector grammar (apimachinery's): checked here so a typo is a usage error,
// not a request every cluster refuses over and over.
const KEY = String.raw`(?:[a-z0-9](?:[-a-z0-9.]{0,251}[a-z0-9])?\/)?[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?`;
const VALUE = String.raw`(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?`;
const LABEL_TERM = new RegExp(
  String.raw`^\s*(?:!?${KEY}|${KEY}\s*(?:==?|!=)\s*${VALUE}|${KEY}\s+(?:in|notin)\s*\(\s*${VALUE}(?:\s*,\s*${VALUE})*\s*\))\s*$`,
);
const FIELD_TERM = /^\s*[A-Za-z0-9_.[\]-]+\s*(?:==?|!=)\s*[^,=!]*\s*$/;

/** Splits on commas outside parentheses. */
const terms = (sel: string) => sel.split(/,(?![^(]*\))/);

export function labelSelector(flag: string, sel: string): string {
  const bad = terms(sel).find((t) => !LABEL_TERM.test(t));
  if (bad !== undefined)
    throw new UsageError(
      `invalid ${flag} ${JSON.stringify(sel)}: cannot parse ${JSON.stringify(bad.trim())} (examples: app=web, tier in (front,back), !canary)`,
    );
  return sel;
}

export function fieldSelector(flag: string, sel: string): string {
  const bad = terms(sel).find((t) => !FIELD_TERM.test(t));
  if (bad !== undefined)
    throw new UsageError(
      `invalid ${flag} ${JSON.stringify(sel)}: cannot parse ${JSON.stringify(bad.trim())} (example: status.phase=Running)`,
    );
  return sel;
}
