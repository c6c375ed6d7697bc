// Templates with what Go printed for them (written by go/fuzz/main.go): the dot is a
// map[string]string holding Message, as the Go program gives it.
import { readFileSync } from 'node:fs';
import { ExecError, parseTemplate, renderer } from '../../src/template/index.js';
import { stringMap } from '../../src/template/values.js';

export interface GoCase {
  template: string;
  message: string;
  out?: string;
  execError?: string;
}

export const goCases = (file: string): GoCase[] => JSON.parse(readFileSync(new URL(file, import.meta.url), 'utf8')) as GoCase[];

/** the cases ktail prints otherwise than Go did, with what each printed */
export function differences(cases: GoCase[]) {
  return cases
    .map((c) => ({ template: c.template, got: run(c), want: c.out !== undefined ? { out: c.out } : { execError: c.execError } }))
    .filter((c) => JSON.stringify(c.got) !== JSON.stringify(c.want));
}

function run(c: GoCase): { out?: string; execError?: string } {
  try {
    return { out: renderer(parseTemplate(c.template), { colors: false, clean: (s) => s })(stringMap({ Message: c.message })) };
  } catch (err) {
    if (err instanceof ExecError) return { execError: err.message };
    throw err;
  }
}
