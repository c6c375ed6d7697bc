// text/template's predefined functions and stern's JSON functions as Go runs them, against
// what Go printed for 500 random calls (builtins-go.json, written by go/fuzz/main.go): operands
// of every kind a template has, alone and under if, with and range.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { differences, goCases } from './goCases.js';

const cases = goCases('./builtins-go.json');

test('the Go cases are all there', () => assert.equal(cases.length, 500));

const NAMES = [
  'eq',
  'ne',
  'lt',
  'le',
  'gt',
  'ge',
  'and',
  'or',
  'not',
  'len',
  'index',
  'slice',
  'print',
  'println',
  'html',
  'js',
  'urlquery',
];
for (const name of [...NAMES, 'extractJSONParts', 'tryExtractJSONParts', 'prettyJSON', 'json']) {
  test(`${name} as Go runs it`, () => {
    const mine = cases.filter((c) => new RegExp(`^{{(if |with )?${name}\\b`).test(c.template));
    assert.ok(mine.length >= 5, `${mine.length} cases`);
    assert.deepEqual(differences(mine).slice(0, 3), []);
  });
}

test('range as Go runs it', () => {
  const mine = cases.filter((c) => c.template.startsWith('{{range'));
  assert.ok(mine.length >= 20, `${mine.length} cases`);
  assert.deepEqual(differences(mine).slice(0, 3), []);
});
