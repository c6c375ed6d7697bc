// -o pretty: a structured line (JSON object, logfmt) as `LEVEL message key=value …`, the
// level coloured as stern's levelColor colours it and the keys dimmed. The level is the first
// of level, lvl, severity; the message the first of msg, message. Numeric levels (bunyan,
// pino) are named as bunyan names them. Lines that are not records are left to the caller.
import type { Fields } from '../filter/structured.js';
import { fieldText } from '../filter/where.js';
import { jsonText } from '../shared/nested.js';
import { LEVELS } from '../template/functions.js';
import { sgr, type Paint } from './colors.js';

export const LEVEL_KEYS = ['level', 'lvl', 'severity'] as const;
export const MESSAGE_KEYS = ['msg', 'message'] as const;

// bunyan's thresholds, as stern's bunyanLevelColor reads them
const BUNYAN: [number, string][] = [
  [60, 'fatal'],
  [50, 'error'],
  [40, 'warn'],
  [30, 'info'],
  [20, 'debug'],
  [0, 'trace'],
];

export interface PrettyPaint {
  enabled: boolean;
  /** neutralises control characters where the terminal would run them */
  clean: (s: string) => string;
  /** -i/-H matches in the message */
  highlight: (s: string) => string;
}

const DIM = sgr('2');
const first = (f: Fields, keys: readonly string[]) => keys.find((k) => f.has(k) && f.get(k) !== null && typeof f.get(k) !== 'object');

function levelName(v: unknown): string {
  if (typeof v === 'number') return BUNYAN.find(([at]) => v >= at)?.[1] ?? String(v);
  return fieldText(v);
}

/** logfmt's quoting for text with spaces, quotes or `=` (or none at all); other values as JSON writes them */
const shown = (v: unknown) => (typeof v !== 'string' ? jsonText(v) : v === '' || /[\s"=\\]/.test(v) ? JSON.stringify(v) : v);

export function prettyRecord(f: Fields, p: PrettyPaint): string {
  const levelKey = first(f, LEVEL_KEYS);
  const messageKey = first(f, MESSAGE_KEYS);
  const parts: string[] = [];
  if (levelKey) {
    const name = levelName(f.get(levelKey));
    const code = LEVELS.get(name.toLowerCase());
    const upper = p.clean(name.toUpperCase());
    parts.push(p.enabled && code !== undefined ? sgr(String(code))(upper) : upper);
  }
  if (messageKey) parts.push(p.highlight(p.clean(fieldText(f.get(messageKey)))));
  const dim: Paint = p.enabled ? DIM : (s) => s;
  for (const [k, v] of f) {
    if (k !== levelKey && k !== messageKey) parts.push(`${dim(`${p.clean(k)}=`)}${p.clean(shown(v))}`);
  }
  return parts.join(' ');
}
