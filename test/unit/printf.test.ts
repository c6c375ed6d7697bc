// printf as Go's fmt prints it, against what Go printed for 800 random calls (printf-go.json,
// written by go/fuzz/main.go): verbs against operands of every kind, flags, widths and
// precisions (literal and *), into slices and maps, and fmt's %!verb(type=value) complaints.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { differences, goCases } from './goCases.js';

const cases = goCases('./printf-go.json');

test('the Go cases are all there', () => assert.equal(cases.length, 800));

for (const verb of 'vdsqxXoObcUeEfFgGtT%') {
  test(`printf %${verb} as Go prints it`, () => {
    const mine = cases.filter((c) =>
      new RegExp(`^{{printf "[^"]*%[-+# 0]*(\\d+|\\*)?(\\.(\\d+|\\*)?)?${verb === '%' ? '%' : verb}`).test(c.template),
    );
    assert.ok(mine.length > 10, `${mine.length} cases`);
    assert.deepEqual(differences(mine).slice(0, 3), []);
  });
}
