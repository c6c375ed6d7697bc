// The patterns ktail matches without RE2 (literals, (?i) literals, `.` and anchors) must find
// exactly what RE2 finds: re2js itself is the oracle here, on subjects chosen to tell them apart.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RE2JS } from 're2js';
import { compilePattern } from '../../src/options/pattern.js';

const SUBJECTS = [
  '',
  'web',
  'web-7d4b9c-x2x',
  'aaaa',
  'a.b a-b a/b',
  'line one\nline two',
  'cr\r and ls\u2028 end',
  '\n',
  'ends with web',
  'WEB Web wEb',
  'kelvin \u212A and long \u017F',
  'emoji \u{1F600} between',
  'caf\u00e9 cafe\u0301',
  '$5 ^up^ back\\slash',
];

const PATTERNS = [
  'web',
  'aa',
  '.',
  '..',
  'w.b',
  '^web',
  'web$',
  '^$',
  '^',
  '$',
  '^.',
  '.$',
  'a\\.b',
  'a\\-b',
  'a\\/b',
  '\\$5',
  '\\^up\\^',
  'back\\\\slash',
  'emoji . between',
  '(?i)web',
  '(?i)k',
  '(?i)s',
  'caf.',
  'e\u0301',
];

function re2Paint(source: string, s: string): string {
  return RE2JS.compile(source)
    .re2()
    .replaceAllFunc(s, (m: string) => (m ? `<${m}>` : m), Number.POSITIVE_INFINITY) as string;
}

test('patterns matched without RE2 match and paint exactly as RE2 does', () => {
  for (const source of PATTERNS) {
    const p = compilePattern(source);
    const re = RE2JS.compile(source);
    for (const s of SUBJECTS) {
      assert.equal(p.test(s), re.test(s), `${JSON.stringify(source)} on ${JSON.stringify(s)}: test`);
      assert.equal(
        p.paintMatches(s, (m) => `<${m}>`),
        re2Paint(source, s),
        `${JSON.stringify(source)} on ${JSON.stringify(s)}: paint`,
      );
    }
  }
});

test('patterns beyond the plain ones still go through RE2 (its syntax, its errors)', () => {
  assert.equal(compilePattern('web-\\d+').test('web-12'), true);
  assert.equal(compilePattern('a|b').test('b'), true);
  assert.equal(compilePattern('\\pL').test('é'), true);
  assert.throws(() => compilePattern('a\\'), /error parsing regexp/);
  assert.throws(() => compilePattern('(?<x>a)\\1'), /error parsing regexp/);
});
