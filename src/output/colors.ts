// Colour decisions: whether to colour at all, and a colour per value that stays the same
// for the same value across runs (a hash, not an order of appearance). Palettes are SGR
// lists like stern's --pod-colors / --container-colors.
import { Chalk, type ChalkInstance } from 'chalk';
import { UsageError } from '../shared/errors.js';

export type ColorMode = 'auto' | 'always' | 'never';

/** What the colours are chosen from: --color, --pod-colors, --container-colors, -d. */
export interface ColorOptions {
  color: ColorMode;
  /** SGR lists; undefined = stern's defaults */
  podColors?: string[];
  containerColors?: string[];
  diffContainer: boolean;
}

/** --color wins; in auto mode NO_COLOR and FORCE_COLOR are honoured, then whether it is a TTY. */
export function colorEnabled(mode: ColorMode, isTTY: boolean | undefined, env: NodeJS.ProcessEnv): boolean {
  if (mode !== 'auto') return mode === 'always';
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined) return !['0', 'false'].includes(env.FORCE_COLOR);
  return Boolean(isTTY) && env.TERM !== 'dumb';
}

export type Paint = (text: string) => string;

export interface Palettes {
  pod: string[];
  container: string[];
  /** -d: containers coloured by their own name, not their pod's */
  diffContainer: boolean;
}

// stern's colour list, in stern's order: the same pod gets the same colour in both tools
export const DEFAULT_PALETTES: Palettes = {
  pod: ['96', '92', '95', '93', '94', '91'],
  container: ['36', '32', '35', '33', '34', '31'],
  diffContainer: false,
};

/** Parses an SGR list flag such as "91,92,38;5;208". */
export function sgrList(flag: string, text: string): string[] {
  const list = text.split(',').map((s) => s.trim());
  const bad = list.find((s) => !/^\d{1,3}(;\d{1,3})*$/.test(s));
  if (bad !== undefined || !list.length) throw new UsageError(`invalid ${flag} ${JSON.stringify(text)}: expected SGR codes like 91,92,93`);
  return list;
}

/** FNV-1 (32 bit) over the UTF-8 bytes, as stern's colorIndex: a pod gets stern's colour for it. */
export function hash(value: string): number {
  let h = 0x811c9dc5;
  for (const byte of Buffer.from(value, 'utf8')) {
    h = Math.imul(h, 0x01000193);
    h ^= byte;
  }
  return h >>> 0;
}

export interface Colors {
  enabled: boolean;
  chalk: ChalkInstance;
  /** the stable colour for any value (cluster, namespace) */
  of(value: string): Paint;
  pod(name: string): Paint;
  container(pod: string, container: string): Paint;
}

const plain: Paint = (s) => s;
// stern's colour library (fatih/color) ends a colour with one reset per attribute: 22 after
// bold, 24 after underline … and 0 for colours, so "32;4" ends in "0;24". Same bytes as stern.
const RESETS: Record<string, string> = { 1: '22', 2: '22', 3: '23', 4: '24', 5: '25', 6: '25', 7: '27', 8: '28', 9: '29' };
/** Paints text with an SGR sequence such as "31;1", ending it as stern does. */
export function sgr(code: string): Paint {
  const end = `\u001b[${code
    .split(';')
    .map((a) => RESETS[String(Number(a))] ?? '0')
    .join(';')}m`;
  return (s) => `\u001b[${code}m${s}${end}`;
}
const pickFrom = (list: string[], key: string) => sgr(list[hash(key) % list.length] ?? '0');

export function colors(enabled: boolean, p: Palettes = DEFAULT_PALETTES): Colors {
  const chalk = new Chalk({ level: enabled ? 1 : 0 });
  if (!enabled) return { enabled, chalk, of: () => plain, pod: () => plain, container: () => plain };
  return {
    enabled,
    chalk,
    of: (value) => pickFrom(p.pod, value),
    pod: (name) => pickFrom(p.pod, name),
    container: (pod, container) => pickFrom(p.container, p.diffContainer ? container : pod),
  };
}
