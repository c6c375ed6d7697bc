// stern's time functions as Go runs them, against what Go printed for 500 random calls
// (times-go.json, written by go/fuzz/main.go): every layout spf13/cast reads (RFC1123, RFC822,
// RFC850, ANSIC, UnixDate, RubyDate, Kitchen, Stamp, Time.String() and ISO forms), unix
// seconds as strings, numbers and json.Number, impossible dates, into layouts and zones.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { differences, goCases } from './goCases.js';

// the Go program ran with TZ=UTC: unix seconds become local times
process.env.TZ = 'UTC';

const cases = goCases('./times-go.json');

test('the Go cases are all there', () => assert.equal(cases.length, 500));

for (const fn of ['toRFC3339Nano', 'toUTC', 'toTimestamp']) {
  test(`${fn} as stern runs it`, () => {
    const mine = cases.filter((c) => c.template.startsWith(`{{${fn} `));
    assert.ok(mine.length > 50, `${mine.length} cases`);
    assert.deepEqual(differences(mine).slice(0, 3), []);
  });
}
