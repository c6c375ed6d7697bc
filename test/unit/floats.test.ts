// %e, %f and %g digit for digit as Go's strconv.FormatFloat prints them, against what Go
// printed (floats-go.txt, written by go/floats/main.go): halfway values rounded to even,
// -0 keeping its sign, precisions past JS's 100 digits, exponents at powers of ten.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fmtE, fmtF, fmtG } from '../../src/template/floats.js';

const FORMAT = { e: fmtE, f: fmtF, g: fmtG } as const;
const cases = readFileSync(new URL('./floats-go.txt', import.meta.url), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => {
    const [bits = '', verb = '', prec = '', want = ''] = line.split(' ');
    const view = new DataView(new ArrayBuffer(8));
    view.setBigUint64(0, BigInt(bits));
    return { x: view.getFloat64(0), verb: verb as keyof typeof FORMAT, prec: Number(prec), want };
  });

test('the Go cases are all there', () => assert.ok(cases.length > 1500, `${cases.length} cases`));

for (const verb of ['e', 'f', 'g'] as const) {
  test(`%${verb} as Go prints it`, () => {
    const wrong = cases
      .filter((c) => c.verb === verb)
      .map((c) => ({ ...c, got: FORMAT[verb](c.x, c.prec) }))
      .filter((c) => c.got !== c.want);
    assert.deepEqual(wrong.slice(0, 5), []);
  });
}
