// Colour decisions: whether to colour at all, and a colour per value that stays the same
// for the same value across runs (a hash, not an order of appearance).
import { Chalk, type ChalkInstance } from 'chalk';
import type { ColorMode } from '../options/types.js';

/** --color wins; in auto mode NO_COLOR and FORCE_COLOR are honoured, then whether it is a TTY. */
export function colorEnabled(mode: ColorMode, isTTY: boolean | undefined, env: NodeJS.ProcessEnv): boolean {
  if (mode !== 'auto') return mode === 'always';
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined) return !['0', 'false'].includes(env.FORCE_COLOR);
  return Boolean(isTTY) && env.TERM !== 'dumb';
}

export type Paint = (text: string) => string;

const PALETTE = ['cyan', 'green', 'magenta', 'yellow', 'blue', 'red', 'cyanBright', 'greenBright', 'magentaBright', 'yellowBright', 'blueBright', 'redBright'] as const;

/** FNV-1a: cheap, and the same value always lands on the same colour. */
export function hash(value: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    h ^= value.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export interface Colors {
  enabled: boolean;
  chalk: ChalkInstance;
  /** the stable colour for a value */
  of(value: string): Paint;
}

export function colors(enabled: boolean): Colors {
  const chalk = new Chalk({ level: enabled ? 1 : 0 });
  const plain: Paint = (s) => s;
  return {
    enabled,
    chalk,
    of: (value) => (enabled ? chalk[PALETTE[hash(value) % PALETTE.length] ?? 'cyan'] : plain),
  };
}
