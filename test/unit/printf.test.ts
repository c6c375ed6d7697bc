// printf as Go's fmt prints it, against what Go printed for 800 random calls (printf-go.json,
// written by go/printf/main.go): verbs against operands of every kind, flags, widths and
// precisions (literal and *), into slices and maps, and fmt's %!verb(type=value) complaints.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ExecError, parseTemplate, renderer } from '../../src/template/index.js';
import { stringMap } from '../../src/template/values.js';

interface GoCase {
  template: string;
  message: string;
  out?: string;
  execError?: string;
}

const cases = JSON.parse(readFileSync(new URL('./printf-go.json', import.meta.url), 'utf8')) as GoCase[];

function run(c: GoCase): { out?: string; execError?: string } {
  try {
    return { out: renderer(parseTemplate(c.template), { colors: false, clean: (s) => s })(stringMap({ Message: c.message })) };
  } catch (err) {
    if (err instanceof ExecError) return { execError: err.message };
    throw err;
  }
}

test('the Go cases are all there', () => assert.equal(cases.length, 800));

for (const verb of 'vdsqxXoObcUeEfFgGtT%') {
  test(`printf %${verb} as Go prints it`, () => {
    const mine = cases.filter((c) =>
      new RegExp(`^{{printf "[^"]*%[-+# 0]*(\\d+|\\*)?(\\.(\\d+|\\*)?)?${verb === '%' ? '%' : verb}`).test(c.template),
    );
    assert.ok(mine.length > 10, `${mine.length} cases`);
    const wrong = mine
      .map((c) => ({ template: c.template, got: run(c), want: c.out !== undefined ? { out: c.out } : { execError: c.execError } }))
      .filter((c) => JSON.stringify(c.got) !== JSON.stringify(c.want));
    assert.deepEqual(wrong.slice(0, 3), []);
  });
}
