// Untrusted text on a terminal and on stderr: what is shown instead of being obeyed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { neutralizeControls, oneLine } from '../../src/output/sanitize.js';

const hex = (cp: number) => `<U+${cp.toString(16).toUpperCase().padStart(4, '0')}>`;

test('every bidi control is shown as <U+XXXX>, so text cannot read in another order than it is', () => {
  const bidi = [0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x200e, 0x200f, 0x061c];
  for (const cp of bidi) assert.equal(neutralizeControls(`a${String.fromCodePoint(cp)}b`), `a${hex(cp)}b`);
  // the classic: a file name that reads "exe.txt" but is "…\u202Etxt.exe"
  assert.equal(neutralizeControls('invoice\u202Etxt.exe'), 'invoice<U+202E>txt.exe');
});

test('zero-width and other invisible format characters (Unicode Cf), line and paragraph separators are shown', () => {
  const invisible = [0x200b, 0x200c, 0x200d, 0x2060, 0xfeff, 0x00ad, 0x180e, 0xe0041, 0x2028, 0x2029];
  for (const cp of invisible) assert.equal(neutralizeControls(`pass${String.fromCodePoint(cp)}word`), `pass${hex(cp)}word`);
});

test('controls keep caret notation; tab, letters of every script and emoji stay as they are', () => {
  assert.equal(neutralizeControls('\u001b[2J\u0007\r\u007f\u009b'), '^[[2J^G^M^?\\x9b');
  const fine = 'tab\there é ü 中文 שלום مرحبا 👍 ❤️ 🇩🇪';
  assert.equal(neutralizeControls(fine), fine);
});

test("oneLine: an exec plugin's stderr becomes one line, no trailing blank, escapes shown", () => {
  assert.equal(
    oneLine('error: \u001b[31mtoken expired\u001b[0m\nplease run login\n\n'),
    'error: ^[[31mtoken expired^[[0m; please run login',
  );
  assert.equal(oneLine('failed.\r\n   retry later\u2028now'), 'failed. retry later; now');
  assert.equal(oneLine('ctx\u202Eevil'), 'ctx<U+202E>evil');
  for (const s of ['a\nb', 'a\r\nb', 'a\rb', 'a\u0085b', 'a\u2029b', 'a\fb'])
    assert.ok(!/[\n\r\u0085\u2028\u2029\f]/.test(oneLine(s)), JSON.stringify(s));
});
