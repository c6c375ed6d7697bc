import assert from 'node:assert/strict';
import { test } from 'node:test';
import { colorEnabled, colors, sgrList } from '../../src/output/colors.js';

test('colour only on a TTY in auto mode, NO_COLOR and FORCE_COLOR honoured, flag wins', () => {
  assert.equal(colorEnabled('auto', true, {}), true);
  assert.equal(colorEnabled('auto', false, {}), false);
  assert.equal(colorEnabled('auto', true, { NO_COLOR: '1' }), false);
  assert.equal(colorEnabled('auto', false, { FORCE_COLOR: '1' }), true);
  assert.equal(colorEnabled('always', false, { NO_COLOR: '1' }), true);
  assert.equal(colorEnabled('never', true, { FORCE_COLOR: '1' }), false);
});

test('the same value always gets the same colour; disabled colours add nothing', () => {
  const a = colors(true).of('frontend-1')('frontend-1');
  assert.equal(colors(true).of('frontend-1')('frontend-1'), a);
  assert.match(a, /^\u001b\[9[1-6]mfrontend-1\u001b\[0m$/);
  assert.equal(colors(false).of('frontend-1')('frontend-1'), 'frontend-1');
});

test("containers share their pod's colour index unless -d; custom SGR lists are used as given", () => {
  const c = colors(true);
  const podCode = /\[(\d+)m/.exec(c.pod('web-1')('x'))?.[1];
  const ctrCode = /\[(\d+)m/.exec(c.container('web-1', 'app')('x'))?.[1];
  assert.equal(Number(ctrCode) + 60, Number(podCode));
  const custom = colors(true, { pod: ['38;5;208'], container: ['4'], diffContainer: true });
  // stern's bytes: fatih/color reads each number as an attribute, so the 5 of 38;5;208 ends in 25
  assert.equal(custom.pod('any')('p'), '\u001b[38;5;208mp\u001b[0;25;0m');
  assert.equal(custom.container('any', 'c')('c'), '\u001b[4mc\u001b[24m');
});

test("a pod gets the colour stern gives it (FNV-1 of the name over stern's list)", () => {
  // stern v1.34: colorList[fnv32(name) % 6] over 96/36, 92/32, 95/35, 93/33, 94/34, 91/31
  const c = colors(true);
  for (const name of ['a', 'web-1', 'frontend-7d9f', 'ünïcode']) {
    const i = Number(fnv1(name) % 6n);
    assert.equal(c.pod(name)('p'), `\u001b[${['96', '92', '95', '93', '94', '91'][i]}mp\u001b[0m`, name);
    assert.equal(c.container(name, 'app')('c'), `\u001b[${['36', '32', '35', '33', '34', '31'][i]}mc\u001b[0m`, name);
  }
  assert.equal(c.pod('a')('a'), '\u001b[95ma\u001b[0m'); // fnv32("a") = 0x050c5d7e, % 6 = 2
});

/** FNV-1 32-bit, written out independently of the code under test. */
function fnv1(s: string): bigint {
  let h = 0x811c9dc5n;
  for (const b of Buffer.from(s)) h = ((h * 0x01000193n) & 0xffffffffn) ^ BigInt(b);
  return h;
}

test('bad SGR lists are usage errors', () => {
  assert.throws(() => sgrList('--pod-colors', '91,red'), /--pod-colors "91,red"/);
  assert.deepEqual(sgrList('--pod-colors', '91, 92'), ['91', '92']);
});

test('a colour ends as stern (fatih/color) ends it: one reset per attribute', () => {
  const c = colors(true, { pod: ['32;4'], container: ['1;31'], diffContainer: false });
  assert.equal(c.pod('p')('p'), '\u001b[32;4mp\u001b[0;24m');
  assert.equal(c.container('p', 'c')('c'), '\u001b[1;31mc\u001b[22;0m');
});
