// ~/.config/ktail/config.yaml (--config PATH, KTAIL_CONFIG): defaults for any long flag,
// keyed by the flag's name (`tail: 10`, `namespace: [a, b]`). Flags given on the command
// line win. A key that is not a flag, or a value of the wrong type, names the key.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Command, Option } from 'commander';
import { load } from 'js-yaml';
import { UsageError } from '../shared/errors.js';

export function defaultConfigPath(env: NodeJS.ProcessEnv): string {
  return join(env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config'), 'ktail', 'config.yaml');
}

/** The config file to read: --config or KTAIL_CONFIG must exist; the default may be absent. */
export function configPath(flag: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  const explicit = flag ?? env.KTAIL_CONFIG;
  if (explicit !== undefined) {
    if (!existsSync(explicit)) throw new UsageError(`config file ${explicit} does not exist`);
    return explicit;
  }
  const fallback = defaultConfigPath(env);
  return existsSync(fallback) ? fallback : undefined;
}

function readConfig(path: string): Record<string, unknown> {
  let doc: unknown;
  try {
    doc = load(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new UsageError(`config file ${path}: ${String((err as Error).message).split('\n')[0]}`);
  }
  if (doc === undefined || doc === null) return {};
  if (typeof doc !== 'object' || Array.isArray(doc))
    throw new UsageError(`config file ${path}: expected keys named like the long flags (e.g. "tail: 10")`);
  return doc as Record<string, unknown>;
}

const NOT_IN_CONFIG = new Set(['config', 'version', 'help', 'timestamp-format']);

/** Sets every option the command line left at its default from the config file. */
export function applyConfig(cmd: Command, path: string): void {
  const byKey = new Map<string, Option>();
  for (const o of cmd.options) {
    const key = o.long?.replace(/^--(no-)?/, '');
    if (key && !NOT_IN_CONFIG.has(key) && !o.hidden && !(o.negate && byKey.has(key))) byKey.set(key, o);
  }
  for (const [key, raw] of Object.entries(readConfig(path))) {
    const opt = byKey.get(key);
    if (!opt) throw new UsageError(`config file ${path}: unknown key "${key}" (keys are long flag names, e.g. "tail", "namespace")`);
    const attr = opt.attributeName();
    const source = cmd.getOptionValueSource(attr);
    if (source === 'cli' || source === 'env') continue;
    cmd.setOptionValueWithSource(attr, valueFor(path, key, opt, raw), 'config');
  }
}

function valueFor(path: string, key: string, opt: Option, raw: unknown): unknown {
  const bad = (want: string) => new UsageError(`config file ${path}: key "${key}" must be ${want}, not ${JSON.stringify(raw)}`);
  const scalar = (v: unknown) => {
    if (typeof v === 'string' || typeof v === 'number') return String(v);
    throw bad('a string or number');
  };
  if (opt.negate || opt.isBoolean()) {
    if (typeof raw !== 'boolean') throw bad('true or false');
    return raw;
  }
  if (opt.variadic || (opt.description ?? '').includes('repeatable')) return (Array.isArray(raw) ? raw : [raw]).map(scalar);
  if (opt.optional && typeof raw === 'boolean') return raw;
  return scalar(raw);
}
