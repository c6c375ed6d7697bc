// The flags of what is printed and how (-o, --template, colours, timestamps, filters on lines)
// → OutputOptions.
import { readFileSync } from 'node:fs';
import { sgrList } from '../output/colors.js';
import { OUTPUT_FORMATS } from '../output/formatter.js';
import { LOG_FIELDS, LOG_TYPE } from '../output/record.js';
import { parseTemplate, ParseError, type Template } from '../template/index.js';
import { UsageError } from '../shared/errors.js';
import { checkTimezone } from '../shared/time.js';
import { contextSpec, type ContextFlags } from './lineContext.js';
import type { OutputOptions } from './types.js';
import { durationSeconds, oneOf, regex, regexes } from './values.js';
import { whereCondition } from './where.js';

export interface OutputFlags extends ContextFlags {
  timestamps?: boolean;
  timestampFormat?: string;
  timezone?: string;
  output?: string;
  template?: string;
  templateFile?: string;
  highlight?: string[];
  onlyLogLines?: boolean;
  rawEscapes?: boolean;
  color?: string;
  podColors?: string;
  containerColors?: string;
  diffContainer?: boolean;
  quiet?: boolean;
  verbose?: boolean;
  merge?: string;
  mergeWindow?: string;
  multiline?: string;
  exclude?: string[];
}

export function outputOptions(f: OutputFlags): OutputOptions {
  return {
    format: oneOf('-o/--output', f.output ?? 'default', OUTPUT_FORMATS),
    template: checkTemplate(f.templateFile !== undefined ? readTemplate(f.templateFile) : f.template),
    color: oneOf('--color', f.color ?? 'auto', ['auto', 'always', 'never'] as const),
    ...palettes(f.podColors, f.containerColors),
    diffContainer: Boolean(f.diffContainer),
    timestamps:
      f.timestamps || f.timestampFormat !== undefined
        ? oneOf('--timestamps', f.timestampFormat ?? 'default', ['default', 'short'] as const)
        : false,
    timezone: checkTimezone(f.timezone ?? 'Local'),
    rawEscapes: Boolean(f.rawEscapes),
    multiline:
      f.multiline === undefined || f.multiline === 'none' ? undefined : f.multiline === 'auto' ? 'auto' : regex('--multiline', f.multiline),
    mergeWindowMs:
      oneOf('--merge', f.merge ?? 'arrival', ['arrival', 'time'] as const) === 'time'
        ? durationSeconds('--merge-window', f.mergeWindow ?? '1s') * 1000
        : undefined,
    include: regexes('--include', f.include),
    exclude: regexes('--exclude', f.exclude),
    highlight: regexes('--highlight', f.highlight),
    where: (f.where ?? []).map(whereCondition),
    context: contextSpec(f),
    quiet: Boolean(f.quiet || f.onlyLogLines),
    verbose: Boolean(f.verbose),
  };
}

/** Parsed once, here: a bad template is a usage error before any cluster is contacted. */
function checkTemplate(template: string | undefined): Template | undefined {
  if (template === undefined) return undefined;
  try {
    return parseTemplate(template, { type: LOG_TYPE, fields: LOG_FIELDS });
  } catch (err) {
    if (err instanceof ParseError) throw new UsageError(`bad --template: ${err.message}`);
    throw err;
  }
}

function readTemplate(file: string): string {
  try {
    // as stern reads it: the file's text as it is, its last newline included
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read --template-file ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

/** stern's rules: container colours default to the pod colours and must be as many. */
function palettes(pod: string | undefined, container: string | undefined): { podColors?: string[]; containerColors?: string[] } {
  if (pod === undefined && container === undefined) return {};
  if (pod === undefined) throw new UsageError('--container-colors needs --pod-colors (as many colours)');
  const podColors = sgrList('--pod-colors', pod);
  const containerColors = container === undefined ? podColors : sgrList('--container-colors', container);
  if (containerColors.length !== podColors.length)
    throw new UsageError(
      `--pod-colors and --container-colors must have the same length (${podColors.length} and ${containerColors.length})`,
    );
  return { podColors, containerColors };
}
